/**
 * The one place the app takes User Timing marks (the contract's, ARCHITECTURE.md, and a few for tests and the bench):
 * tests and `npm run bench` read them with `performance.getEntriesByName`. Names and `detail` shapes are fixed by the
 * contract; do not rename.
 */
/**
 * `annotator:prompt-changed` {revision}: the prompt set on screen changed. The rule:
 * - exactly one mark per revision of the annotation store, taken synchronously inside the action that made it (so in
 *   the same task as the click or key press), by the runner's store subscription (useSegmentationRunner.ts);
 * - a revision is a change of the active prompt set: a point placed or removed, a box drawn, prompts cleared, undo,
 *   redo — and opening a file, which puts that file's prompts on screen (none, kept from earlier in the session, or
 *   restored from localStorage after a reload: restoring is part of opening, one revision and one mark, never more);
 * - nothing else marks: not mounting or remounting components, not re-opening the file already open, not no-op
 *   actions (undo with nothing to undo, the same point again), not Auto-segment, candidates or overlay settings;
 * - revision 0 is "no file open yet" and is never marked; revisions only grow during a page's life.
 * So a page load that opens one image marks {revision: 1} once, before the image can be clicked, and the user's first
 * prompt edit marks {revision: 2}; in general the first edit after opening a file is the opening revision + 1.
 * `annotator:job-created` carries the revision whose prompts the job answers (the opening revision when restored
 * prompts are submitted by Auto-segment). To time a user action, take the first mark after its input event.
 */
export const MARK_PROMPT_CHANGED = 'annotator:prompt-changed';
export const MARK_JOB_CREATED = 'annotator:job-created';
export const MARK_JOB_FINISHED = 'annotator:job-finished';
export const MARK_OVERLAY_RENDERED = 'annotator:overlay-rendered';
/** Not in the contract: the prompt markers of a revision are on screen (used by the bench for click → marker). */
export const MARK_PROMPTS_RENDERED = 'annotator:prompts-rendered';
/** `annotator:image-shown` {fileId}: a newly opened image is first drawn on the canvas. */
export const MARK_IMAGE_SHOWN = 'annotator:image-shown';
/** Not in the contract: a neighbour's image is decoded and ready to show. For tests and the bench. */
export const MARK_IMAGE_PREFETCHED = 'annotator:image-prefetched';

function mark(name: string, detail: Record<string, unknown>): void {
  // performance.mark with detail exists in every supported browser; guard only for non-browser test environments.
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name, { detail });
}

export const markPromptChanged = (revision: number): void => mark(MARK_PROMPT_CHANGED, { revision });
export const markJobCreated = (jobId: number, revision: number): void => mark(MARK_JOB_CREATED, { jobId, revision });
export const markPromptsRendered = (revision: number): void => mark(MARK_PROMPTS_RENDERED, { revision });
export const markImageShown = (fileId: number): void => mark(MARK_IMAGE_SHOWN, { fileId });
export const markImagePrefetched = (fileId: number): void => mark(MARK_IMAGE_PREFETCHED, { fileId });

/**
 * The job ids already marked, bounded: past the cap the oldest are forgotten. A job is marked once when it finishes and
 * once when first drawn, so only a job older than the last MAX_MARKED_JOBS could ever be marked twice (if its result
 * were fetched again after the cache dropped it).
 */
export const MAX_MARKED_JOBS = 1000;

/** A set of the most recently added ids, at most `max`. `add` returns false when the id was there already. */
export class RecentIdSet {
  private readonly ids = new Set<number>();
  constructor(private readonly max: number) {}
  add(id: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value as number);
    return true;
  }
  has(id: number): boolean {
    return this.ids.has(id);
  }
  get size(): number {
    return this.ids.size;
  }
}

const jobsSeenFinished = new RecentIdSet(MAX_MARKED_JOBS);
/**
 * Marks `annotator:job-finished` the first time the app sees a job's terminal status, and only then.
 */
export function markJobFinishedOnce(jobId: number, status: 'Completed' | 'Failed'): void {
  if (!jobsSeenFinished.add(jobId)) return;
  mark(MARK_JOB_FINISHED, { jobId, status });
}

const overlaysRendered = new RecentIdSet(MAX_MARKED_JOBS);
/** Marks `annotator:overlay-rendered` the first time a job's polygons are drawn. */
export function markOverlayRenderedOnce(jobId: number): void {
  if (!overlaysRendered.add(jobId)) return;
  mark(MARK_OVERLAY_RENDERED, { jobId });
}

/** `annotator:annotation-saved` {fileId, annotationIds}: CDF confirmed a save (the contract's mark). */
export const MARK_ANNOTATION_SAVED = 'annotator:annotation-saved';
export const markAnnotationSaved = (fileId: number, annotationIds: readonly number[]): void => mark(MARK_ANNOTATION_SAVED, { fileId, annotationIds: [...annotationIds] });
/** Not in the contract: the open image's saved annotations are drawn (count = how many). For the bench. */
export const MARK_SAVED_ANNOTATIONS_DRAWN = 'annotator:saved-annotations-drawn';
export const markSavedAnnotationsDrawn = (fileId: number, count: number): void => mark(MARK_SAVED_ANNOTATIONS_DRAWN, { fileId, count });
