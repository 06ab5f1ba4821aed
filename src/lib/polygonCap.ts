/**
 * Fits a polygon into CDF's vertex limit (3–1000 per `images.ObjectDetection` polygon, CDF-API.md §4.1) without
 * cutting it short: Douglas–Peucker with a tolerance that grows until the outline fits. The distances are measured in
 * image pixels, not normalized units, so a wide image is simplified as much across as down (aspect-correct).
 */
import { MAX_POLYGON_VERTICES } from '../../contract';

export { MAX_POLYGON_VERTICES };

/** A vertex in normalized image coordinates: [0,1] on both axes, origin top-left. */
export interface NormalizedVertex {
  x: number;
  y: number;
}

export interface ImageSizePx {
  widthPx: number;
  heightPx: number;
}

/** First tolerance tried: below the ~1.4 px the anchors use by default (ANCHORS.md §0.3), so small overflows lose little. */
const START_TOLERANCE_PX = 0.5;
const TOLERANCE_GROWTH = 1.5;

/**
 * The polygon with at most `maxVertices` vertices (≥3), every coordinate clamped to [0,1], the closing vertex not
 * repeated. A polygon within the limit comes back unchanged apart from clamping and dropped repeats. Returns null when
 * the outline has fewer than 3 distinct vertices: that is not an area CDF can store.
 */
export function capPolygonVertices(
  vertices: readonly NormalizedVertex[],
  image: ImageSizePx,
  maxVertices: number = MAX_POLYGON_VERTICES,
): NormalizedVertex[] | null {
  if (maxVertices < 3) throw new RangeError(`maxVertices must be at least 3, got ${maxVertices}`);
  if (!(image.widthPx > 0 && image.heightPx > 0)) throw new RangeError('image size must be positive');
  const ring = withoutRepeats(vertices.map((vertex) => ({ x: clamp01(vertex.x), y: clamp01(vertex.y) })));
  if (ring.length < 3) return null;
  if (ring.length <= maxVertices) return ring;

  const ringPx = ring.map((vertex) => ({ x: vertex.x * image.widthPx, y: vertex.y * image.heightPx }));
  for (let tolerancePx = START_TOLERANCE_PX; ; tolerancePx *= TOLERANCE_GROWTH) {
    const kept = simplifyClosedRing(ringPx, tolerancePx);
    if (kept.length <= maxVertices) {
      const indices = kept.length >= 3 ? kept : ensureTriangle(ringPx, kept);
      return indices.map((index) => ring[index] as NormalizedVertex);
    }
  }
}

/**
 * Douglas–Peucker on a closed ring: split at vertex 0 and the vertex farthest from it (two points surely on the
 * outline's extent), simplify both chains, return the kept indices in ring order. Iterative, so 100 000 vertices do
 * not overflow the stack.
 */
function simplifyClosedRing(ringPx: readonly NormalizedVertex[], tolerancePx: number): number[] {
  const count = ringPx.length;
  const first = ringPx[0] as NormalizedVertex;
  let farIndex = 1;
  let farDistanceSq = -1;
  for (let index = 1; index < count; index += 1) {
    const vertex = ringPx[index] as NormalizedVertex;
    const distanceSq = (vertex.x - first.x) ** 2 + (vertex.y - first.y) ** 2;
    if (distanceSq > farDistanceSq) {
      farDistanceSq = distanceSq;
      farIndex = index;
    }
  }
  const keep = new Uint8Array(count);
  keep[0] = 1;
  keep[farIndex] = 1;
  // The chains are 0 → farIndex and farIndex → count (index `count` stands for vertex 0 closing the ring).
  const stack: Array<[number, number]> = [[0, farIndex], [farIndex, count]];
  const toleranceSq = tolerancePx * tolerancePx;
  while (stack.length > 0) {
    const [start, end] = stack.pop() as [number, number];
    if (end - start < 2) continue;
    const a = ringPx[start % count] as NormalizedVertex;
    const b = ringPx[end % count] as NormalizedVertex;
    let worstIndex = -1;
    let worstDistanceSq = toleranceSq;
    for (let index = start + 1; index < end; index += 1) {
      const distanceSq = segmentDistanceSq(ringPx[index] as NormalizedVertex, a, b);
      if (distanceSq > worstDistanceSq) {
        worstDistanceSq = distanceSq;
        worstIndex = index;
      }
    }
    if (worstIndex >= 0) {
      keep[worstIndex] = 1;
      stack.push([start, worstIndex], [worstIndex, end]);
    }
  }
  const kept: number[] = [];
  for (let index = 0; index < count; index += 1) if (keep[index] === 1) kept.push(index);
  return kept;
}

/** A degenerate (flat) outline simplified to two points gets back the vertex farthest from their line. */
function ensureTriangle(ringPx: readonly NormalizedVertex[], kept: readonly number[]): number[] {
  const [aIndex = 0, bIndex = 1] = kept;
  const a = ringPx[aIndex] as NormalizedVertex;
  const b = ringPx[bIndex] as NormalizedVertex;
  let thirdIndex = -1;
  let thirdDistanceSq = -1;
  for (let index = 0; index < ringPx.length; index += 1) {
    if (index === aIndex || index === bIndex) continue;
    const distanceSq = segmentDistanceSq(ringPx[index] as NormalizedVertex, a, b);
    if (distanceSq > thirdDistanceSq) {
      thirdDistanceSq = distanceSq;
      thirdIndex = index;
    }
  }
  return [aIndex, bIndex, thirdIndex].sort((left, right) => left - right);
}

/** Squared distance from p to the segment a–b. */
function segmentDistanceSq(p: NormalizedVertex, a: NormalizedVertex, b: NormalizedVertex): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq));
  const cx = a.x + t * dx;
  const cy = a.y + t * dy;
  return (p.x - cx) ** 2 + (p.y - cy) ** 2;
}

/** Drops consecutive duplicates and a last vertex equal to the first (CDF closes polygons implicitly). */
function withoutRepeats(ring: NormalizedVertex[]): NormalizedVertex[] {
  const out: NormalizedVertex[] = [];
  for (const vertex of ring) {
    const previous = out[out.length - 1];
    if (previous === undefined || previous.x !== vertex.x || previous.y !== vertex.y) out.push(vertex);
  }
  while (out.length > 1 && out[0]?.x === out[out.length - 1]?.x && out[0]?.y === out[out.length - 1]?.y) out.pop();
  return out;
}

const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
