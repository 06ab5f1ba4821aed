/**
 * From a CDF prompt to SAM decoder calls, and from decoder outputs to candidates. No ONNX here: the decoder is passed
 * in, so the logic is testable and the worker stays small.
 *
 * Replay: SAM refines best when each click is fed the previous low-resolution mask, as in SAM's own interactive
 * training. A job carries all its clicks, so it replays them in order (the box first, when there is one), each step
 * fed the previous step's low-res logits. The result is a pure function of the request; a prefix cache (the low-res
 * output of each step, keyed by the image and the step's prompt) makes a click added to a previous request cost one
 * decoder run instead of all of them.
 *
 * Candidates (at most three, best predicted IoU first): the replayed mask; the same prompt decoded at once without a
 * mask input; and, when the prompt is ambiguous (one click, or a box alone), SAM's other answer. The export selects
 * one of SAM's four mask tokens by the number of prompt points (padding included: ≤ 2 points → the best multimask
 * output by predicted IoU; more → the single-mask token), so one extra padding point asks for the other reading.
 * Near-duplicates (mask IoU ≥ DUPLICATE_IOU with a better one) are dropped.
 */
import type { SegmenterPrompt } from '../types';
import { normalizedToModel, type SamGeometry } from './preprocess';

export const LOW_RES_SIDE_PX = 256;
export const MAX_CANDIDATES = 3;
const DUPLICATE_IOU = 0.9;
/** Steps whose full-size mask is not needed are decoded at this long side only (their low-res logits are used). */
const INTERMEDIATE_MASK_SIDE_PX = 64;

export interface DecoderCall {
  /** Model-frame coordinates, x then y per point. */
  coords: Float32Array;
  labels: Float32Array;
  /** Low-res logits of the previous step (LOW_RES_SIDE_PX²), or undefined. */
  maskInput: Float32Array | undefined;
  outputWidthPx: number;
  outputHeightPx: number;
}

export interface DecoderOutput {
  /** Mask logits, outputHeightPx × outputWidthPx, row-major; > 0 is the object. */
  masks: Float32Array;
  lowRes: Float32Array;
  iou: number;
}

export type RunDecoder = (call: DecoderCall) => Promise<DecoderOutput>;

/** A cache of low-res step outputs by key (see PromptCache in the worker). */
export interface StepCache {
  get(key: string): { lowRes: Float32Array; iou: number } | undefined;
  set(key: string, value: { lowRes: Float32Array; iou: number }): void;
}

export interface MaskCandidate {
  score: number;
  /** Binary, geometry.maskHeightPx × maskWidthPx, 1 = object. */
  mask: Uint8Array;
}

/** SAM's point encoding: clicks, then the box as two corners (labels 2, 3), else one padding point (label −1). */
export function encodePrompt(prompt: SegmenterPrompt, geometry: SamGeometry, extraPadding = 0): { coords: Float32Array; labels: Float32Array } {
  const coords: number[] = [];
  const labels: number[] = [];
  for (const point of prompt.points) {
    const { x, y } = normalizedToModel(point, geometry);
    coords.push(x, y);
    labels.push(point.label);
  }
  if (prompt.boundingBox) {
    const topLeft = normalizedToModel({ x: prompt.boundingBox.xMin, y: prompt.boundingBox.yMin }, geometry);
    const bottomRight = normalizedToModel({ x: prompt.boundingBox.xMax, y: prompt.boundingBox.yMax }, geometry);
    coords.push(topLeft.x, topLeft.y, bottomRight.x, bottomRight.y);
    labels.push(2, 3);
  }
  const padding = (prompt.boundingBox ? 0 : 1) + extraPadding;
  for (let index = 0; index < padding; index++) {
    coords.push(0, 0);
    labels.push(-1);
  }
  return { coords: Float32Array.from(coords), labels: Float32Array.from(labels) };
}

/**
 * Replays at most this many steps (the click protocol stops at 20 clicks): with more clicks, the first replayed step
 * holds all the earlier ones at once, so a request with 1000 points costs 24 decoder runs, not 1000.
 */
export const MAX_REPLAY_STEPS = 24;

/**
 * The replay's steps: the box alone (if any), then each click added in order; steps that select nothing are skipped;
 * only the last MAX_REPLAY_STEPS are kept.
 */
