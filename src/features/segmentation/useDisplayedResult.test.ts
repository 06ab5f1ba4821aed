import { describe, expect, it } from 'vitest';
import { chooseDisplayedJob, effectiveSelectedIndex, sortSegmentsByScore } from './useDisplayedResult';

describe('which result is displayed', () => {
  it('shows nothing for an empty prompt set, even with an earlier result', () => {
    expect(chooseDisplayedJob(null, null, false, 7)).toEqual({ jobId: null, stale: false });
  });

  it('shows the prompt set’s own completed result at full strength', () => {
    expect(chooseDisplayedJob('k', 9, true, 7)).toEqual({ jobId: 9, stale: false });
  });

  it('keeps the previous result, marked stale, while the own job is pending or failed', () => {
    expect(chooseDisplayedJob('k', 9, false, 7)).toEqual({ jobId: 7, stale: true });
    expect(chooseDisplayedJob('k', null, false, 7)).toEqual({ jobId: 7, stale: true });
  });

  it('never presents a job as stale for its own prompts, and shows nothing when there is no earlier result', () => {
    expect(chooseDisplayedJob('k', 7, false, 7)).toEqual({ jobId: null, stale: false });
    expect(chooseDisplayedJob('k', 9, false, undefined)).toEqual({ jobId: null, stale: false });
  });

  it('sorts candidates best first without changing the input', () => {
    const segments = [
      { score: 0.2, polygons: [] },
      { score: 0.9, polygons: [] },
      { score: 0.5, polygons: [] },
    ];
    expect(sortSegmentsByScore(segments).map((s) => s.score)).toEqual([0.9, 0.5, 0.2]);
    expect(segments[0]?.score).toBe(0.2);
  });

  it('clamps the selected candidate once, for both the overlay and the list', () => {
    expect(effectiveSelectedIndex(2, 3)).toBe(2);
    expect(effectiveSelectedIndex(0, 3)).toBe(0);
    // A choice past the end (fewer candidates than before) falls back to the best one, which both then mark.
    expect(effectiveSelectedIndex(3, 3)).toBe(0);
    expect(effectiveSelectedIndex(5, 1)).toBe(0);
    expect(effectiveSelectedIndex(-1, 3)).toBe(0);
    expect(effectiveSelectedIndex(0, 0)).toBe(0);
  });
});
