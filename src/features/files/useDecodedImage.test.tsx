import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImageSource } from '../../api/files';
import { MAX_DISPLAY_PIXELS, displaySizeFor, useDecodedImage } from './useDecodedImage';

describe('useDecodedImage', () => {
  it('reports the decoded image, then decoding again for a new source', async () => {
    const canvas = document.createElement('canvas');
    const sourceSize = { widthPx: 300, heightPx: 150 };
    const decode = vi.fn(() => Promise.resolve({ image: canvas, sourceSize }));
    const first: ImageSource = { kind: 'bytes', blob: new Blob(['a']) };
    const { result, rerender } = renderHook(({ source }) => useDecodedImage(source, decode), { initialProps: { source: first as ImageSource } });
    expect(result.current.status).toBe('decoding');
    await waitFor(() => expect(result.current).toEqual({ status: 'ready', image: canvas, sourceSize }));
    const second: ImageSource = { kind: 'url', url: 'http://store.test/x.jpg' };
    rerender({ source: second });
    expect(result.current.status).toBe('decoding');
    expect(decode).toHaveBeenLastCalledWith(second);
  });

  it('turns a decode failure into a "not an image" error', async () => {
    const decode = () => Promise.reject(new Error('InvalidStateError: bad bytes'));
    const source: ImageSource = { kind: 'bytes', blob: new Blob(['not an image']) };
    const { result } = renderHook(() => useDecodedImage(source, decode));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.status === 'error' && result.current.error.message).toMatch(/could not be decoded as an image.*bad bytes/);
  });
});

describe('displaySizeFor', () => {
  it('keeps images within the limit as they are', () => {
    const size = { widthPx: 4096, heightPx: 4096 };
    expect(displaySizeFor(size)).toBe(size);
  });
  it('shrinks larger images to the pixel budget, keeping the aspect ratio', () => {
    const shown = displaySizeFor({ widthPx: 8000, heightPx: 6000 });
    expect(shown.widthPx * shown.heightPx).toBeLessThanOrEqual(MAX_DISPLAY_PIXELS);
    expect(shown.widthPx * shown.heightPx).toBeGreaterThan(MAX_DISPLAY_PIXELS * 0.999);
    expect(shown.widthPx / shown.heightPx).toBeCloseTo(8000 / 6000, 3);
  });
});
