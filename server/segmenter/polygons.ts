/**
 * Binary mask (in a plan's work pixels) → CDF polygons in normalized image coordinates.
 *
 * Policy (CDF polygons cannot carry holes): each connected part becomes one polygon, traced along its outer boundary
 * (RETR_EXTERNAL), so holes are filled. Several parts → several polygons, largest first.
 *
 * Sub-pixel care: the mask is upsampled ×UPSAMPLE (or options.upsample) with bilinear interpolation and re-thresholded before tracing, so the
 * traced boundary is smooth and lies within 1/(2·UPSAMPLE) work px of the true 0.5 level set; a traced pixel index j
 * (whose centre is j + 0.5 in upsampled px) maps to the continuous work coordinate (j + 0.5) / UPSAMPLE.
 */
import { cvConstants, type OpenCv } from './opencv';
import type { CropPlan } from './crop';
import { workToNormalized } from './crop';
import type { NormalizedPoint } from './types';

export const UPSAMPLE = 4;
/** Douglas–Peucker tolerance at full image resolution (the anchors' default, ≈ CVAT's and labelme's). */
export const SIMPLIFY_TOLERANCE_PX = 1.4;
/** Floor on the tolerance in upsampled px: below this, simplification only keeps staircase noise. */
const MIN_TOLERANCE_UPSAMPLED_PX = 0.75;
export const MAX_VERTICES = 1000;
/** Parts smaller than this (in work px²) are specks, not objects. */
const MIN_PART_AREA_WORK_PX2 = 6;

export interface PolygonOptions {
  toleranceFullResPx?: number;
  /** Upsampling before tracing (default UPSAMPLE); SAM's masks are already smooth at up to 1024 px and need less. */
  upsample?: number;
  /** Drop parts smaller than this fraction of the largest part (default 0: keep every part but specks). */
  minPartFraction?: number;
}

/**
 * Traces and simplifies the parts of `mask` (CV_8UC1, non-zero = object, plan.workWidthPx × plan.workHeightPx).
 * Does not take ownership of `mask`.
 */
export function maskToPolygons(
  cv: OpenCv,
  mask: InstanceType<OpenCv['Mat']>,
  plan: CropPlan,
  imageWidthPx: number,
  imageHeightPx: number,
  options: PolygonOptions = {},
): NormalizedPoint[][] {
  const K = cvConstants(cv);
  const upsample = options.upsample ?? UPSAMPLE;
  const upsampled = new cv.Mat();
  const binary = new cv.Mat();
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  try {
    cv.resize(mask, upsampled, new cv.Size(mask.cols * upsample, mask.rows * upsample), 0, 0, K.INTER_LINEAR);
    // The input is 0/255 (any non-zero counts): normalize first so the 0.5 level is 127.5.
    cv.threshold(upsampled, binary, 127, 255, K.THRESH_BINARY);
    cv.findContours(binary, contours, hierarchy, K.RETR_EXTERNAL, K.CHAIN_APPROX_NONE);
    // Work px per full-resolution px (the crop is scaled uniformly up to rounding; take the finer axis).
    const workPerFullPx = Math.max(plan.workWidthPx / plan.rect.widthPx, plan.workHeightPx / plan.rect.heightPx);
    const toleranceUpsampledPx = Math.max(
      MIN_TOLERANCE_UPSAMPLED_PX,
      (options.toleranceFullResPx ?? SIMPLIFY_TOLERANCE_PX) * workPerFullPx * upsample,
    );
    const parts: Array<{ areaPx2: number; polygon: NormalizedPoint[] }> = [];
    for (let index = 0; index < contours.size(); index++) {
      const contour = contours.get(index);
      try {
        const areaPx2 = cv.contourArea(contour) / (upsample * upsample);
        if (areaPx2 < MIN_PART_AREA_WORK_PX2) continue;
        const vertices = simplify(cv, contour, toleranceUpsampledPx);
        if (vertices.length < 3) continue;
        const polygon = vertices.map(([column, row]) =>
          workToNormalized((column + 0.5) / upsample, (row + 0.5) / upsample, plan, imageWidthPx, imageHeightPx),
        );
        parts.push({ areaPx2, polygon });
      } finally {
        contour.delete();
      }
    }
    parts.sort((a, b) => b.areaPx2 - a.areaPx2);
    const minAreaPx2 = (parts[0]?.areaPx2 ?? 0) * (options.minPartFraction ?? 0);
    return parts.filter((part) => part.areaPx2 >= minAreaPx2).map((part) => part.polygon);
  } finally {
    upsampled.delete();
    binary.delete();
    contours.delete();
    hierarchy.delete();
  }
}

/** Douglas–Peucker at `tolerance`, raised ×1.5 until the polygon has at most MAX_VERTICES vertices. */
function simplify(cv: OpenCv, contour: InstanceType<OpenCv['Mat']>, tolerance: number): Array<[number, number]> {
  let currentTolerance = tolerance;
  for (;;) {
    const approx = new cv.Mat();
    try {
      cv.approxPolyDP(contour, approx, currentTolerance, true);
      if (approx.rows <= MAX_VERTICES) {
        const data = approx.data32S;
        const vertices: Array<[number, number]> = [];
        for (let row = 0; row < approx.rows; row++) vertices.push([data[2 * row] as number, data[2 * row + 1] as number]);
        return vertices;
      }
    } finally {
      approx.delete();
    }
    currentTolerance *= 1.5;
  }
}
