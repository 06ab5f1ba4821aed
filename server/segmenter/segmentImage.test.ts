import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbImage } from './imageCache';
import { loadOpenCv, type OpenCv } from './opencv';
import { maskIou, rasterizePolygons } from './rasterize';
import { MAX_CANDIDATES, segmentDecodedImage } from './segmentImage';
import type { SegmenterPrompt } from './types';

let cv: OpenCv;
beforeAll(async () => {
  cv = await loadOpenCv();
});

const WIDTH_PX = 240;
const HEIGHT_PX = 160;
const DISC = { centreX: 150, centreY: 70, radiusPx: 40 };

/** A reddish disc on a noisy green-grey background (deterministic noise), and its true mask. */
function syntheticImage(): { image: RgbImage; truth: Uint8Array } {
  const data = Buffer.alloc(WIDTH_PX * HEIGHT_PX * 3);
  const truth = new Uint8Array(WIDTH_PX * HEIGHT_PX);
  let state = 12345;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648 - 0.5) * 40;
  };
  for (let row = 0; row < HEIGHT_PX; row++) {
    for (let column = 0; column < WIDTH_PX; column++) {
      const index = row * WIDTH_PX + column;
      const inside = Math.hypot(column + 0.5 - DISC.centreX, row + 0.5 - DISC.centreY) <= DISC.radiusPx;
      truth[index] = inside ? 1 : 0;
      const base = inside ? [200, 60, 50] : [90, 130, 90];
      for (let channel = 0; channel < 3; channel++) {
        data[index * 3 + channel] = Math.max(0, Math.min(255, Math.round((base[channel] as number) + noise())));
      }
    }
  }
  return { image: { data, widthPx: WIDTH_PX, heightPx: HEIGHT_PX }, truth };
}

const click = (xPx: number, yPx: number, label: 0 | 1 = 1) => ({ x: xPx / WIDTH_PX, y: yPx / HEIGHT_PX, label });

describe('segmentDecodedImage', () => {
  it('finds the object from one click, best candidate first, scores in [0,1]', async () => {
    const { image, truth } = syntheticImage();
    const candidates = await segmentDecodedImage(cv, image, { points: [click(DISC.centreX, DISC.centreY)] });
    expect(candidates.length).toBeGreaterThanOrEqual(1);
    expect(candidates.length).toBeLessThanOrEqual(MAX_CANDIDATES);
    const scores = candidates.map((candidate) => candidate.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const score of scores) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    const best = candidates[0];
    if (!best) throw new Error('no candidate');
    expect(maskIou(rasterizePolygons(best.polygons, WIDTH_PX, HEIGHT_PX), truth)).toBeGreaterThan(0.9);
    for (const polygon of best.polygons) {
      expect(polygon.length).toBeGreaterThanOrEqual(3);
      expect(polygon.length).toBeLessThanOrEqual(1000);
    }
  });

  it('finds the object from a box alone', async () => {
    const { image, truth } = syntheticImage();
    const candidates = await segmentDecodedImage(cv, image, {
      points: [],
      boundingBox: { xMin: 100 / WIDTH_PX, yMin: 25 / HEIGHT_PX, xMax: 195 / WIDTH_PX, yMax: 115 / HEIGHT_PX },
    });
    const best = candidates[0];
    if (!best) throw new Error('no candidate');
    expect(maskIou(rasterizePolygons(best.polygons, WIDTH_PX, HEIGHT_PX), truth)).toBeGreaterThan(0.9);
  });

  it('is deterministic: the same request gives the same polygons and scores', async () => {
    const { image } = syntheticImage();
    const prompt: SegmenterPrompt = { points: [click(140, 60), click(20, 20, 0)] };
    const first = await segmentDecodedImage(cv, image, prompt);
    const second = await segmentDecodedImage(cv, image, prompt);
    expect(second).toEqual(first);
  });

  it('accepts clicks on the image edge (coordinate 1)', async () => {
    const { image } = syntheticImage();
    const candidates = await segmentDecodedImage(cv, image, { points: [{ x: 1, y: 1, label: 1 }] });
    for (const candidate of candidates) {
      for (const polygon of candidate.polygons) {
        for (const vertex of polygon) expect(vertex.x >= 0 && vertex.x <= 1 && vertex.y >= 0 && vertex.y <= 1).toBe(true);
      }
    }
  });

  it('returns no candidate when the prompt selects nothing', async () => {
    const { image } = syntheticImage();
    expect(await segmentDecodedImage(cv, image, { points: [click(20, 20, 0)] })).toEqual([]);
  });

  it('scores a mask that matches the object above one that does not', async () => {
    const { image } = syntheticImage();
    // A click on the object vs a click on uniform background noise (no object to find there).
    const onObject = await segmentDecodedImage(cv, image, { points: [click(DISC.centreX, DISC.centreY)] });
    const onNoise = await segmentDecodedImage(cv, image, { points: [click(30, 130)] });
    expect(onObject[0]?.score ?? 0).toBeGreaterThan(onNoise[0]?.score ?? 0);
  });
});

describe('degenerate prompts', () => {
  it('gives no candidate, rather than failing, for a box too small to hold colour models', async () => {
    const { image } = syntheticImage();
    const box = { xMin: 150 / WIDTH_PX, yMin: 70 / HEIGHT_PX, xMax: 151 / WIDTH_PX, yMax: 71 / HEIGHT_PX };
    await expect(segmentDecodedImage(cv, image, { points: [], boundingBox: box })).resolves.toEqual([]);
  });
});
