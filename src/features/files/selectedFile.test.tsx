import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseFile, useSelectedFileRef } from './selectedFile';

describe('selected file in the URL', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('reads fileId / fileExternalId and rewrites them, keeping other parameters', () => {
    window.history.replaceState(null, '', '/?baseUrl=http%3A%2F%2F127.0.0.1%3A4011&fileExternalId=sample%3Acoffee');
    const { result } = renderHook(() => useSelectedFileRef());
    expect(result.current).toEqual({ externalId: 'sample:coffee' });
    act(() => chooseFile({ id: 17 }));
    expect(result.current).toEqual({ id: 17 });
    const params = new URLSearchParams(window.location.search);
    expect(params.get('fileId')).toBe('17');
    expect(params.has('fileExternalId')).toBe(false);
    expect(params.get('baseUrl')).toBe('http://127.0.0.1:4011');
  });

  it('is null without a file parameter', () => {
    const { result } = renderHook(() => useSelectedFileRef());
    expect(result.current).toBeNull();
  });
});
