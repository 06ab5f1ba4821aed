/**
 * SAM worker thread: holds the two ONNX sessions, the image-embedding cache and the replay's prefix cache, and runs
 * one task at a time (the encoder already uses every core through onnxruntime's intra-op threads).
 *
 * A model that cannot be loaded does not kill the worker: every task then fails as a job error naming the cause and
 * the setting that switches to GrabCut, so jobs end Failed with a clear errorMessage.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ByteLru } from '../byteLru';
import { loadOpenCv } from '../opencv';
import { maskToPolygons } from '../polygons';
import { reply, type FromWorker, type ToWorker } from '../workerPool';
import type { SegmenterCandidate, SegmenterInput } from '../types';
import { SegmentationError } from '../types';
import { loadForSam, type SamGeometry } from './preprocess';
import { segmentWithSam, type MaskCandidate } from './prompt';
import type { SamResult, SamTask, SamWorkerInit } from './protocol';
import { loadSamSessions, type SamSessions } from './sessions';

const port = parentPort;
if (!port) throw new Error('sam/worker.ts must run in a worker thread');
const init = workerData as SamWorkerInit;

interface Embedding {
  data: Float32Array;
  geometry: SamGeometry;
}
const embeddings = new ByteLru<Embedding>(init.embeddingCacheBytes, (entry) => entry.data.byteLength);
const steps = new ByteLru<{ lowRes: Float32Array; iou: number }>(init.stepCacheBytes, (entry) => entry.lowRes.byteLength);

let sessions: SamSessions | undefined;
let loadFailure: string | undefined;
// Both loads take seconds on a busy machine: overlap them.
const [loaded, cv] = await Promise.all([
  loadSamSessions(init.files, init.threads).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  ),
  loadOpenCv(),
]);
if ('value' in loaded) {
  sessions = loaded.value;
} else {
  const reason = loaded.error instanceof Error ? loaded.error.message : String(loaded.error);
  loadFailure = `The SAM model could not be loaded (${reason}); set EMULATOR_SEGMENTER=grabcut to use GrabCut instead`;
}

function requireSessions(): SamSessions {
  if (!sessions) throw new SegmentationError(loadFailure ?? 'The SAM model is not loaded');
  return sessions;
}

/** A failure inside the model is the job's outcome (Failed, with the reason), not a crash of the emulator. */
async function modelStep<T>(part: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new SegmentationError(`The SAM ${part} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function embed(imageKey: string, imagePath: string): Promise<Embedding> {
  const cached = embeddings.get(imageKey);
  if (cached) return cached;
  const loaded = requireSessions();
  const { rgb, geometry } = await loadForSam(imagePath);
  const entry = { data: await modelStep('encoder', () => loaded.encode(rgb, geometry)), geometry };
  embeddings.set(imageKey, entry);
  return entry;
}

/**
 * SAM's masks are bilinear upsamplings of 256² logits, already smooth at 512 px and more, so they are traced as they
 * are there, and ×2 below (measured under load: tracing ×1 took about half the time of ×2 at 1024 px). SAM leaves
 * crumbs beside an object (texture, reflections): parts under 1 % of the largest are dropped.
 */
const SMOOTH_MASK_SIDE_PX = 512;
const polygonOptions = (geometry: SamGeometry) => ({
  upsample: Math.max(geometry.maskWidthPx, geometry.maskHeightPx) >= SMOOTH_MASK_SIDE_PX ? 1 : 2,
  minPartFraction: 0.01,
});

function toPolygons(candidate: MaskCandidate, geometry: SamGeometry): SegmenterCandidate {
  const { maskWidthPx: width, maskHeightPx: height } = geometry;
  if (candidate.mask.length !== width * height) throw new Error(`Mask of ${candidate.mask.length} px, expected ${width}×${height}`);
  // maskToPolygons reads 0/255 masks (it re-thresholds at 127 after upsampling).
  const mask = cv.matFromArray(height, width, cv.CV_8UC1, candidate.mask.map((value) => value * 255));
  try {
    const plan = {
      rect: { xPx: 0, yPx: 0, widthPx: geometry.imageWidthPx, heightPx: geometry.imageHeightPx },
      workWidthPx: width,
      workHeightPx: height,
      interiorEdges: { left: false, top: false, right: false, bottom: false },
      useBox: false,
    };
    const polygons = maskToPolygons(cv, mask, plan, geometry.imageWidthPx, geometry.imageHeightPx, polygonOptions(geometry));
    return { score: candidate.score, polygons };
  } finally {
    mask.delete();
  }
}

async function segment(input: SegmenterInput): Promise<SegmenterCandidate[]> {
  const loaded = requireSessions();
  const embedding = await embed(input.imageKey, input.imagePath);
  const masks = await segmentWithSam(input.prompt, {
    geometry: embedding.geometry,
    runDecoder: (call) => modelStep('decoder', () => loaded.decode(embedding.data, call)),
    cache: { imageKey: input.imageKey, steps },
    replay: init.replay,
  });
  // A mask whose every part is a speck traces to no polygon: not a candidate.
  return masks.map((mask) => toPolygons(mask, embedding.geometry)).filter((candidate) => candidate.polygons.length > 0);
}

const send = (message: FromWorker<SamResult>) => port.postMessage(message);

port.on('message', ({ taskId, payload }: ToWorker<SamTask>) => {
  void reply<SamResult>(send, taskId, async () => {
    if (payload.kind === 'prepare') {
      await embed(payload.imageKey, payload.imagePath);
      return null;
    }
    return segment(payload.input);
  });
});

send({ type: 'ready' });

