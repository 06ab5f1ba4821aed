/**
 * GrabCut worker thread: loads OpenCV.js once, keeps a decoded-image cache, and runs one context scale (crop plan) of
 * a job at a time (OpenCV.js is single-threaded, so one task per worker is all a worker can do anyway).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadOpenCv } from './opencv';
import { DecodedImageCache } from './imageCache';
import { evaluatePlan } from './segmentImage';
import type { GrabCutTask, WorkerInit } from './protocol';
import type { CandidateEvidence } from './score';
import { reply, type FromWorker, type ToWorker } from './workerPool';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const init = workerData as WorkerInit;
const cache = new DecodedImageCache(init.cacheBytes);
const cv = await loadOpenCv();

const send = (message: FromWorker<CandidateEvidence | null>) => port.postMessage(message);

port.on('message', ({ taskId, payload }: ToWorker<GrabCutTask>) => {
  void reply(send, taskId, async () => {
    const image = await cache.get(payload.input.imageKey, payload.input.imagePath);
    return evaluatePlan(cv, image, payload.input.prompt, payload.planIndex, init.segmentOptions);
  });
});

send({ type: 'ready' });
