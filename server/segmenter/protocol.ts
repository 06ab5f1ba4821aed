/** Messages between the segmenter pool (main thread) and its workers. */
import type { CandidateEvidence } from './score';
import type { SegmentOptions } from './segmentImage';
import type { SegmenterInput } from './types';

export interface WorkerInit {
  /** Byte budget of the worker's decoded-image cache. */
  cacheBytes: number;
  /** Algorithm parameters; the defaults (DEFAULT_SEGMENT_OPTIONS) unless a benchmark is comparing settings. */
  segmentOptions: SegmentOptions;
}

/** One context scale of one job (see segmentImage.evaluatePlan). */
export type ToWorker = { type: 'plan'; taskId: number; input: SegmenterInput; planIndex: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; taskId: number; evidence: CandidateEvidence | null }
  /** `jobError`: a SegmentationError (the job's fault); otherwise an internal error. */
  | { type: 'error'; taskId: number; message: string; jobError: boolean };
