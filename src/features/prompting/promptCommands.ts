/**
 * What a gesture on the canvas does to the prompts. The canvas reports a point with its label; a point that lands on
 * an existing marker removes that marker instead (so one point can go without clearing the rest, and a misplaced
 * click is undone by clicking it again). The hit radius is in screen pixels, matching the marker's drawn size.
 */
import { useAnnotationStore, selectActiveFilePrompts } from '../../store/annotationStore';
import { nearestPointIndex, type NormalizedPoint, type PointLabel, type PromptBox } from '../../store/promptSet';
import { MARKER_RADIUS_PX } from '../../canvas/layers/PromptLayer';

/**
 * The marker plus its halo. Kept below the keyboard cursor's 10 px step, so placing a point one arrow press away
 * from another adds it instead of removing the first.
 */
export const MARKER_HIT_RADIUS_PX = MARKER_RADIUS_PX + 1.5;

/**
 * `displayedWidthPx`/`displayedHeightPx`: the image's size on screen right now (image size × view scale), used to
 * measure the distance to existing markers in screen pixels.
 */
export function pointGestured(point: NormalizedPoint, label: PointLabel, displayedWidthPx: number, displayedHeightPx: number): void {
  const state = useAnnotationStore.getState();
  const prompts = selectActiveFilePrompts(state).current;
  const hit = nearestPointIndex(prompts, point, displayedWidthPx, displayedHeightPx, MARKER_HIT_RADIUS_PX);
  if (hit >= 0) state.actions.pointRemoved(hit);
  else state.actions.pointPlaced({ x: point.x, y: point.y, label });
}

export function boxGestured(box: PromptBox): void {
  useAnnotationStore.getState().actions.boxDrawn(box);
}

/** Delete/Backspace: remove the most recently placed point. */
export function lastPointRemoved(): void {
  const state = useAnnotationStore.getState();
  const count = selectActiveFilePrompts(state).current.points.length;
  if (count > 0) state.actions.pointRemoved(count - 1);
}
