import { describe, expect, it } from 'vitest';
import { annotationAt, type SavedAnnotationShape } from './SavedAnnotationsLayer';

const square = (key: string, x0: number, y0: number, size: number): SavedAnnotationShape => ({
  key,
  label: key,
  pending: false,
  vertices: [
    { x: x0, y: y0 },
    { x: x0 + size, y: y0 },
    { x: x0 + size, y: y0 + size },
    { x: x0, y: y0 + size },
  ],
});

describe('annotationAt', () => {
  const shapes = [square('big', 0.1, 0.1, 0.6), square('small', 0.3, 0.3, 0.1), square('apart', 0.8, 0.8, 0.1)];
  it('finds the smallest annotation under the point', () => {
    expect(annotationAt(shapes, { x: 0.35, y: 0.35 })).toBe('small');
    expect(annotationAt(shapes, { x: 0.15, y: 0.6 })).toBe('big');
    expect(annotationAt(shapes, { x: 0.85, y: 0.85 })).toBe('apart');
  });
  it('is null outside every annotation', () => {
    expect(annotationAt(shapes, { x: 0.05, y: 0.95 })).toBeNull();
    expect(annotationAt([], { x: 0.5, y: 0.5 })).toBeNull();
  });
});
