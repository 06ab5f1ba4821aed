import { describe, expect, it } from 'vitest';
import { nextUnannotatedId } from './App';

describe('nextUnannotatedId', () => {
  const ids = [1, 2, 3, 4];
  it('takes the next image known to have none, wrapping around', () => {
    expect(nextUnannotatedId(ids, 2, new Map([[1, 0], [2, 0], [3, 5], [4, 0]]))).toBe(4);
    expect(nextUnannotatedId(ids, 4, new Map([[1, 0], [2, 3], [3, 5], [4, 0]]))).toBe(1);
  });
  it('skips images whose count is not known yet and is null when none is left', () => {
    expect(nextUnannotatedId(ids, 1, new Map([[1, 0], [2, 1], [3, 2]]))).toBeNull();
  });
});
