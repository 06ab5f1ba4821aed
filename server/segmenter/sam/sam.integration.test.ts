/**
 * The SAM segmenter with the real model, in its worker: synthetic images with known objects, so quality is measured
 * rather than eyeballed. Slow-ish (model load ~2–10 s on a busy machine), so one segmenter serves the whole file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSegmenter } from '../createSegmenter';
import { maskIou, rasterizePolygons } from '../rasterize';
import { SegmentationError, type Segmenter, type SegmenterPrompt } from '../types';
import { defaultSamModelFiles } from './model';
import { createSamSegmenter } from './samSegmenter';

const WIDTH_PX = 640;
const HEIGHT_PX = 480;
const DISC = { x: 180, y: 200, r: 90 };
/** A thin bar: 360 × 10 px. */
const BAR = { x0: 240, y0: 400, x1: 600, y1: 410 };
/** Two touching discs of one colour (a "snowman"), to the right. */
const UPPER = { x: 500, y: 110, r: 55 };
const LOWER = { x: 500, y: 215, r: 55 };

const inDisc = (disc: { x: number; y: number; r: number }, column: number, row: number) =>
  Math.hypot(column + 0.5 - disc.x, row + 0.5 - disc.y) <= disc.r;
const inBar = (column: number, row: number) => column >= BAR.x0 && column < BAR.x1 && row >= BAR.y0 && row < BAR.y1;

function truth(inside: (column: number, row: number) => boolean): Uint8Array {
  const mask = new Uint8Array(WIDTH_PX * HEIGHT_PX);
  for (let row = 0; row < HEIGHT_PX; row++) for (let column = 0; column < WIDTH_PX; column++) mask[row * WIDTH_PX + column] = inside(column, row) ? 1 : 0;
  return mask;
}

async function writeSyntheticImage(file: string): Promise<void> {
  const data = Buffer.alloc(WIDTH_PX * HEIGHT_PX * 3);
  let state = 12345;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648 - 0.5) * 30;
  };
  for (let row = 0; row < HEIGHT_PX; row++) {
    for (let column = 0; column < WIDTH_PX; column++) {
      let colour = [110, 140, 110];
      if (inDisc(DISC, column, row)) colour = [210, 50, 40];
      else if (inBar(column, row)) colour = [30, 40, 160];
      else if (inDisc(UPPER, column, row) || inDisc(LOWER, column, row)) colour = [235, 215, 60];
      const index = (row * WIDTH_PX + column) * 3;
      for (let channel = 0; channel < 3; channel++) data[index + channel] = Math.max(0, Math.min(255, Math.round((colour[channel] as number) + noise())));
    }
  }
  await sharp(data, { raw: { width: WIDTH_PX, height: HEIGHT_PX, channels: 3 } }).png().toFile(file);
}

let directory: string;
let imagePath: string;
let segmenter: Segmenter;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'sam-integration-'));
  imagePath = path.join(directory, 'synthetic.png');
  await writeSyntheticImage(imagePath);
  segmenter = createSamSegmenter();
});
afterAll(async () => {
  await segmenter.close();
  await rm(directory, { recursive: true, force: true });
});

const click = (x: number, y: number, label: 0 | 1 = 1) => ({ x: x / WIDTH_PX, y: y / HEIGHT_PX, label });
async function bestMask(prompt: SegmenterPrompt): Promise<Uint8Array> {
  const [best] = await segmenter.segment({ imageKey: 'synthetic', imagePath, prompt });
  if (!best) throw new Error('no candidate');
  return rasterizePolygons(best.polygons, WIDTH_PX, HEIGHT_PX);
}
const coverage = (mask: Uint8Array, region: Uint8Array) => {
  let covered = 0;
  let total = 0;
  for (let index = 0; index < region.length; index++) {
    if (region[index] !== 1) continue;
    total++;
    if (mask[index] === 1) covered++;
  }
  return covered / total;
};

describe('SAM segmenter (real model)', { timeout: 120_000 }, () => {
  it('segments a disc from one click to IoU ≥ 0.9', async () => {
    const iou = maskIou(await bestMask({ points: [click(DISC.x, DISC.y)] }), truth((column, row) => inDisc(DISC, column, row)));
    expect(iou).toBeGreaterThanOrEqual(0.9);
  });

  it('segments a thin bar from a box to IoU ≥ 0.9', async () => {
    const boundingBox = { xMin: (BAR.x0 - 6) / WIDTH_PX, yMin: (BAR.y0 - 6) / HEIGHT_PX, xMax: (BAR.x1 + 6) / WIDTH_PX, yMax: (BAR.y1 + 6) / HEIGHT_PX };
    expect(maskIou(await bestMask({ points: [], boundingBox }), truth(inBar))).toBeGreaterThanOrEqual(0.9);
  });

  it('removes a region with a negative click', async () => {
    const upper = truth((column, row) => inDisc(UPPER, column, row) && !inDisc(LOWER, column, row));
    const lower = truth((column, row) => inDisc(LOWER, column, row) && !inDisc(UPPER, column, row));
    const boundingBox = { xMin: 440 / WIDTH_PX, yMin: 50 / HEIGHT_PX, xMax: 560 / WIDTH_PX, yMax: 275 / HEIGHT_PX };
    const both = await bestMask({ points: [], boundingBox });
    expect(coverage(both, lower)).toBeGreaterThan(0.8);
    const withNegative = await bestMask({ points: [click(LOWER.x, LOWER.y + 10, 0)], boundingBox });
    expect(coverage(withNegative, lower)).toBeLessThan(0.2);
    expect(coverage(withNegative, upper)).toBeGreaterThan(0.8);
  });

  it('gives the same polygons for the same request, from a fresh worker too', async () => {
    const prompt = { points: [click(DISC.x, DISC.y), click(BAR.x0 + 50, BAR.y0 + 5), click(DISC.x + 20, DISC.y, 0)] };
    const input = { imageKey: 'synthetic', imagePath, prompt };
    const first = await segmenter.segment(input);
    expect(await segmenter.segment(input)).toEqual(first);
    const fresh = createSamSegmenter();
    try {
      expect(await fresh.segment(input)).toEqual(first);
    } finally {
      await fresh.close();
    }
  });

  it('fails the job with a clear message when the model cannot be loaded', async () => {
    const files = defaultSamModelFiles();
    const broken = createSamSegmenter({ files: { ...files, encoder: { ...files.encoder, path: path.join(directory, 'missing.onnx') } } });
    try {
      const outcome = broken.segment({ imageKey: 'synthetic', imagePath, prompt: { points: [click(DISC.x, DISC.y)] } });
      await expect(outcome).rejects.toBeInstanceOf(SegmentationError);
      await expect(outcome).rejects.toThrow(/SAM model could not be loaded.*EMULATOR_SEGMENTER=grabcut/);
    } finally {
      await broken.close();
    }
  });

  it('falls back to GrabCut, saying why, when the model files are not the expected ones', () => {
    const files = defaultSamModelFiles();
    const choice = chooseSegmenter('sam', { ...files, decoder: { ...files.decoder, sha256: '0'.repeat(64) } });
    expect(choice.name).toBe('grabcut');
    expect(choice.fallbackReason).toMatch(/sam\.onnx is not the expected model.*EMULATOR_SEGMENTER=grabcut/);
    expect(chooseSegmenter('sam')).toEqual({ name: 'sam' });
    expect(chooseSegmenter('grabcut')).toEqual({ name: 'grabcut' });
  });
});
