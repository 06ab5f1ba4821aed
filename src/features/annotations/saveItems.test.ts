import { describe, expect, it } from 'vitest';
import { buildSaveItems, type SaveRequest } from './saveItems';

const triangle = [{ x: 0.1, y: 0.1 }, { x: 0.6, y: 0.1 }, { x: 0.3, y: 0.7 }];
const request = (overrides: Partial<SaveRequest> = {}): SaveRequest => ({
  fileId: 42,
  image: { widthPx: 640, heightPx: 480 },
  polygons: [{ vertices: triangle }],
  score: 0.87,
  label: ' pump ',
  status: 'approved',
  creatingApp: 'cdf-segment-annotator',
  creatingAppVersion: '0.1.0',
  creatingUser: 'jane@corp.com',
  ...overrides,
});

describe('buildSaveItems', () => {
  it('makes one ObjectDetection item per polygon with label, score as confidence, status and creator', () => {
    const result = buildSaveItems(request({ polygons: [{ vertices: triangle }, { vertices: triangle.map(({ x, y }) => ({ x: x + 0.3, y })) }] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toEqual({
      annotatedResourceType: 'file',
      annotatedResourceId: 42,
      annotationType: 'images.ObjectDetection',
      creatingApp: 'cdf-segment-annotator',
      creatingAppVersion: '0.1.0',
      creatingUser: 'jane@corp.com',
      status: 'approved',
      data: { label: 'pump', confidence: 0.87, polygon: { vertices: triangle } },
    });
  });

  it('simplifies a polygon over 1000 vertices to fit instead of failing', () => {
    const circle = Array.from({ length: 4000 }, (_, i) => ({ x: 0.5 + 0.4 * Math.cos((2 * Math.PI * i) / 4000), y: 0.5 + 0.4 * Math.sin((2 * Math.PI * i) / 4000) }));
    const result = buildSaveItems(request({ polygons: [{ vertices: circle }] }));
    expect(result.ok && result.items[0]?.data.polygon?.vertices.length).toBeLessThanOrEqual(1000);
    expect(result.ok && result.items[0]?.data.polygon?.vertices.length).toBeGreaterThan(50);
  });

  it('refuses a 200-character label with a clear message, building nothing', () => {
    expect(buildSaveItems(request({ label: 'x'.repeat(200) }))).toEqual({ ok: false, message: 'A label can have at most 128 characters; this one has 200.' });
  });

  it('leaves out degenerate polygons and says so when none is left', () => {
    const sliver = [{ x: 0.1, y: 0.1 }, { x: 0.1, y: 0.1 }];
    const mixed = buildSaveItems(request({ polygons: [{ vertices: sliver }, { vertices: triangle }] }));
    expect(mixed.ok && mixed.items).toHaveLength(1);
    expect(buildSaveItems(request({ polygons: [{ vertices: sliver }] }))).toEqual({ ok: false, message: 'The selected result has no polygon to save.' });
  });

  it('names the field when the item breaks the contract', () => {
    const result = buildSaveItems(request({ creatingApp: '' }));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^This annotation cannot be saved: creatingApp: / ) as string });
  });
});
