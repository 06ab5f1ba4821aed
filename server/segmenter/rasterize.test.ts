import { describe, expect, it } from 'vitest';
import { maskIou, rasterizePolygons } from './rasterize';

describe('rasterizePolygons', () => {
  it('fills exactly the pixels whose centres lie inside', () => {
    // Square from x,y = 0.2 to 0.6 on a 10×10 grid: centres 2.5..5.5 → pixels 2..5 in each direction.
    const mask = rasterizePolygons([[{ x: 0.2, y: 0.2 }, { x: 0.6, y: 0.2 }, { x: 0.6, y: 0.6 }, { x: 0.2, y: 0.6 }]], 10, 10);
    const filled: string[] = [];
    mask.forEach((value, index) => {
      if (value) filled.push(`${index % 10},${Math.floor(index / 10)}`);
    });
    expect(filled).toHaveLength(16);
    expect(filled).toContain('2,2');
    expect(filled).toContain('5,5');
    expect(filled).not.toContain('6,6');
  });

  it('unions several polygons and samples over a sub-extent', () => {
    const left = [{ x: 0, y: 0 }, { x: 0.5, y: 0 }, { x: 0.5, y: 1 }, { x: 0, y: 1 }];
    const right = [{ x: 0.5, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }, { x: 0.5, y: 1 }];
    expect(rasterizePolygons([left, right], 8, 8).every((value) => value === 1)).toBe(true);
    const sub = rasterizePolygons([left], 4, 4, { xMin: 0.25, yMin: 0, xMax: 0.75, yMax: 1 });
    expect(Array.from(sub.slice(0, 4))).toEqual([1, 1, 0, 0]);
  });

  it('ignores degenerate polygons', () => {
    expect(rasterizePolygons([[{ x: 0, y: 0 }, { x: 1, y: 1 }]], 4, 4).every((value) => value === 0)).toBe(true);
  });
});

describe('maskIou', () => {
  it('is intersection over union, and 1 for two empty masks', () => {
    expect(maskIou(Uint8Array.from([1, 1, 0, 0]), Uint8Array.from([0, 1, 1, 0]))).toBeCloseTo(1 / 3);
    expect(maskIou(new Uint8Array(4), new Uint8Array(4))).toBe(1);
  });
});
