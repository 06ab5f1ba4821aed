import { describe, expect, it } from 'vitest';
import { clicksToReach, failed, MAX_CLICKS, scoreBands, spearman } from './metrics';

describe('NoC and NoF', () => {
  it('counts clicks to the threshold, MAX_CLICKS when never reached', () => {
    expect(clicksToReach([0.5, 0.86, 0.91], 0.85)).toBe(2);
    expect(clicksToReach([0.5, 0.86, 0.91], 0.9)).toBe(3);
    expect(clicksToReach([0.5, 0.6], 0.9)).toBe(MAX_CLICKS);
    expect(failed([0.5, 0.6], 0.9)).toBe(true);
    expect(failed([0.95], 0.9)).toBe(false);
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation, -1 for decreasing, and handles ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 25, 100])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeGreaterThan(0.9);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe('scoreBands', () => {
  it('averages IoU per 0.2-wide score band, a score of 1 in the top band', () => {
    const bands = scoreBands([
      { score: 0.1, iou: 0.2 },
      { score: 0.15, iou: 0.4 },
      { score: 1, iou: 0.9 },
    ]);
    expect(bands[0]).toMatchObject({ count: 2, meanIou: expect.closeTo(0.3, 6) as number });
    expect(bands[4]).toMatchObject({ count: 1, meanIou: 0.9 });
    expect(bands[2]?.count).toBe(0);
  });
});