export function replaySteps(prompt: SegmenterPrompt): SegmenterPrompt[] {
  const steps: SegmenterPrompt[] = [];
  const box = prompt.boundingBox ? { boundingBox: prompt.boundingBox } : {};
  if (prompt.boundingBox) steps.push({ points: [], ...box });
  for (let count = 1; count <= prompt.points.length; count++) {
    const points = prompt.points.slice(0, count);
    if (prompt.boundingBox || points.some((point) => point.label === 1)) steps.push({ points, ...box });
  }
  return steps.slice(-MAX_REPLAY_STEPS);
}

function binarize(logits: Float32Array): Uint8Array {
  const mask = new Uint8Array(logits.length);
  for (let index = 0; index < logits.length; index++) mask[index] = (logits[index] as number) > 0 ? 1 : 0;
  return mask;
}

export function maskIou(a: Uint8Array, b: Uint8Array): number {
  let intersection = 0;
  let union = 0;
  for (let index = 0; index < a.length; index++) {
    const inA = a[index] === 1;
    const inB = b[index] === 1;
    if (inA && inB) intersection++;
    if (inA || inB) union++;
  }
  return union === 0 ? 1 : intersection / union;
}

function intermediateSize(geometry: SamGeometry): { outputWidthPx: number; outputHeightPx: number } {
  const scale = INTERMEDIATE_MASK_SIDE_PX / Math.max(geometry.resizedWidthPx, geometry.resizedHeightPx);
  return {
    outputWidthPx: Math.max(1, Math.round(geometry.resizedWidthPx * scale)),
    outputHeightPx: Math.max(1, Math.round(geometry.resizedHeightPx * scale)),
  };
}

export interface SegmentWithSamOptions {
  geometry: SamGeometry;
  runDecoder: RunDecoder;
  /** Prefix cache; keys are prefixed with this image key. */
  cache?: { imageKey: string; steps: StepCache };
  /** false: decode all clicks at once without mask input (for the benchmark's comparison). */
  replay?: boolean;
}

/** Up to MAX_CANDIDATES masks at the geometry's mask size, best predicted IoU first; [] when the prompt selects nothing. */
export async function segmentWithSam(prompt: SegmenterPrompt, options: SegmentWithSamOptions): Promise<MaskCandidate[]> {
  const { geometry, runDecoder } = options;
  const steps = replaySteps(prompt);
  if (steps.length === 0) return [];
  const fullSize = { outputWidthPx: geometry.maskWidthPx, outputHeightPx: geometry.maskHeightPx };
  const decode = (step: SegmenterPrompt, maskInput: Float32Array | undefined, size = fullSize, extraPadding = 0) =>
    runDecoder({ ...encodePrompt(step, geometry, extraPadding), maskInput, ...size });

  const outputs: DecoderOutput[] = [];
  const replay = options.replay ?? true;
  if (replay && steps.length > 1) {
    let previous: Float32Array | undefined;
    for (const [index, step] of steps.entries()) {
      const last = index === steps.length - 1;
      // A step's output depends on its prompt and on where the replay started (see MAX_REPLAY_STEPS).
      const key = options.cache ? `${options.cache.imageKey}|${steps[0]?.points.length}|${JSON.stringify(step)}` : undefined;
      const cached = !last && key !== undefined ? options.cache?.steps.get(key) : undefined;
      if (cached) {
        previous = cached.lowRes;
        continue;
      }
      const output = await decode(step, previous, last ? fullSize : intermediateSize(geometry));
      if (key !== undefined) options.cache?.steps.set(key, { lowRes: output.lowRes, iou: output.iou });
      previous = output.lowRes;
      if (last) outputs.push(output);
    }
  }
  const whole = steps[steps.length - 1] as SegmenterPrompt;
  outputs.push(await decode(whole, undefined));
  const ambiguous = whole.points.length + (whole.boundingBox ? 2 : 1) <= 2;
  if (ambiguous) outputs.push(await decode(whole, undefined, fullSize, 1));

  const candidates: MaskCandidate[] = [];
  const ranked = outputs.map((output) => ({ score: Math.min(1, Math.max(0, output.iou)), mask: binarize(output.masks) }));
  // Stable sort: on equal scores the replayed mask (first) stays ahead.
  ranked.sort((a, b) => b.score - a.score);
  for (const candidate of ranked) {
    if (!candidate.mask.includes(1)) continue;
    if (candidates.some((kept) => maskIou(kept.mask, candidate.mask) >= DUPLICATE_IOU)) continue;
    candidates.push(candidate);
    if (candidates.length === MAX_CANDIDATES) break;
  }
  return candidates;
}
