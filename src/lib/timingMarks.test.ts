import { describe, expect, it } from 'vitest';
import { MARK_IMAGE_PREFETCHED, MARK_IMAGE_SHOWN, RecentIdSet, markImagePrefetched, markImageShown } from './timingMarks';

describe('timing marks', () => {
  it('RecentIdSet keeps at most its cap, forgetting the oldest ids', () => {
    const ids = new RecentIdSet(3);
    expect([1, 2, 3].map((id) => ids.add(id))).toEqual([true, true, true]);
    expect(ids.add(2)).toBe(false); // already there
    expect(ids.add(4)).toBe(true);
    expect(ids.size).toBe(3);
    expect(ids.has(1)).toBe(false);
    expect([2, 3, 4].every((id) => ids.has(id))).toBe(true);
    for (let id = 10; id < 10_000; id++) ids.add(id);
    expect(ids.size).toBe(3);
  });

  it('marks image-shown and image-prefetched with the file id', () => {
    performance.clearMarks(MARK_IMAGE_SHOWN);
    performance.clearMarks(MARK_IMAGE_PREFETCHED);
    markImageShown(7);
    markImagePrefetched(8);
    expect((performance.getEntriesByName('annotator:image-shown') as PerformanceMark[]).map((m): unknown => m.detail)).toEqual([{ fileId: 7 }]);
    expect((performance.getEntriesByName('annotator:image-prefetched') as PerformanceMark[]).map((m): unknown => m.detail)).toEqual([{ fileId: 8 }]);
  });
});
