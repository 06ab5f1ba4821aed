/**
 * Polygon rasterization with pixel-centre sampling: pixel (i, j) of a W×H grid is inside when its centre
 * ((i+0.5)/W, (j+0.5)/H) in normalized coordinates lies inside the polygon (even-odd rule per polygon, union over
 * polygons). Pure TypeScript, so the score and the quality benchmark share exactly one definition of "inside".
 */
import type { NormalizedPoint } from './types';

/** Normalized rectangle (the grid's extent), default the whole image. */
export interface NormalizedRect {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const WHOLE_IMAGE: NormalizedRect = { xMin: 0, yMin: 0, xMax: 1, yMax: 1 };

/** Returns a W×H mask (1 = inside) of the union of the polygons, sampled over `extent`. */
export function rasterizePolygons(
  polygons: readonly (readonly NormalizedPoint[])[],
  widthPx: number,
  heightPx: number,
  extent: NormalizedRect = WHOLE_IMAGE,
): Uint8Array {
  const mask = new Uint8Array(widthPx * heightPx);
  const spanX = extent.xMax - extent.xMin;
  const spanY = extent.yMax - extent.yMin;
  const crossings: number[] = [];
  for (const polygon of polygons) {
    if (polygon.length < 3) continue;
    // Work in grid pixel units so a pixel centre is simply i + 0.5.
    const xs = polygon.map((vertex) => ((vertex.x - extent.xMin) / spanX) * widthPx);
    const ys = polygon.map((vertex) => ((vertex.y - extent.yMin) / spanY) * heightPx);
    const minRow = Math.max(0, Math.floor(Math.min(...ys)));
    const maxRow = Math.min(heightPx - 1, Math.ceil(Math.max(...ys)));
    for (let row = minRow; row <= maxRow; row++) {
      const sampleY = row + 0.5;
      crossings.length = 0;
      for (let a = 0, b = polygon.length - 1; a < polygon.length; b = a++) {
        const ya = ys[a] as number;
        const yb = ys[b] as number;
        // Half-open rule: an edge counts when the sample line is in [min(ya,yb), max(ya,yb)).
        if (ya <= sampleY !== yb <= sampleY) {
          const xa = xs[a] as number;
          const xb = xs[b] as number;
          crossings.push(xa + ((sampleY - ya) * (xb - xa)) / (yb - ya));
        }
      }
      crossings.sort((p, q) => p - q);
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        // Pixels whose centre i + 0.5 lies in [left, right).
        const first = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
        const last = Math.min(widthPx - 1, Math.ceil((crossings[k + 1] as number) - 0.5) - 1);
        const rowOffset = row * widthPx;
        for (let column = first; column <= last; column++) mask[rowOffset + column] = 1;
      }
    }
  }
  return mask;
}

/** Intersection over union of two equally sized binary masks; two empty masks count as identical (1). */
export function maskIou(a: Uint8Array, b: Uint8Array): number {
  let intersection = 0;
  let union = 0;
  for (let index = 0; index < a.length; index++) {
    const inA = a[index] !== 0;
    const inB = b[index] !== 0;
    if (inA && inB) intersection++;
    if (inA || inB) union++;
  }
  return union === 0 ? 1 : intersection / union;
}
