import { describe, expect, it } from 'vitest';
import { normalizedToWork, planCrops, workToNormalized } from './crop';

const options = { maxWorkSidePx: 240 };

describe('planCrops', () => {
  it('gives three context scales for one click, smallest first, the last being the whole image', () => {
    const plans = planCrops({ points: [{ x: 0.5, y: 0.5, label: 1 }] }, 1200, 800, options);
    expect(plans).toHaveLength(3);
    const areas = plans.map((plan) => plan.rect.widthPx * plan.rect.heightPx);
    expect(areas).toEqual([...areas].sort((a, b) => a - b));
    expect(plans[2]?.rect).toEqual({ xPx: 0, yPx: 0, widthPx: 1200, heightPx: 800 });
    expect(plans[2]?.interiorEdges).toEqual({ left: false, top: false, right: false, bottom: false });
    expect(plans[0]?.interiorEdges).toEqual({ left: true, top: true, right: true, bottom: true });
    for (const plan of plans) {
      expect(Math.max(plan.workWidthPx, plan.workHeightPx)).toBeLessThanOrEqual(240);
      // The click lies inside every crop.
      expect(plan.rect.xPx).toBeLessThanOrEqual(600);
      expect(plan.rect.xPx + plan.rect.widthPx).toBeGreaterThan(600);
    }
  });

  it('keeps crops inside the image for a click near a corner, and marks image edges as such', () => {
    const [small] = planCrops({ points: [{ x: 0.01, y: 0.02, label: 1 }] }, 1000, 1000, options);
    expect(small?.rect.xPx).toBe(0);
    expect(small?.rect.yPx).toBe(0);
    expect(small?.interiorEdges.left).toBe(false);
    expect(small?.interiorEdges.right).toBe(true);
  });

  it('makes the crops hold the spread of several positive clicks', () => {
    const plans = planCrops(
      { points: [{ x: 0.1, y: 0.5, label: 1 }, { x: 0.7, y: 0.5, label: 1 }, { x: 0.95, y: 0.95, label: 0 }] },
      1000,
      500,
      options,
    );
    for (const plan of plans) {
      expect(plan.rect.xPx).toBeLessThanOrEqual(100);
      expect(plan.rect.xPx + plan.rect.widthPx).toBeGreaterThanOrEqual(700);
    }
  });

  it('bounds the crops by the box (plus margins) when there is one', () => {
    const plans = planCrops({ points: [], boundingBox: { xMin: 0.4, yMin: 0.4, xMax: 0.6, yMax: 0.5 } }, 1000, 1000, options);
    expect(plans).toHaveLength(3);
    for (const plan of plans) {
      expect(plan.useBox).toBe(true);
      expect(plan.rect.xPx).toBeLessThanOrEqual(400);
      expect(plan.rect.xPx + plan.rect.widthPx).toBeGreaterThanOrEqual(600);
      expect(plan.rect.widthPx).toBeLessThan(500);
    }
  });

  it('selects nothing without a positive click or a box', () => {
    expect(planCrops({ points: [{ x: 0.5, y: 0.5, label: 0 }] }, 100, 100, options)).toEqual([]);
  });

  it('does not upscale small crops', () => {
    const plans = planCrops({ points: [{ x: 0.5, y: 0.5, label: 1 }] }, 120, 90, options);
    for (const plan of plans) {
      expect(plan.workWidthPx).toBe(plan.rect.widthPx);
      expect(plan.workHeightPx).toBe(plan.rect.heightPx);
    }
  });
});

describe('coordinate mapping', () => {
  it('round-trips normalized → work → normalized', () => {
    const [plan] = planCrops({ points: [{ x: 0.3, y: 0.6, label: 1 }] }, 4000, 3000, options);
    if (!plan) throw new Error('no plan');
    for (const point of [{ x: 0.3, y: 0.6 }, { x: 0.25, y: 0.55 }, { x: 0.33, y: 0.65 }]) {
      const { u, v } = normalizedToWork(point, plan, 4000, 3000);
      const back = workToNormalized(u, v, plan, 4000, 3000);
      expect(back.x).toBeCloseTo(point.x, 12);
      expect(back.y).toBeCloseTo(point.y, 12);
    }
  });

  it('maps a work pixel centre to the centre of the full-resolution pixels it covers', () => {
    const plan = {
      rect: { xPx: 100, yPx: 50, widthPx: 400, heightPx: 200 },
      workWidthPx: 200,
      workHeightPx: 100,
      interiorEdges: { left: true, top: true, right: true, bottom: true },
      useBox: false,
    };
    // Work pixel 0 covers full-res pixels 100 and 101: its centre 0.5 is full-res 101.0 (the seam between them).
    expect(workToNormalized(0.5, 0.5, plan, 1000, 500)).toEqual({ x: 101 / 1000, y: 51 / 500 });
    expect(normalizedToWork({ x: 101 / 1000, y: 51 / 500 }, plan, 1000, 500)).toEqual({ u: 0.5, v: 0.5 });
  });
});
