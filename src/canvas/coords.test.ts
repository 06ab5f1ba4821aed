import { describe, expect, it } from 'vitest';
import {
  clampNormalized,
  fitView,
  imagePoint,
  imageToNormalized,
  imageToStage,
  isInsideImage,
  normalizedBoxFromCorners,
  normalizedPoint,
  normalizedToImage,
  normalizedToStage,
  panView,
  stagePoint,
  stageToImage,
  stageToNormalized,
  zoomAboutStagePoint,
  type ViewTransform,
} from './coords';

const view: ViewTransform = { scale: 0.37, offsetXPx: 41.5, offsetYPx: -12 };
const size = { widthPx: 1024, heightPx: 683 };

describe('round trips', () => {
  const samples = [
    [0, 0],
    [1, 1],
    [0.25, 0.75],
    [0.123456, 0.987654],
    [-0.2, 1.3],
  ] as const;
  it.each(samples)('normalized (%f, %f) → stage → normalized', (x, y) => {
    const back = stageToNormalized(normalizedToStage(normalizedPoint(x, y), view, size), view, size);
    expect(back.x).toBeCloseTo(x, 12);
    expect(back.y).toBeCloseTo(y, 12);
  });
  it.each(samples)('normalized (%f, %f) → image → normalized', (x, y) => {
    const back = imageToNormalized(normalizedToImage(normalizedPoint(x, y), size), size);
    expect(back.x).toBeCloseTo(x, 12);
    expect(back.y).toBeCloseTo(y, 12);
  });
  it('stage → image → stage', () => {
    const start = stagePoint(300.25, 199.75);
    const back = imageToStage(stageToImage(start, view), view);
    expect(back.x).toBeCloseTo(start.x, 10);
    expect(back.y).toBeCloseTo(start.y, 10);
  });
});

describe('known values', () => {
  it('maps the image origin to the view offset and the far corner by the scale', () => {
    expect(imageToStage(imagePoint(0, 0), view)).toEqual({ x: 41.5, y: -12 });
    const corner = normalizedToStage(normalizedPoint(1, 1), view, size);
    expect(corner.x).toBeCloseTo(41.5 + 1024 * 0.37);
    expect(corner.y).toBeCloseTo(-12 + 683 * 0.37);
  });
});

describe('fitView', () => {
  it('fits a landscape image to the width and centres it vertically', () => {
    const fitted = fitView({ widthPx: 2000, heightPx: 1000 }, { widthPx: 1000, heightPx: 800 });
    expect(fitted).toEqual({ scale: 0.5, offsetXPx: 0, offsetYPx: 150 });
  });
  it('fits a portrait image to the height, centring horizontally, honouring padding', () => {
    const fitted = fitView({ widthPx: 500, heightPx: 1000 }, { widthPx: 1000, heightPx: 820 }, 10);
    expect(fitted.scale).toBeCloseTo(0.8);
    expect(fitted.offsetXPx).toBeCloseTo(300);
    expect(fitted.offsetYPx).toBeCloseTo(10);
  });
});

describe('zoomAboutStagePoint', () => {
  it('keeps the image point under the cursor fixed', () => {
    const anchor = stagePoint(200, 150);
    const before = stageToImage(anchor, view);
    const zoomed = zoomAboutStagePoint(view, anchor, 1.7, 0.01, 50);
    const after = stageToImage(anchor, zoomed);
    expect(zoomed.scale).toBeCloseTo(0.37 * 1.7);
    expect(after.x).toBeCloseTo(before.x, 10);
    expect(after.y).toBeCloseTo(before.y, 10);
  });
  it('clamps the scale', () => {
    expect(zoomAboutStagePoint(view, stagePoint(0, 0), 1000, 0.1, 8).scale).toBe(8);
    expect(zoomAboutStagePoint(view, stagePoint(0, 0), 0.0001, 0.1, 8).scale).toBe(0.1);
  });
});

describe('panView', () => {
  it('moves the offset by the delta', () => {
    expect(panView(view, 10, -5)).toEqual({ scale: 0.37, offsetXPx: 51.5, offsetYPx: -17 });
  });
});

describe('clamping and boxes', () => {
  it('clamps points into [0,1] and tells inside from outside', () => {
    expect(clampNormalized(normalizedPoint(-0.1, 1.2))).toEqual({ x: 0, y: 1 });
    expect(isInsideImage(normalizedPoint(0.5, 1))).toBe(true);
    expect(isInsideImage(normalizedPoint(1.01, 0.5))).toBe(false);
  });
  it('orders and clamps box corners; a box beside the image is null', () => {
    expect(normalizedBoxFromCorners(normalizedPoint(0.8, 1.4), normalizedPoint(-0.2, 0.3))).toEqual({ xMin: 0, yMin: 0.3, xMax: 0.8, yMax: 1 });
    expect(normalizedBoxFromCorners(normalizedPoint(1.2, 0.1), normalizedPoint(1.5, 0.6))).toBeNull();
  });
});
