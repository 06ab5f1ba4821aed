/**
 * The Segmenter as the jobs module uses it: a pool of worker threads (OpenCV.js is single-threaded and a GrabCut run
 * takes 0.1–1 s, which must never block the HTTP thread).
 *
 * A job is split into its context scales (up to three crop plans), queued as separate tasks, so one job uses every
 * idle core (measured: the three GrabCuts of a 1 MP job took 0.76–1.5 s in a row on this machine); the main thread
 * then scores and orders the results (segmentImage.rankCandidates), exactly as the single-thread path does. Tasks
 * run in arrival order; an idle worker that last saw the same image is preferred, so its decoded-image cache is hit.
 * The price: with several workers an image may be decoded and cached once per worker.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { MAX_PLANS, rankCandidates, type SegmentOptionsOverride, withOverrides } from './segmentImage';
import type { CandidateEvidence } from './score';
import type { Segmenter, SegmenterCandidate, SegmenterInput } from './types';
import { SegmentationError, WorkerCrashedError } from './types';

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

interface Task {
  taskId: number;
  input: SegmenterInput;
  planIndex: number;
  /** Called when a worker takes the task. */
  onDispatch: () => void;
  resolve: (evidence: CandidateEvidence | null) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  current: Task | undefined;
  lastImageKey: string | undefined;
  /** Set when the pool itself terminates the worker, so its exit is not treated as a crash. */
  retiring: boolean;
}

const MAX_START_FAILURES = 3;
const BOOTSTRAP_URL = new URL('./worker-bootstrap.mjs', import.meta.url);

export function createSegmenterPool(options: SegmenterPoolOptions = {}): Segmenter {
  const workerCount = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const init: WorkerInit = {
    cacheBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
    segmentOptions: withOverrides(options.segmentOptions),
  };
  const workerUrl = options.workerUrl ?? BOOTSTRAP_URL;
  const queue: Task[] = [];
  const workers = new Set<PoolWorker>();
  let nextTaskId = 1;
  let closed = false;
  /** Workers that died before becoming ready, in a row: past MAX_START_FAILURES the pool stops respawning. */
  let startFailures = 0;
  let brokenReason: string | undefined;

  const spawn = (): void => {
    const entry: PoolWorker = {
      worker: new Worker(workerUrl, { workerData: init }),
      ready: false,
      current: undefined,
      lastImageKey: undefined,
      retiring: false,
    };
    workers.add(entry);
    entry.worker.on('message', (message: FromWorker) => onMessage(entry, message));
    entry.worker.on('error', (error) => onGone(entry, `Segmenter worker failed: ${error.message}`));
    entry.worker.on('exit', (code) => onGone(entry, `Segmenter worker exited with code ${code}`));
  };

  const onMessage = (entry: PoolWorker, message: FromWorker): void => {
    if (message.type === 'ready') {
      entry.ready = true;
      startFailures = 0;
      dispatch();
      return;
    }
    const task = entry.current;
    if (!task || task.taskId !== message.taskId) return;
    entry.current = undefined;
    if (message.type === 'result') {
      task.resolve(message.evidence);
    } else if (message.jobError) {
      task.reject(new SegmentationError(message.message));
    } else {
      task.reject(new Error(message.message));
      // An unexpected error may have left OpenCV's heap in a bad state: start a fresh worker.
      retire(entry);
      if (!closed) spawn();
    }
    dispatch();
  };

  const onGone = (entry: PoolWorker, reason: string): void => {
    if (!workers.has(entry)) return;
    workers.delete(entry);
    const task = entry.current;
    entry.current = undefined;
    // Not a SegmentationError: a crash is the emulator's fault, so the job store logs it (and hides the detail).
    if (task) task.reject(new WorkerCrashedError(reason));
    if (entry.retiring || closed) return;
    if (!entry.ready && ++startFailures >= MAX_START_FAILURES) {
      // Without this a worker that cannot even load would be respawned forever.
      brokenReason = `Segmenter workers cannot start: ${reason}`;
      for (const queued of queue.splice(0)) queued.reject(new Error(brokenReason));
      return;
    }
    spawn();
    dispatch();
  };

  const retire = (entry: PoolWorker): void => {
    entry.retiring = true;
    workers.delete(entry);
    void entry.worker.terminate();
  };

  const dispatch = (): void => {
    while (queue.length > 0) {
      const idle = [...workers].filter((entry) => entry.ready && !entry.current && !entry.retiring);
      if (idle.length === 0) return;
      const task = queue[0];
      if (!task) return;
      const entry = idle.find((candidate) => candidate.lastImageKey === task.input.imageKey) ?? idle[0];
      if (!entry) return;
      queue.shift();
      entry.current = task;
      entry.lastImageKey = task.input.imageKey;
      const message: ToWorker = { type: 'plan', taskId: task.taskId, input: task.input, planIndex: task.planIndex };
      entry.worker.postMessage(message);
      task.onDispatch();
    }
  };

  for (let index = 0; index < workerCount; index++) spawn();

  return {
    async segment(input, events): Promise<SegmenterCandidate[]> {
      if (closed) throw new Error('Segmenter pool is closed');
      if (brokenReason !== undefined) throw new Error(brokenReason);
      let started = false;
      const onDispatch = () => {
        if (started) return;
        started = true;
        events?.onStart?.();
      };
      const plans = Array.from(
        { length: MAX_PLANS },
        (_unused, planIndex) =>
          new Promise<CandidateEvidence | null>((resolve, reject) => {
            queue.push({ taskId: nextTaskId++, input, planIndex, onDispatch, resolve, reject });
          }),
      );
      dispatch();
      // allSettled, so a failing plan cannot leave its siblings' rejections unhandled; the first error wins.
      const settled = await Promise.allSettled(plans);
      const evidence: Array<CandidateEvidence | null> = [];
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
        evidence.push(outcome.value);
      }
      return rankCandidates(evidence);
    },
    async close() {
      if (closed) return;
      closed = true;
      const stopped = new Error('Segmenter pool is closed');
      for (const task of queue.splice(0)) task.reject(stopped);
      const entries = [...workers];
      for (const entry of entries) {
        entry.retiring = true;
        entry.current?.reject(stopped);
        entry.current = undefined;
      }
      workers.clear();
      await Promise.all(entries.map((entry) => entry.worker.terminate()));
    },
  };
}
