import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type OpenCv } from '../../server/segmenter/opencv';
import { clickToPoint, nextClick } from './clicker';

let cv: OpenCv;
beforeAll(async () => {
  cv = await loadOpenCv();
});

/** A W×H mask holding a filled axis-aligned rectangle [x0, x1) × [y0, y1). */
function rectangle(widthPx: number, heightPx: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const mask = new Uint8Array(widthPx * heightPx);
  for (let row = y0; row < y1; row++) for (let column = x0; column < x1; column++) mask[row * widthPx + column] = 1;
  return mask;
}

describe('nextClick', () => {
  it('clicks positive at the centre of a missed object', () => {
    const truth = rectangle(40, 30, 10, 5, 31, 26); // centre pixel (20, 15)
    const click = nextClick(cv, truth, new Uint8Array(40 * 30), 40, 30, []);
    expect(click).toEqual({ row: 15, column: 20, positive: true });
  });

  it('clicks negative inside the larger false-positive region', () => {
    const truth = rectangle(40, 30, 0, 0, 10, 10);
    const prediction = rectangle(40, 30, 0, 0, 10, 10);
    for (let row = 10; row < 30; row++) for (let column = 20; column < 40; column++) prediction[row * 40 + column] = 1;
    const click = nextClick(cv, truth, prediction, 40, 30, []);
    expect(click?.positive).toBe(false);
    expect(click?.column).toBeGreaterThanOrEqual(28);
    expect(click?.row).toBeGreaterThanOrEqual(18);
  });

  it('treats the image border as boundary and never repeats a clicked pixel', () => {
    const truth = rectangle(9, 9, 0, 0, 9, 9);
    const first = nextClick(cv, truth, new Uint8Array(81), 9, 9, []);
    expect(first).toEqual({ row: 4, column: 4, positive: true });
    const second = nextClick(cv, truth, new Uint8Array(81), 9, 9, first ? [first] : []);
    expect(second).not.toEqual(first);
  });

  it('returns undefined when the prediction is perfect', () => {
    const truth = rectangle(10, 10, 2, 2, 8, 8);
    expect(nextClick(cv, truth, truth, 10, 10, [])).toBeUndefined();
  });
});

describe('clickToPoint', () => {
  it('sends the pixel centre in normalized coordinates', () => {
    expect(clickToPoint({ row: 0, column: 9, positive: false }, 10, 4)).toEqual({ x: 0.95, y: 0.125, label: 0 });
  });
});
