/**
 * The candidate's `score` in [0,1]: an estimate of how good the mask is, from evidence available without ground truth.
 *
 * - stability: agreement (mean IoU) with the masks found at the other context scales; an object that comes out the
 *   same whatever the context is likely the intended one (the idea behind SAM's stability score). The strongest
 *   signal measured: Spearman ρ 0.67 with IoU on its own;
 * - colour separation: 1 − Bhattacharyya coefficient of the colours just inside vs just outside the outline; a real
 *   object boundary separates colours (ρ 0.44–0.60 on its own);
 * - interior border coverage: a mask running into a crop edge inside the image was cut off by the crop;
 * - several parts: a fragmented mask is more often a wrong one (ρ −0.19 to −0.25 for the part count).
 * Measured and dropped: mean gradient along the outline (ρ 0.03: photos have strong edges everywhere) and the mask's
 * area fraction (ρ −0.06).
 *
 * The weights are global constants set by hand from those measurements (features dumped for every candidate along
 * the click protocol on the quality benchmark's composites, seed 1, and checked on seed 2); never per image.
 * bench/quality.ts prints Spearman's ρ between score and IoU and the mean IoU per score band.
 */
import type { NormalizedRect } from './rasterize';
import { maskIou, rasterizePolygons } from './rasterize';
import type { NormalizedPoint } from './types';

export interface CandidateEvidence {
  polygons: NormalizedPoint[][];
  colourSeparation: number;
  interiorBorderCoverage: number;
}

export const SCORE_WEIGHTS = {
  bias: -2.2,
  stability: 5,
  colourSeparation: 1,
  interiorBorderCoverage: 0.5,
  multiplePart: 0.3,
  /** Stability assumed when there is only one candidate to compare with. */
  neutralStability: 0.6,
} as const;

const STABILITY_GRID_LONG_SIDE_PX = 160;

/** Mean IoU of each candidate with the others, on a common grid over the union of their extents. */
export function stabilities(polygonSets: ReadonlyArray<NormalizedPoint[][]>): number[] {
  if (polygonSets.length < 2) return polygonSets.map(() => SCORE_WEIGHTS.neutralStability);
  const extent: NormalizedRect = { xMin: 1, yMin: 1, xMax: 0, yMax: 0 };
  for (const polygons of polygonSets) {
    for (const polygon of polygons) {
      for (const vertex of polygon) {
        extent.xMin = Math.min(extent.xMin, vertex.x);
        extent.yMin = Math.min(extent.yMin, vertex.y);
        extent.xMax = Math.max(extent.xMax, vertex.x);
        extent.yMax = Math.max(extent.yMax, vertex.y);
      }
    }
  }
  const spanX = Math.max(1e-6, extent.xMax - extent.xMin);
  const spanY = Math.max(1e-6, extent.yMax - extent.yMin);
  const scale = STABILITY_GRID_LONG_SIDE_PX / Math.max(spanX, spanY);
  const gridWidth = Math.max(1, Math.round(spanX * scale));
  const gridHeight = Math.max(1, Math.round(spanY * scale));
  const masks = polygonSets.map((polygons) => rasterizePolygons(polygons, gridWidth, gridHeight, extent));
  return masks.map((mask, index) => {
    let sum = 0;
    masks.forEach((other, otherIndex) => {
      if (otherIndex !== index) sum += maskIou(mask, other);
    });
    return sum / (masks.length - 1);
  });
}

export function scoreCandidate(evidence: CandidateEvidence, stability: number): number {
  const weights = SCORE_WEIGHTS;
  const logit =
    weights.bias +
    weights.stability * stability +
    weights.colourSeparation * evidence.colourSeparation -
    weights.interiorBorderCoverage * evidence.interiorBorderCoverage -
    (evidence.polygons.length > 1 ? weights.multiplePart : 0);
  const score = 1 / (1 + Math.exp(-logit));
  // Round to 4 decimals: more digits would claim a precision the estimate does not have.
  return Math.round(score * 10_000) / 10_000;
}
