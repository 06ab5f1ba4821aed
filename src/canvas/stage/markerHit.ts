/**
 * Whether a point intent lands on an existing prompt marker. The canvas draws the markers, so it measures the hit in
 * screen pixels itself and reports "point on marker i"; no view scale has to leave the canvas.
 */
import { normalizedToStage, type ImageSize, type NormalizedPoint, type ViewTransform } from '../coords';
import { MARKER_RADIUS_PX } from '../layers/PromptLayer';

/**
 * The marker plus its halo. Kept below the keyboard cursor's 10 px step, so placing a point one arrow press away
 * from another adds it instead of hitting the first.
 */
export const MARKER_HIT_RADIUS_PX = MARKER_RADIUS_PX + 1.5;

/** Index of the marker nearest to `at` within MARKER_HIT_RADIUS_PX screen px, or null. */
export function markerHitAt(
  markers: readonly NormalizedPoint[],
  at: NormalizedPoint,
  view: ViewTransform,
  imageSize: ImageSize,
  radiusPx: number = MARKER_HIT_RADIUS_PX,
): number | null {
  const target = normalizedToStage(at, view, imageSize);
  let bestIndex: number | null = null;
  let bestDistancePx = radiusPx;
  markers.forEach((marker, index) => {
    const onStage = normalizedToStage(marker, view, imageSize);
    const distancePx = Math.hypot(onStage.x - target.x, onStage.y - target.y);
    if (distancePx <= bestDistancePx) {
      bestDistancePx = distancePx;
      bestIndex = index;
    }
  });
  return bestIndex;
}
