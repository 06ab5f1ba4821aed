/**
 * The GrabCut segmenter: OpenCV.js is single-threaded and a GrabCut run takes 0.1–1 s, which must never block the HTTP
 * thread, so it runs on a worker pool (workerPool.ts).
 *
 * A job is split into its context scales (up to three crop plans), queued as separate tasks, so one job uses every
 * idle core (measured: the three GrabCuts of a 1 MP job took 0.76–1.5 s in a row on this machine); the main thread
 * then scores and orders the results (segmentImage.rankCandidates), exactly as the single-thread path does. The
 * price: with several workers an image may be decoded and cached once per worker.
 *
 * Memory: a decoded image costs 3 B/px in a worker's cache plus libvips' buffers while it decodes (measured: a 100 MP
 * image ~600 MB while its job runs). Images over BIG_IMAGE_PIXELS therefore run one job at a time, with their plans
 * in turn (the worker that decoded the image is preferred for the next plan), so at most one big decode is alive.
 */
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import type { GrabCutTask, WorkerInit } from './protocol';
import { MAX_PLANS, rankCandidates, type SegmentOptionsOverride, withOverrides } from './segmentImage';
import type { CandidateEvidence } from './score';
import type { Segmenter, SegmenterCandidate, SegmenterInput } from './types';
import { createWorkerPool } from './workerPool';

export interface SegmenterPoolOptions {
  /** Worker threads; default: the machine's core count. */
  workers?: number;
  /** Decoded-image cache budget per worker, bytes; default 256 MiB (three 24 MP images). */
  cacheBytes?: number;
  /** Algorithm parameters over the defaults, for benchmarks comparing settings (bench/quality.ts --params). */
  segmentOptions?: SegmentOptionsOverride;
  /** Images over this many pixels run one job at a time (default BIG_IMAGE_PIXELS). */
  bigImagePixels?: number;
  /** Tests only: the worker entry (default ./worker-bootstrap.mjs), e.g. one that can be made to crash. */
  workerUrl?: URL;
}

export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;
/** Past this many pixels (≈ 120 MB decoded) an image is "big": see the module comment. */
export const BIG_IMAGE_PIXELS = 40_000_000;

/** The image's pixel count from its header, or 0 when unreadable (the worker then reports the decode error). */
async function pixelCount(imagePath: string): Promise<number> {
  try {
    const { width, height } = await sharp(imagePath, { limitInputPixels: false }).metadata();
    return (width ?? 0) * (height ?? 0);
  } catch {
    // Deliberately not an error here: decoding in the worker fails with the job's proper SegmentationError.
    return 0;
  }
}
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

  /** Big-image jobs, chained so that one runs at a time. */
  let bigImageTurn: Promise<unknown> = Promise.resolve();

  const runPlans = async (input: SegmenterInput, onStart: () => void, oneAtATime: boolean): Promise<SegmenterCandidate[]> => {
    const run = (planIndex: number) => pool.run({ input, planIndex }, { affinityKey: input.imageKey, onStart });
    const evidence: Array<CandidateEvidence | null> = [];
    if (oneAtATime) {
      for (let planIndex = 0; planIndex < MAX_PLANS; planIndex++) evidence.push(await run(planIndex));
      return rankCandidates(evidence);
    }
    // allSettled, so a failing plan cannot leave its siblings' rejections unhandled; the first error wins.
    const settled = await Promise.allSettled(Array.from({ length: MAX_PLANS }, (_unused, planIndex) => run(planIndex)));
    for (const outcome of settled) {
      if (outcome.status === 'rejected') throw outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
      evidence.push(outcome.value);
    }
    return rankCandidates(evidence);
  };

  return {
    name: 'grabcut',
    async segment(input, events): Promise<SegmenterCandidate[]> {
      let started = false;
      const onStart = () => {
        if (started) return;
        started = true;
        events?.onStart?.();
      };
      if ((await pixelCount(input.imagePath)) <= (options.bigImagePixels ?? BIG_IMAGE_PIXELS)) return runPlans(input, onStart, false);
      const turn = bigImageTurn.then(() => runPlans(input, onStart, true));
      // The chain only orders jobs: this job's error reaches its caller through `turn`, not through the chain.
      bigImageTurn = turn.catch(() => undefined);
      return turn;
    },
    // GrabCut has nothing worth computing ahead of a prompt but the decode, which is cheap next to GrabCut itself.
    prepare() {},
    close: () => pool.close(),
  };
}
