/**
 * The SAM segmenter: one worker thread (onnxruntime spreads each encoder run over every core itself, and one worker
 * means one embedding cache and one copy of the model in memory). Jobs are foreground tasks; `prepare` queues an
 * embedding as a background task, which the pool runs only when no job waits.
 */
import { availableParallelism } from 'node:os';
import type { Segmenter, SegmenterCandidate } from '../types';
import { createWorkerPool } from '../workerPool';
import { defaultSamModelFiles, type SamModelFiles } from './model';
import type { SamResult, SamTask, SamWorkerInit } from './protocol';

export interface SamSegmenterOptions {
  files?: SamModelFiles;
  /** onnxruntime intra-op threads; default: the machine's cores. */
  threads?: number;
  /** Default 256 MiB: 64 images' embeddings (4 MiB each). */
  embeddingCacheBytes?: number;
  /** Default 64 MiB: 256 replay steps (256 KiB each). */
  stepCacheBytes?: number;
  /** Default true; false decodes each prompt at once (benchmark comparison). */
  replay?: boolean;
  /**
   * Where a failed background preparation is reported (default: a process warning); the job that needs the image
   * then fails with the reason.
   */
  onPrepareError?: (message: string, error: unknown) => void;
}

const BOOTSTRAP_URL = new URL('./worker-bootstrap.mjs', import.meta.url);

export function createSamSegmenter(options: SamSegmenterOptions = {}): Segmenter {
  const init: SamWorkerInit = {
    files: options.files ?? defaultSamModelFiles(),
    threads: Math.max(1, options.threads ?? availableParallelism()),
    embeddingCacheBytes: options.embeddingCacheBytes ?? 256 * 1024 * 1024,
    stepCacheBytes: options.stepCacheBytes ?? 64 * 1024 * 1024,
    replay: options.replay ?? true,
  };
  const pool = createWorkerPool<SamTask, SamResult>({ workerUrl: BOOTSTRAP_URL, workerData: init, workers: 1 });
  const reportPrepareError =
    options.onPrepareError ?? ((message: string, error: unknown) => process.emitWarning(`${message}: ${error instanceof Error ? error.message : String(error)}`));
  /** Images with a preparation queued or running, so repeated hints queue one task. */
  const preparing = new Set<string>();

  return {
    name: 'sam',
    async segment(input, events): Promise<SegmenterCandidate[]> {
      const result = await pool.run({ kind: 'segment', input }, { affinityKey: input.imageKey, onStart: () => events?.onStart?.() });
      if (result === null) throw new Error('The SAM worker answered a segment task without candidates');
      return result;
    },
    prepare({ imageKey, imagePath }) {
      if (preparing.has(imageKey)) return;
      preparing.add(imageKey);
      pool
        .run({ kind: 'prepare', imageKey, imagePath }, { affinityKey: imageKey, background: true })
        .catch((error: unknown) => reportPrepareError(`Preparing ${imageKey} for SAM failed`, error))
        .finally(() => preparing.delete(imageKey));
    },
    close: () => pool.close(),
  };
}
