/**
 * Segmenter worker thread: loads OpenCV.js once, keeps a decoded-image cache, and runs one context scale (crop plan) of
 * a job at a time (OpenCV.js is single-threaded, so one task per worker is all a worker can do anyway).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadOpenCv } from './opencv';
import { DecodedImageCache } from './imageCache';
import { evaluatePlan } from './segmentImage';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { SegmentationError } from './types';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const init = workerData as WorkerInit;
const cache = new DecodedImageCache(init.cacheBytes);
const cv = await loadOpenCv();

const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  void handle(message);
});

async function handle(message: ToWorker): Promise<void> {
  const { taskId, input, planIndex } = message;
  try {
    const image = await cache.get(input.imageKey, input.imagePath);
    const evidence = await evaluatePlan(cv, image, input.prompt, planIndex, init.segmentOptions);
    send({ type: 'result', taskId, evidence });
  } catch (error) {
    const jobError = error instanceof SegmentationError;
    const text = error instanceof Error ? error.message : String(error);
    send({ type: 'error', taskId, message: text, jobError });
  }
}

send({ type: 'ready' });
