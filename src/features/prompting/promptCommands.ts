/**
 * What a gesture on the canvas does to the prompts. A point adds a marker; a point on an existing marker (the canvas
 * measures that hit, AnnotationStage `onPointOnMarker`) removes that marker instead, so one point can go without
 * clearing the rest, and a misplaced click is undone by clicking it again.
 */
import { useAnnotationStore, selectActiveFilePrompts } from '../../store/annotationStore';
import type { NormalizedPoint, PointLabel, PromptBox } from '../../store/promptSet';

export function pointGestured(point: NormalizedPoint, label: PointLabel): void {
  useAnnotationStore.getState().actions.pointPlaced({ ...point, label });
}

export function markerGestured(index: number): void {
  useAnnotationStore.getState().actions.pointRemoved(index);
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
