/** Commands the toolbar and the keyboard give the segmentation loop: Segment (Enter) and abandon (Escape). */
import { fileKey, selectActiveFilePrompts, useAnnotationStore, type AnnotationState } from '../../store/annotationStore';
import type { JobTarget } from './jobScheduler';
import { jobTargetFor } from './segmentRequest';
import { useSegmentationStore } from './segmentationStore';

/** The job target for the active file's current prompts, or null when there is no file or no prompt. */
export function currentJobTarget(state: AnnotationState): JobTarget | null {
  if (!state.activeFile) return null;
  return jobTargetFor(fileKey(state.activeFile), state.activeFile.fileId, selectActiveFilePrompts(state).current, state.revision);
}

/** Segment now: submits the current prompts (retrying a failed set); shows a kept result without a new job. */
export function segmentRequested(): void {
  const target = currentJobTarget(useAnnotationStore.getState());
  if (target) useSegmentationStore.getState().actions.schedulerEventOccurred({ type: 'submit-requested', target });
}

/** Escape: stop waiting for the job in flight and drop the waiting prompt set. */
export function pendingJobAbandoned(): void {
  useSegmentationStore.getState().actions.schedulerEventOccurred({ type: 'abandon-requested' });
}
