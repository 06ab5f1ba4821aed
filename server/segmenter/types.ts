/**
 * The segmenter's interface, as the jobs module sees it. All coordinates are normalized to [0,1] of the full image's
 * width/height, origin top-left, exactly as in the CDF API.
 */
export interface NormalizedPoint {
  x: number;
  y: number;
}

export interface SegmenterPrompt {
  /** label 1 = foreground, 0 = background (already defaulted by the caller). */
  points: Array<NormalizedPoint & { label: 0 | 1 }>;
  boundingBox?: { xMin: number; yMin: number; xMax: number; yMax: number };
}

export interface SegmenterInput {
  /** Identifies the image bytes for the decoded-image cache (changes when the bytes change). */
  imageKey: string;
  /** Absolute path of the stored image bytes (JPEG or PNG). */
  imagePath: string;
  prompt: SegmenterPrompt;
}

/** One candidate mask: each polygon is one connected part, 3–1000 vertices, first vertex not repeated. */
export interface SegmenterCandidate {
  score: number;
  polygons: NormalizedPoint[][];
}

/** Optional progress callbacks (an extension of the original interface; callers may ignore them). */
export interface SegmentEvents {
  /** Called once, when a worker starts on the input (the job is then Running rather than Queued). */
  onStart?: () => void;
}

/** The segmenters the emulator can run (EMULATOR_SEGMENTER). */
export const SEGMENTER_NAMES = ['sam', 'grabcut'] as const;
export type SegmenterName = (typeof SEGMENTER_NAMES)[number];

export interface Segmenter {
  /** Which algorithm answers (GET /_emulator/health names it). */
  readonly name: SegmenterName;
  /**
   * Segments one image. Resolves with up to three candidates, best score first (possibly none when the prompt
   * selects nothing). Rejects with `SegmentationError` when the image cannot be decoded or processed.
   */
  segment(input: SegmenterInput, events?: SegmentEvents): Promise<SegmenterCandidate[]>;
  /**
   * Hint that `image` will probably be segmented soon (seeded or just uploaded): work that does not depend on the
   * prompt may be done ahead, at low priority, never delaying a job. Never fails; errors surface when a job runs.
   */
  prepare(image: Omit<SegmenterInput, 'prompt'>): void;
  /** Stops the workers; pending calls reject. */
  close(): Promise<void>;
}

/** A failure that belongs to the job (undecodable image, …): its message becomes the job's `errorMessage`. */
export class SegmentationError extends Error {
  override name = 'SegmentationError';
}

/**
 * A segmenter worker died (crashed or exited) while running the job: the emulator's fault, not the job's, so it is
 * deliberately not a SegmentationError: the job store logs it and fails the job with its generic internal message.
 */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}
