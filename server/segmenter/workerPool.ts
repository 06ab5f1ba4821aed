/**
 * A pool of worker threads that run opaque tasks, one at a time per worker: the segmenters (GrabCut, SAM) build on it
 * and it knows nothing of either. What it does know:
 * - foreground tasks (jobs) run in arrival order; background tasks (precomputation) run only when no foreground task
 *   waits, so they never take a worker from a job that is already queued;
 * - an idle worker that last ran a task with the same affinity key (the image) is preferred, so its caches are hit;
 * - a worker that dies fails its task with WorkerCrashedError (the emulator's fault, not the job's) and is replaced;
 *   a worker that cannot even start, MAX_START_FAILURES times in a row, breaks the pool with the reason.
 */
import { Worker } from 'node:worker_threads';
import { SegmentationError, WorkerCrashedError } from './types';

export type ToWorker<P> = { type: 'task'; taskId: number; payload: P };
export type FromWorker<R> =
  | { type: 'ready' }
  | { type: 'result'; taskId: number; value: R }
  /** `jobError`: a SegmentationError (the job's fault); otherwise an internal error. */
  | { type: 'error'; taskId: number; message: string; jobError: boolean };

export interface WorkerPoolOptions {
  workerUrl: URL;
  workerData: unknown;
  workers: number;
}

export interface TaskOptions {
  /** Tasks with the same key prefer the worker that ran the last one (its caches hold the image). */
  affinityKey?: string;
  /** Runs only when no foreground task waits. */
  background?: boolean;
  /** Called when a worker takes the task. */
  onStart?: () => void;
}

export interface WorkerPool<P, R> {
  run(payload: P, options?: TaskOptions): Promise<R>;
  close(): Promise<void>;
}

interface Task<P, R> {
  taskId: number;
  payload: P;
  options: TaskOptions;
  resolve: (value: R) => void;
  reject: (error: Error) => void;
}

interface PoolWorker<P, R> {
  worker: Worker;
  ready: boolean;
  current: Task<P, R> | undefined;
  lastAffinityKey: string | undefined;
  /** Set when the pool itself terminates the worker, so its exit is not treated as a crash. */
  retiring: boolean;
}

const MAX_START_FAILURES = 3;
/** How long close() waits for running tasks (an encode takes ~0.5 s on a quiet machine, several on a busy one). */
const CLOSE_GRACE_MS = 10_000;

/** Resolves at the worker's next message (its running task's answer) or exit. */
function idle(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once('message', () => resolve());
    worker.once('exit', () => resolve());
  });
}

/** Sends a worker's answer for one task; shared by the worker entries. */
export function reply<R>(send: (message: FromWorker<R>) => void, taskId: number, work: () => Promise<R>): Promise<void> {
  return work().then(
    (value) => send({ type: 'result', taskId, value }),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send({ type: 'error', taskId, message, jobError: error instanceof SegmentationError });
    },
  );
}

export function createWorkerPool<P, R>(options: WorkerPoolOptions): WorkerPool<P, R> {
  const workerCount = Math.max(1, Math.floor(options.workers));
  const foreground: Array<Task<P, R>> = [];
  const background: Array<Task<P, R>> = [];
  const workers = new Set<PoolWorker<P, R>>();
  let nextTaskId = 1;
  let closed = false;
  let startFailures = 0;
  let brokenReason: string | undefined;

  const spawn = (): void => {
    const entry: PoolWorker<P, R> = {
      worker: new Worker(options.workerUrl, { workerData: options.workerData }),
      ready: false,
      current: undefined,
      lastAffinityKey: undefined,
      retiring: false,
    };
    workers.add(entry);
    entry.worker.on('message', (message: FromWorker<R>) => onMessage(entry, message));
    entry.worker.on('error', (error) => onGone(entry, `Segmenter worker failed: ${error.message}`));
    entry.worker.on('exit', (code) => onGone(entry, `Segmenter worker exited with code ${code}`));
  };

  const onMessage = (entry: PoolWorker<P, R>, message: FromWorker<R>): void => {
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
      task.resolve(message.value);
    } else if (message.jobError) {
      task.reject(new SegmentationError(message.message));
    } else {
      task.reject(new Error(message.message));
      // An unexpected error may have left the worker (a WASM heap, a native session) in a bad state: start afresh.
      retire(entry);
      if (!closed) spawn();
    }
    dispatch();
  };

  const onGone = (entry: PoolWorker<P, R>, reason: string): void => {
    if (!workers.has(entry)) return;
    workers.delete(entry);
    const task = entry.current;
    entry.current = undefined;
    if (task) task.reject(new WorkerCrashedError(reason));
    if (entry.retiring || closed) return;
    if (!entry.ready && ++startFailures >= MAX_START_FAILURES) {
      // Without this a worker that cannot even load would be respawned forever.
      brokenReason = `Segmenter workers cannot start: ${reason}`;
      for (const queued of [...foreground.splice(0), ...background.splice(0)]) queued.reject(new Error(brokenReason));
      return;
    }
    spawn();
    dispatch();
  };

  const retire = (entry: PoolWorker<P, R>): void => {
    entry.retiring = true;
    workers.delete(entry);
    void entry.worker.terminate();
  };

  const dispatch = (): void => {
    for (;;) {
      const queue = foreground.length > 0 ? foreground : background;
      const task = queue[0];
      if (!task) return;
      const idle = [...workers].filter((entry) => entry.ready && !entry.current && !entry.retiring);
      const entry = idle.find((candidate) => candidate.lastAffinityKey === task.options.affinityKey) ?? idle[0];
      if (!entry) return;
      queue.shift();
      entry.current = task;
      entry.lastAffinityKey = task.options.affinityKey;
      const message: ToWorker<P> = { type: 'task', taskId: task.taskId, payload: task.payload };
      entry.worker.postMessage(message);
      task.options.onStart?.();
    }
  };

  for (let index = 0; index < workerCount; index++) spawn();

  return {
    run(payload, taskOptions = {}) {
      if (closed) return Promise.reject(new Error('Segmenter pool is closed'));
      if (brokenReason !== undefined) return Promise.reject(new Error(brokenReason));
      return new Promise<R>((resolve, reject) => {
        const task = { taskId: nextTaskId++, payload, options: taskOptions, resolve, reject };
        (taskOptions.background ? background : foreground).push(task);
        dispatch();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const stopped = new Error('Segmenter pool is closed');
      for (const task of [...foreground.splice(0), ...background.splice(0)]) task.reject(stopped);
      const entries = [...workers];
      const busy: Array<Promise<void>> = [];
      for (const entry of entries) {
        entry.retiring = true;
        if (entry.current) busy.push(idle(entry.worker));
        entry.current?.reject(stopped);
        entry.current = undefined;
      }
      workers.clear();
      // Terminating a thread while a native library (onnxruntime) is inside a call on it can crash the whole process
      // (seen once under Vitest): let running tasks end first, within a bound.
      await Promise.race([Promise.all(busy), new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
      await Promise.all(entries.map((entry) => entry.worker.terminate()));
    },
  };
}
