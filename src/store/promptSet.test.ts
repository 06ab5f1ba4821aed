import { describe, expect, it } from 'vitest';
import {
  EMPTY_PROMPT_SET,
  NEGATIVE,
  POSITIVE,
  canonicalPromptKey,
  canonicalPromptSet,
  isEmptyPromptSet,
  nearestPointIndex,
  roundCoordinate,
  withBox,
  withPointAdded,
  withPointRemoved,
} from './promptSet';

describe('prompt set', () => {
  it('adds points rounded to 1e-5 and clamped to [0,1]', () => {
    const prompts = withPointAdded(EMPTY_PROMPT_SET, { x: 0.1234567, y: 1.2, label: POSITIVE });
    expect(prompts.points).toEqual([{ x: 0.12346, y: 1, label: 1 }]);
    expect(roundCoordinate(-0.5)).toBe(0);
  });

  it('replaces a point at the same place instead of duplicating it (CDF needs unique points)', () => {
    const once = withPointAdded(EMPTY_PROMPT_SET, { x: 0.5, y: 0.5, label: POSITIVE });
    const flipped = withPointAdded(once, { x: 0.500001, y: 0.5, label: NEGATIVE });
    expect(flipped.points).toEqual([{ x: 0.5, y: 0.5, label: 0 }]);
  });

  it('removes one point and keeps the others and the box', () => {
    let prompts = withPointAdded(EMPTY_PROMPT_SET, { x: 0.1, y: 0.1, label: POSITIVE });
    prompts = withPointAdded(prompts, { x: 0.2, y: 0.2, label: NEGATIVE });
    prompts = withBox(prompts, { xMin: 0, yMin: 0, xMax: 0.5, yMax: 0.5 });
    const removed = withPointRemoved(prompts, 0);
    expect(removed.points).toEqual([{ x: 0.2, y: 0.2, label: 0 }]);
    expect(removed.box).toEqual(prompts.box);
    expect(withPointRemoved(prompts, 7)).toBe(prompts);
  });

  it('orders box corners and ignores a box without area', () => {
    const prompts = withBox(EMPTY_PROMPT_SET, { xMin: 0.6, yMin: 0.9, xMax: 0.2, yMax: 0.1 });
    expect(prompts.box).toEqual({ xMin: 0.2, yMin: 0.1, xMax: 0.6, yMax: 0.9 });
    expect(withBox(prompts, { xMin: 0.3, yMin: 0.3, xMax: 0.3, yMax: 0.8 })).toBe(prompts);
  });

  it('gives equal canonical keys to sets that differ only in point order', () => {
    const a = withPointAdded(withPointAdded(EMPTY_PROMPT_SET, { x: 0.1, y: 0.2, label: 1 }), { x: 0.3, y: 0.4, label: 0 });
    const b = withPointAdded(withPointAdded(EMPTY_PROMPT_SET, { x: 0.3, y: 0.4, label: 0 }), { x: 0.1, y: 0.2, label: 1 });
    expect(canonicalPromptKey(a)).toBe(canonicalPromptKey(b));
    expect(canonicalPromptSet(b).points[0]).toEqual({ x: 0.1, y: 0.2, label: 1 });
  });

  it('gives different keys when a label, a coordinate or the box differs', () => {
    const base = withPointAdded(EMPTY_PROMPT_SET, { x: 0.1, y: 0.2, label: 1 });
    const keys = new Set([
      canonicalPromptKey(EMPTY_PROMPT_SET),
      canonicalPromptKey(base),
      canonicalPromptKey(withPointAdded(EMPTY_PROMPT_SET, { x: 0.1, y: 0.2, label: 0 })),
      canonicalPromptKey(withPointAdded(EMPTY_PROMPT_SET, { x: 0.1, y: 0.21, label: 1 })),
      canonicalPromptKey(withBox(base, { xMin: 0, yMin: 0, xMax: 1, yMax: 1 })),
    ]);
    expect(keys.size).toBe(5);
    expect(isEmptyPromptSet(EMPTY_PROMPT_SET)).toBe(true);
    expect(isEmptyPromptSet(base)).toBe(false);
  });

  it('finds the nearest point within a screen-pixel radius', () => {
    let prompts = withPointAdded(EMPTY_PROMPT_SET, { x: 0.1, y: 0.1, label: 1 });
    prompts = withPointAdded(prompts, { x: 0.12, y: 0.1, label: 1 });
    // Displayed at 1000x500 px: the second point is 20 px right of the first.
    expect(nearestPointIndex(prompts, { x: 0.118, y: 0.1 }, 1000, 500, 8)).toBe(1);
    expect(nearestPointIndex(prompts, { x: 0.5, y: 0.5 }, 1000, 500, 8)).toBe(-1);
  });
});
