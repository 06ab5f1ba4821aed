import { describe, expect, it } from 'vitest';
import { MAX_POLYGON_VERTICES, capPolygonVertices, type NormalizedVertex } from './polygonCap';

/** A circle of `count` vertices in normalized coordinates, with radius in pixels on a `widthPx`×`heightPx` image. */
function circle(count: number, widthPx: number, heightPx: number, radiusPx: number): NormalizedVertex[] {
  return Array.from({ length: count }, (_, index) => {
    const angle = (2 * Math.PI * index) / count;
    return { x: (widthPx / 2 + radiusPx * Math.cos(angle)) / widthPx, y: (heightPx / 2 + radiusPx * Math.sin(angle)) / heightPx };
  });
}

/** Largest distance in pixels from any input vertex to the output outline (how far the simplification strays). */
function maxDeviationPx(input: NormalizedVertex[], output: NormalizedVertex[], widthPx: number, heightPx: number): number {
  const px = (v: NormalizedVertex) => ({ x: v.x * widthPx, y: v.y * heightPx });
  let worst = 0;
  for (const vertex of input.map(px)) {
    let best = Infinity;
    for (let index = 0; index < output.length; index += 1) {
      const a = px(output[index] as NormalizedVertex);
      const b = px(output[(index + 1) % output.length] as NormalizedVertex);
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const t = Math.max(0, Math.min(1, ((vertex.x - a.x) * dx + (vertex.y - a.y) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(vertex.x - (a.x + t * dx), vertex.y - (a.y + t * dy)));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

describe('capPolygonVertices', () => {
  it('leaves a polygon within the limit as it is', () => {
    const polygon = circle(1000, 800, 600, 200);
    expect(capPolygonVertices(polygon, { widthPx: 800, heightPx: 600 })).toEqual(polygon);
  });

  it('simplifies a 20 000-vertex outline to at most 1000 vertices, following it closely, never truncating', () => {
    const polygon = circle(20_000, 4000, 3000, 1400);
    const capped = capPolygonVertices(polygon, { widthPx: 4000, heightPx: 3000 });
    expect(capped).not.toBeNull();
    const vertices = capped as NormalizedVertex[];
    expect(vertices.length).toBeLessThanOrEqual(MAX_POLYGON_VERTICES);
    expect(vertices.length).toBeGreaterThan(100);
    // Truncation would leave most of the circle out; the simplified outline stays within a few pixels of every input vertex.
    expect(maxDeviationPx(polygon, vertices, 4000, 3000)).toBeLessThan(3);
    for (const vertex of vertices) {
      expect(vertex.x).toBeGreaterThanOrEqual(0);
      expect(vertex.x).toBeLessThanOrEqual(1);
      expect(vertex.y).toBeGreaterThanOrEqual(0);
      expect(vertex.y).toBeLessThanOrEqual(1);
    }
  });

  it('measures in pixels: on a wide image a circle in pixels stays round after simplification', () => {
    const widthPx = 8000;
    const heightPx = 500;
    const polygon = circle(5000, widthPx, heightPx, 240);
    const vertices = capPolygonVertices(polygon, { widthPx, heightPx }, 200) as NormalizedVertex[];
    expect(vertices.length).toBeLessThanOrEqual(200);
    // The first tolerance (0.5 px) already fits, and Douglas–Peucker keeps every input vertex within it, in pixels on
    // both axes. Measured in a square normalized space instead, x would stray 1.17 px here (16× wider than tall).
    expect(maxDeviationPx(polygon, vertices, widthPx, heightPx)).toBeLessThanOrEqual(0.5);
  });

  it('keeps at least 3 vertices even for a flat outline', () => {
    const flat = Array.from({ length: 3000 }, (_, index) => ({ x: (index % 1500) / 1500, y: 0.5 }));
    const vertices = capPolygonVertices(flat, { widthPx: 100, heightPx: 100 }) as NormalizedVertex[];
    expect(vertices.length).toBeGreaterThanOrEqual(3);
    expect(vertices.length).toBeLessThanOrEqual(MAX_POLYGON_VERTICES);
  });

  it('clamps coordinates into [0,1] and drops a repeated closing vertex', () => {
    const vertices = capPolygonVertices(
      [{ x: -0.1, y: 0.2 }, { x: 0.5, y: 1.2 }, { x: 0.9, y: 0.2 }, { x: -0.1, y: 0.2 }],
      { widthPx: 10, heightPx: 10 },
    );
    expect(vertices).toEqual([{ x: 0, y: 0.2 }, { x: 0.5, y: 1 }, { x: 0.9, y: 0.2 }]);
  });

  it('is null for fewer than 3 distinct vertices', () => {
    expect(capPolygonVertices([{ x: 0.1, y: 0.1 }, { x: 0.1, y: 0.1 }, { x: 0.2, y: 0.2 }], { widthPx: 10, heightPx: 10 })).toBeNull();
  });
});
