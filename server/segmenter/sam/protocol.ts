/** What the SAM segmenter (main thread) sends its worker (see ../workerPool.ts for the envelope). */
import type { SegmenterCandidate, SegmenterInput } from '../types';
import type { SamModelFiles } from './model';

export interface SamWorkerInit {
  files: SamModelFiles;
  /** onnxruntime's intra-op threads (the machine's cores: one worker uses them all). */
  threads: number;
  /** Byte budget of the image-embedding cache (4 MiB per image). */
  embeddingCacheBytes: number;
  /** Byte budget of the replay's prefix cache (256 KiB per step). */
  stepCacheBytes: number;
  /** false: decode every prompt at once, without replaying clicks (benchmark comparison). */
  replay: boolean;
}

export type SamTask =
  | { kind: 'prepare'; imageKey: string; imagePath: string }
  | { kind: 'segment'; input: SegmenterInput };

export type SamResult = SegmenterCandidate[] | null;
