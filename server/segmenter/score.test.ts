import { describe, expect, it } from 'vitest';
import { SCORE_WEIGHTS, scoreCandidate, stabilities } from './score';

const square = (x0: number, y0: number, side: number) => [
  { x: x0, y: y0 },
  { x: x0 + side, y: y0 },
  { x: x0 + side, y: y0 + side },
  { x: x0, y: y0 + side },
];

describe('stabilities', () => {
  it('is 1 for identical masks, 0 for disjoint ones, neutral for a lone candidate', () => {
    expect(stabilities([[square(0.1, 0.1, 0.3)], [square(0.1, 0.1, 0.3)]])).toEqual([1, 1]);
    expect(stabilities([[square(0.1, 0.1, 0.2)], [square(0.6, 0.6, 0.2)]])).toEqual([0, 0]);
    expect(stabilities([[square(0.1, 0.1, 0.2)]])).toEqual([SCORE_WEIGHTS.neutralStability]);
  });

  it('ranks the middle of three nested masks as the most stable', () => {
    const [small, middle, large] = stabilities([[square(0.4, 0.4, 0.1)], [square(0.35, 0.35, 0.2)], [square(0.2, 0.2, 0.5)]]);
    expect(middle).toBeGreaterThan(small as number);
    expect(middle).toBeGreaterThan(large as number);
  });
});

describe('scoreCandidate', () => {
  const base = { polygons: [square(0.1, 0.1, 0.3)], colourSeparation: 0.5, interiorBorderCoverage: 0 };

  it('stays in [0,1] at the extremes', () => {
    for (const stability of [0, 1]) {
      for (const colourSeparation of [0, 1]) {
        for (const interiorBorderCoverage of [0, 1]) {
          const score = scoreCandidate({ ...base, colourSeparation, interiorBorderCoverage }, stability);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('rises with stability and colour separation, falls with border contact and fragmentation', () => {
    expect(scoreCandidate(base, 0.9)).toBeGreaterThan(scoreCandidate(base, 0.5));
    expect(scoreCandidate({ ...base, colourSeparation: 0.9 }, 0.7)).toBeGreaterThan(scoreCandidate(base, 0.7));
    expect(scoreCandidate({ ...base, interiorBorderCoverage: 0.5 }, 0.7)).toBeLessThan(scoreCandidate(base, 0.7));
    expect(scoreCandidate({ ...base, polygons: [square(0.1, 0.1, 0.1), square(0.5, 0.5, 0.1)] }, 0.7)).toBeLessThan(
      scoreCandidate(base, 0.7),
    );
  });
});
