import { describe, expect, it } from 'vitest';
import { promptPoint } from './promptSet';
import { normalizedBox } from '../canvas/coords';
import {
  EMPTY_PROMPT_SET,
  NEGATIVE,
  POSITIVE,
  canonicalPromptKey,
  canonicalPromptSet,
  isEmptyPromptSet,
  roundCoordinate,
  withBox,
  withPointAdded,
  withPointRemoved,
} from './promptSet';

describe('prompt set', () => {
  it('adds points rounded to 1e-5 and clamped to [0,1]', () => {
    const prompts = withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.1234567, 1.2, POSITIVE));
    expect(prompts.points).toEqual([promptPoint(0.12346, 1, 1)]);
    expect(roundCoordinate(-0.5)).toBe(0);
  });

  it('replaces a point at the same place instead of duplicating it (CDF needs unique points)', () => {
    const once = withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.5, 0.5, POSITIVE));
    const flipped = withPointAdded(once, promptPoint(0.500001, 0.5, NEGATIVE));
    expect(flipped.points).toEqual([promptPoint(0.5, 0.5, 0)]);
  });

  it('removes one point and keeps the others and the box', () => {
    let prompts = withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.1, 0.1, POSITIVE));
    prompts = withPointAdded(prompts, promptPoint(0.2, 0.2, NEGATIVE));
    prompts = withBox(prompts, normalizedBox(0, 0, 0.5, 0.5));
    const removed = withPointRemoved(prompts, 0);
    expect(removed.points).toEqual([promptPoint(0.2, 0.2, 0)]);
    expect(removed.box).toEqual(prompts.box);
    expect(withPointRemoved(prompts, 7)).toBe(prompts);
  });

  it('orders box corners and ignores a box without area', () => {
    const prompts = withBox(EMPTY_PROMPT_SET, normalizedBox(0.6, 0.9, 0.2, 0.1));
    expect(prompts.box).toEqual(normalizedBox(0.2, 0.1, 0.6, 0.9));
    expect(withBox(prompts, normalizedBox(0.3, 0.3, 0.3, 0.8))).toBe(prompts);
  });

  it('gives equal canonical keys to sets that differ only in point order', () => {
    const a = withPointAdded(withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.1, 0.2, 1)), promptPoint(0.3, 0.4, 0));
    const b = withPointAdded(withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.3, 0.4, 0)), promptPoint(0.1, 0.2, 1));
    expect(canonicalPromptKey(a)).toBe(canonicalPromptKey(b));
    expect(canonicalPromptSet(b).points[0]).toEqual(promptPoint(0.1, 0.2, 1));
  });

  it('gives different keys when a label, a coordinate or the box differs', () => {
    const base = withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.1, 0.2, 1));
    const keys = new Set([
      canonicalPromptKey(EMPTY_PROMPT_SET),
      canonicalPromptKey(base),
      canonicalPromptKey(withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.1, 0.2, 0))),
      canonicalPromptKey(withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.1, 0.21, 1))),
      canonicalPromptKey(withBox(base, normalizedBox(0, 0, 1, 1))),
    ]);
    expect(keys.size).toBe(5);
    expect(isEmptyPromptSet(EMPTY_PROMPT_SET)).toBe(true);
    expect(isEmptyPromptSet(base)).toBe(false);
  });
});
