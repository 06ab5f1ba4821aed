/**
 * The GrabCut segmenter: OpenCV.js is single-threaded and a GrabCut run takes 0.1–1 s, which must never block the HTTP
 * thread, so it runs on a worker pool (workerPool.ts).
 *
 * A job is split into its context scales (up to three crop plans), queued as separate tasks, so one job uses every
 * idle core (measured: the three GrabCuts of a 1 MP job took 0.76–1.5 s in a row on this machine); the main thread
 * then scores and orders the results (segmentImage.rankCandidates), exactly as the single-thread path does. The
 * price: with several workers an image may be decoded and cached once per worker.
 */
import { availableParallelism } from 'node:os';
import type { GrabCutTask, WorkerInit } from './protocol';
import { MAX_PLANS, rankCandidates, type SegmentOptionsOverride, withOverrides } from './segmentImage';
import type { CandidateEvidence } from './score';
import type { Segmenter, SegmenterCandidate } from './types';
import { createWorkerPool } from './workerPool';

export interface SegmenterPoolOptions {
  /** Worker threads; default: the machine's core count. */
  workers?: number;
  /** Decoded-image cache budget per worker, bytes; default 256 MiB (three 24 MP images). */
  cacheBytes?: number;
  /** Algorithm parameters over the defaults, for benchmarks comparing settings (bench/quality.ts --params). */
  segmentOptions?: SegmentOptionsOverride;
  /** Tests only: the worker entry (default ./worker-bootstrap.mjs), e.g. one that can be made to crash. */
  workerUrl?: URL;
}

export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;
const BOOTSTRAP_URL = new URL('./worker-bootstrap.mjs', import.meta.url);

export function createSegmenterPool(options: SegmenterPoolOptions = {}): Segmenter {
  const init: WorkerInit = {
    cacheBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
    segmentOptions: withOverrides(options.segmentOptions),
  };
  const pool = createWorkerPool<GrabCutTask, CandidateEvidence | null>({
    workerUrl: options.workerUrl ?? BOOTSTRAP_URL,
    workerData: init,
    workers: options.workers ?? availableParallelism(),
  });

  return {
    name: 'grabcut',
    async segment(input, events): Promise<SegmenterCandidate[]> {
      let started = false;
      const onStart = () => {
        if (started) return;
        started = true;
        events?.onStart?.();
      };
      const plans = Array.from({ length: MAX_PLANS }, (_unused, planIndex) =>
        pool.run({ input, planIndex }, { affinityKey: input.imageKey, onStart }),
      );
      // allSettled, so a failing plan cannot leave its siblings' rejections unhandled; the first error wins.
      const settled = await Promise.allSettled(plans);
      const evidence: Array<CandidateEvidence | null> = [];
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
        evidence.push(outcome.value);
      }
      return rankCandidates(evidence);
    },
    // GrabCut has nothing worth computing ahead of a prompt but the decode, which is cheap next to GrabCut itself.
    prepare() {},
    close: () => pool.close(),
  };
}
