/** The prompt → decoder-call logic with a scripted decoder: encoding, replay, the prefix cache, candidates. */
import { describe, expect, it } from 'vitest';
import { ByteLru } from '../byteLru';
import type { SegmenterPrompt } from '../types';
import { samGeometry } from './preprocess';
import { encodePrompt, LOW_RES_SIDE_PX, MAX_REPLAY_STEPS, replaySteps, segmentWithSam, type DecoderCall, type DecoderOutput } from './prompt';

const geometry = samGeometry(200, 100); // resized 1024 × 512, masks 200 × 100
const box = { xMin: 0.25, yMin: 0.5, xMax: 0.75, yMax: 1 };

describe('encodePrompt', () => {
  it('puts clicks first, then the box corners (labels 2, 3), in the resized frame, with no padding point', () => {
    const { coords, labels } = encodePrompt({ points: [{ x: 0.5, y: 0.5, label: 0 }], boundingBox: box }, geometry);
    expect([...coords]).toEqual([512, 256, 256, 256, 768, 512]);
    expect([...labels]).toEqual([0, 2, 3]);
  });

  it('adds the padding point (0, 0, −1) when there is no box, and more when asked', () => {
    expect([...encodePrompt({ points: [{ x: 1, y: 1, label: 1 }] }, geometry).labels]).toEqual([1, -1]);
    const extra = encodePrompt({ points: [{ x: 1, y: 1, label: 1 }] }, geometry, 1);
    expect([...extra.labels]).toEqual([1, -1, -1]);
    expect([...extra.coords]).toEqual([1024, 512, 0, 0, 0, 0]);
  });
});

describe('replaySteps', () => {
  it('starts with the box alone, then adds each click in order', () => {
    const points = [{ x: 0.1, y: 0.1, label: 1 as const }, { x: 0.2, y: 0.2, label: 0 as const }];
    expect(replaySteps({ points, boundingBox: box })).toEqual([
      { points: [], boundingBox: box },
      { points: points.slice(0, 1), boundingBox: box },
      { points, boundingBox: box },
    ]);
  });

  it('replays at most MAX_REPLAY_STEPS steps, the first holding every earlier click', () => {
    const points = Array.from({ length: 1000 }, (_unused, index) => ({ x: index / 1000, y: 0.5, label: 1 as const }));
    const steps = replaySteps({ points });
    expect(steps).toHaveLength(MAX_REPLAY_STEPS);
    expect(steps[0]?.points).toHaveLength(1000 - MAX_REPLAY_STEPS + 1);
    expect(steps.at(-1)?.points).toHaveLength(1000);
  });

  it('skips leading steps that select nothing (negative clicks only)', () => {
    const points = [{ x: 0.1, y: 0.1, label: 0 as const }, { x: 0.2, y: 0.2, label: 1 as const }];
    expect(replaySteps({ points })).toEqual([{ points }]);
    expect(replaySteps({ points: points.slice(0, 1) })).toEqual([]);
  });
});

/** A decoder that records its calls; its mask is the left `fraction` of the image, fraction set by the point count. */
function scriptedDecoder(ious: (call: DecoderCall) => number = () => 0.8) {
  const calls: DecoderCall[] = [];
  const run = (call: DecoderCall): Promise<DecoderOutput> => {
    calls.push(call);
    const fraction = Math.min(1, call.labels.length / 5);
    const masks = new Float32Array(call.outputWidthPx * call.outputHeightPx);
    for (let row = 0; row < call.outputHeightPx; row++) {
      for (let column = 0; column < call.outputWidthPx; column++) {
        masks[row * call.outputWidthPx + column] = column < fraction * call.outputWidthPx ? 1 : -1;
      }
    }
    const lowRes = new Float32Array(LOW_RES_SIDE_PX * LOW_RES_SIDE_PX).fill(calls.length);
    return Promise.resolve({ masks, lowRes, iou: ious(call) });
  };
  return { calls, run };
}

const clicks = (count: number): SegmenterPrompt => ({
  points: Array.from({ length: count }, (_unused, index) => ({ x: 0.1 + index * 0.1, y: 0.5, label: 1 as const })),
});

describe('segmentWithSam', () => {
  it('selects nothing without a positive click or a box', async () => {
    const decoder = scriptedDecoder();
    expect(await segmentWithSam({ points: [{ x: 0.5, y: 0.5, label: 0 }] }, { geometry, runDecoder: decoder.run })).toEqual([]);
    expect(decoder.calls).toHaveLength(0);
  });

  it('replays clicks in order, feeding each step the previous low-res mask; only the last step at full size', async () => {
    const decoder = scriptedDecoder();
    await segmentWithSam(clicks(3), { geometry, runDecoder: decoder.run });
    const replay = decoder.calls.slice(0, 3);
    expect(replay.map((call) => call.labels.length)).toEqual([2, 3, 4]);
    expect(replay[0]?.maskInput).toBeUndefined();
    expect(replay[1]?.maskInput?.[0]).toBe(1); // the first call's low-res output
    expect(replay[2]?.maskInput?.[0]).toBe(2);
    expect(replay.map((call) => call.outputWidthPx)).toEqual([64, 64, 200]);
    // Then the whole prompt at once, without a mask input (the second candidate).
    expect(decoder.calls[3]?.maskInput).toBeUndefined();
    expect(decoder.calls).toHaveLength(4);
  });

  it('reuses cached steps when a click is added to a previous prompt', async () => {
    const steps = new ByteLru<{ lowRes: Float32Array; iou: number }>(64 * 1024 * 1024, (entry) => entry.lowRes.byteLength);
    const cache = { imageKey: 'image', steps };
    await segmentWithSam(clicks(3), { geometry, runDecoder: scriptedDecoder().run, cache });
    const decoder = scriptedDecoder();
    await segmentWithSam(clicks(4), { geometry, runDecoder: decoder.run, cache });
    // Steps 1–3 come from the cache: one replay call (the new click) and one whole-prompt call.
    expect(decoder.calls).toHaveLength(2);
    expect(decoder.calls[0]?.maskInput).toBeDefined();
  });

  it('gives the same candidates when its steps come from the cache (the result is a function of the request)', async () => {
    const steps = new ByteLru<{ lowRes: Float32Array; iou: number }>(64 * 1024 * 1024, (entry) => entry.lowRes.byteLength);
    const cache = { imageKey: 'image', steps };
    const withCache = async () => segmentWithSam(clicks(3), { geometry, runDecoder: scriptedDecoder().run, cache });
    const first = await withCache();
    const second = await withCache();
    expect(second).toEqual(first);
  });

  it('asks for the other reading of an ambiguous single click, and orders candidates by predicted IoU', async () => {
    const decoder = scriptedDecoder((call) => (call.labels.length === 3 ? 0.95 : 0.7));
    const candidates = await segmentWithSam(clicks(1), { geometry, runDecoder: decoder.run });
    expect(decoder.calls.map((call) => call.labels.length)).toEqual([2, 3]);
    expect(candidates.map((candidate) => candidate.score)).toEqual([0.95, 0.7]);
    expect(candidates[0]?.mask.length).toBe(200 * 100);
  });

  it('drops a candidate that duplicates a better one', async () => {
    // Both calls of a three-click prompt give the same mask here (same point count): one candidate survives.
    const candidates = await segmentWithSam(clicks(3), { geometry, runDecoder: scriptedDecoder().run });
    expect(candidates).toHaveLength(1);
  });
});
