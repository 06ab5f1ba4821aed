import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useObjectUrl } from './useObjectUrl';

describe('useObjectUrl', () => {
  afterEach(() => vi.restoreAllMocks());

  it('creates a URL for the blob and revokes it on change and unmount', () => {
    let counter = 0;
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:test/${(counter += 1)}`);
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const first = new Blob(['a']);
    const second = new Blob(['b']);
    const { result, rerender, unmount } = renderHook(({ blob }: { blob: Blob | undefined }) => useObjectUrl(blob), { initialProps: { blob: first } });
    expect(result.current).toBe('blob:test/1');
    rerender({ blob: second });
    expect(revoke).toHaveBeenCalledWith('blob:test/1');
    expect(result.current).toBe('blob:test/2');
    unmount();
    expect(revoke).toHaveBeenCalledWith('blob:test/2');
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('gives undefined without a blob', () => {
    const { result } = renderHook(() => useObjectUrl(undefined));
    expect(result.current).toBeUndefined();
  });
});
