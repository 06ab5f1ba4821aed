/** What the GrabCut pool (main thread) sends its workers (see workerPool.ts for the envelope). */
import type { SegmentOptions } from './segmentImage';
import type { SegmenterInput } from './types';

export interface WorkerInit {
  /** Byte budget of the worker's decoded-image cache. */
  cacheBytes: number;
  /** Algorithm parameters; the defaults (DEFAULT_SEGMENT_OPTIONS) unless a benchmark is comparing settings. */
  segmentOptions: SegmentOptions;
}

/** One context scale of one job (see segmentImage.evaluatePlan). */
export interface GrabCutTask {
  input: SegmenterInput;
  planIndex: number;
}
