import { beforeAll, describe, expect, it } from 'vitest';
import type { CropPlan } from './crop';
import { cvConstants, loadOpenCv, type OpenCv } from './opencv';
import { MAX_VERTICES, maskToPolygons } from './polygons';
import { maskIou, rasterizePolygons } from './rasterize';

let cv: OpenCv;
beforeAll(async () => {
  cv = await loadOpenCv();
});

/** A plan covering the whole image at a given downscale. */
function wholeImagePlan(widthPx: number, heightPx: number, workWidthPx: number, workHeightPx: number): CropPlan {
  return {
    rect: { xPx: 0, yPx: 0, widthPx, heightPx },
    workWidthPx,
    workHeightPx,
    interiorEdges: { left: false, top: false, right: false, bottom: false },
    useBox: false,
  };
}

function withMask<T>(width: number, height: number, draw: (mask: InstanceType<OpenCv['Mat']>) => void, use: (mask: InstanceType<OpenCv['Mat']>) => T): T {
  const mask = new cv.Mat(height, width, cvConstants(cv).CV_8UC1, new cv.Scalar(0));
  try {
    draw(mask);
    return use(mask);
  } finally {
    mask.delete();
  }
}

describe('maskToPolygons', () => {
  it('traces a rectangle at the right place at full resolution, with the first vertex not repeated', () => {
    // Work pixels 10..49 × 20..59 on a 100×100 work grid over a 400×400 image: the object spans 40..200 × 80..240.
    const polygons = withMask(
      100,
      100,
      (mask) => cv.rectangle(mask, new cv.Point(10, 20), new cv.Point(49, 59), new cv.Scalar(255), -1),
      (mask) => maskToPolygons(cv, mask, wholeImagePlan(400, 400, 100, 100), 400, 400),
    );
    expect(polygons).toHaveLength(1);
    const polygon = polygons[0] ?? [];
    expect(polygon.length).toBeGreaterThanOrEqual(4);
    expect(polygon.length).toBeLessThanOrEqual(8);
    expect(polygon[0]).not.toEqual(polygon.at(-1));
    const xs = polygon.map((vertex) => vertex.x * 400);
    const ys = polygon.map((vertex) => vertex.y * 400);
    // Within one full-resolution pixel of the true edges (the work grid is 4× coarser).
    expect(Math.min(...xs)).toBeCloseTo(40, -0.3);
    expect(Math.max(...xs)).toBeCloseTo(200, -0.3);
    expect(Math.min(...ys)).toBeCloseTo(80, -0.3);
    expect(Math.max(...ys)).toBeCloseTo(240, -0.3);
  });

  it('reproduces a disc with IoU > 0.98 after the round trip through polygons', () => {
    const widthPx = 300;
    const heightPx = 200;
    const polygons = withMask(
      150,
      100,
      (mask) => cv.circle(mask, new cv.Point(75, 50), 30, new cv.Scalar(255), -1),
      (mask) => maskToPolygons(cv, mask, wholeImagePlan(widthPx, heightPx, 150, 100), widthPx, heightPx),
    );
    const drawn = rasterizePolygons(polygons, widthPx, heightPx);
    const truth = new Uint8Array(widthPx * heightPx);
    for (let row = 0; row < heightPx; row++) {
      for (let column = 0; column < widthPx; column++) {
        // Work pixel (75, 50) has its centre at full-res (151, 101); OpenCV's radius-30 disc has the area of a
        // continuous disc of radius 30 work px = 60 full-res px.
        if (Math.hypot(column + 0.5 - 151, row + 0.5 - 101) <= 60) truth[row * widthPx + column] = 1;
      }
    }
    expect(maskIou(drawn, truth)).toBeGreaterThan(0.98);
  });

  it('fills holes (CDF polygons cannot carry them) and returns one polygon per part, largest first', () => {
    const polygons = withMask(
      120,
      60,
      (mask) => {
        cv.circle(mask, new cv.Point(30, 30), 25, new cv.Scalar(255), -1);
        cv.circle(mask, new cv.Point(30, 30), 10, new cv.Scalar(0), -1); // the hole
        cv.rectangle(mask, new cv.Point(80, 20), new cv.Point(99, 39), new cv.Scalar(255), -1);
      },
      (mask) => maskToPolygons(cv, mask, wholeImagePlan(120, 60, 120, 60), 120, 60),
    );
    expect(polygons).toHaveLength(2);
    const ring = rasterizePolygons([polygons[0] ?? []], 120, 60);
    expect(ring[30 * 120 + 30]).toBe(1); // the hole's centre is inside the outer polygon
    const square = rasterizePolygons([polygons[1] ?? []], 120, 60);
    expect(square[30 * 120 + 90]).toBe(1);
  });

  it('drops specks and keeps every polygon within 3–1000 vertices, raising the tolerance when needed', () => {
    const polygons = withMask(
      400,
      400,
      (mask) => {
        cv.circle(mask, new cv.Point(3, 3), 0, new cv.Scalar(255), -1); // a 1-px speck
        // A comb: a contour with thousands of corners at tolerance 1.4 px.
        for (let column = 20; column < 380; column += 2) cv.line(mask, new cv.Point(column, 20), new cv.Point(column, 380), new cv.Scalar(255), 1);
        cv.rectangle(mask, new cv.Point(20, 370), new cv.Point(380, 380), new cv.Scalar(255), -1);
      },
      (mask) => maskToPolygons(cv, mask, wholeImagePlan(4000, 4000, 400, 400), 4000, 4000, { toleranceFullResPx: 0.1 }),
    );
    expect(polygons).toHaveLength(1);
    expect(polygons[0]?.length).toBeGreaterThanOrEqual(3);
    expect(polygons[0]?.length).toBeLessThanOrEqual(MAX_VERTICES);
    for (const vertex of polygons[0] ?? []) {
      expect(vertex.x).toBeGreaterThanOrEqual(0);
      expect(vertex.x).toBeLessThanOrEqual(1);
    }
  });

  it('returns no polygon for an empty mask', () => {
    expect(withMask(20, 20, () => undefined, (mask) => maskToPolygons(cv, mask, wholeImagePlan(20, 20, 20, 20), 20, 20))).toEqual([]);
  });
});
