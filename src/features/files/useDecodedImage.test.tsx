import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImageSource } from '../../api/files';
import { DecodedImageCache, MAX_DISPLAY_PIXELS, describeDecodeFailure, displaySizeFor, useDecodedImage, type DecodeResult } from './useDecodedImage';

const bytes = (text: string): ImageSource => ({ kind: 'bytes', blob: new Blob([text]) });

describe('useDecodedImage', () => {
  it('reports the decoded image, then decoding again for a new source', async () => {
    const canvas = document.createElement('canvas');
    const sourceSize = { widthPx: 300, heightPx: 150 };
    const decode = vi.fn(() => Promise.resolve({ image: canvas, sourceSize }));
    const cache = new DecodedImageCache(decode);
    const first = bytes('a');
    const { result, rerender } = renderHook(({ fileId, source }) => useDecodedImage(fileId, source, cache), {
      initialProps: { fileId: 1, source: first },
    });
    expect(result.current.status).toBe('decoding');
    await waitFor(() => expect(result.current).toEqual({ status: 'ready', image: canvas, sourceSize }));
    const second: ImageSource = { kind: 'url', url: 'http://store.test/x.jpg' };
    rerender({ fileId: 2, source: second });
    expect(result.current.status).toBe('decoding');
    expect(decode).toHaveBeenLastCalledWith(second);
  });

  it('is ready in the first render for an image decoded ahead (a prefetched neighbour)', async () => {
    const canvas = document.createElement('canvas');
    const cache = new DecodedImageCache(() => Promise.resolve({ image: canvas, sourceSize: { widthPx: 1, heightPx: 1 } }));
    const source = bytes('n');
    await cache.load(7, source);
    const { result } = renderHook(() => useDecodedImage(7, source, cache));
    expect(result.current).toMatchObject({ status: 'ready', image: canvas });
  });

  it('turns a decode failure into a "not an image" error', async () => {
    const cache = new DecodedImageCache(() => Promise.reject(new Error('InvalidStateError: bad bytes')));
    const source = bytes('not an image');
    const { result } = renderHook(() => useDecodedImage(1, source, cache));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.status === 'error' && result.current.error.message).toMatch(/could not be decoded as an image.*bad bytes/);
  });
});

describe('describeDecodeFailure', () => {
  it('reports bytes that do not decode as "Not an image", which a retry cannot fix', () => {
    expect(describeDecodeFailure('a.png', bytes('x'), new Error('The file could not be decoded as an image (bad bytes).'))).toEqual({
      title: 'Not an image',
      detail: '"a.png": The file could not be decoded as an image (bad bytes).',
      requestId: undefined,
      retryable: false,
    });
  });

  it('reports a failed URL fallback (the download itself failed) as a retryable "Download failed"', () => {
    const description = describeDecodeFailure('a.png', { kind: 'url', url: 'http://store.test/dl/a?sig=secret' }, new Error('decode failed'));
    expect(description).toMatchObject({ title: 'Download failed', retryable: true, requestId: undefined });
    expect(description.detail).toContain('http://store.test');
    expect(description.detail).not.toContain('sig=secret');
  });
});

describe('DecodedImageCache', () => {
  const fakeBitmap = () => ({ image: document.createElement('canvas'), sourceSize: { widthPx: 1, heightPx: 1 }, close: vi.fn() });

  it('decodes a source once, and again for a new download of the same file', async () => {
    const decode = vi.fn((_source: ImageSource): Promise<DecodeResult> => Promise.resolve(fakeBitmap()));
    const cache = new DecodedImageCache(decode);
    const source = bytes('a');
    const [a, b] = await Promise.all([cache.load(1, source), cache.load(1, source)]);
    expect(a).toBe(b);
    expect(cache.peek(1, source)).toBe(a);
    expect(decode).toHaveBeenCalledTimes(1);
    const again = bytes('a');
    expect(cache.peek(1, again)).toBeUndefined();
    await cache.load(1, again);
    expect(decode).toHaveBeenCalledTimes(2);
  });

  it('keeps only the open image and its neighbours, and never more than its capacity', async () => {
    const cache = new DecodedImageCache(() => Promise.resolve(fakeBitmap()), 3);
    for (const id of [1, 2, 3]) await cache.load(id, bytes(String(id)));
    cache.keepOnly([2, 3]);
    expect(cache.fileIds).toEqual([2, 3]);
    for (const id of [4, 5]) await cache.load(id, bytes(String(id)));
    expect(cache.fileIds).toEqual([3, 4, 5]);
  });

  it('closes bitmaps it drops, including one whose decode finishes after it was dropped', async () => {
    const closed: number[] = [];
    const bitmapFor = (id: number) => {
      const bitmap = Object.create(ImageBitmap.prototype) as ImageBitmap;
      Object.defineProperty(bitmap, 'close', { value: () => closed.push(id) });
      return { image: bitmap, sourceSize: { widthPx: 1, heightPx: 1 } };
    };
    let finishLate: (result: DecodeResult) => void = () => undefined;
    const cache = new DecodedImageCache((source) =>
      source.kind === 'url' ? new Promise<DecodeResult>((resolve) => (finishLate = resolve)) : Promise.resolve(bitmapFor(1)),
    );
    await cache.load(1, bytes('1'));
    const late = cache.load(2, { kind: 'url', url: 'http://store.test/2' });
    cache.keepOnly([]);
    expect(closed).toEqual([1]);
    finishLate(bitmapFor(2));
    await late;
    expect(closed).toEqual([1, 2]);
  });

  it('forgets a failed decode so a retry decodes again', async () => {
    const decode = vi.fn().mockRejectedValueOnce(new Error('bad')).mockResolvedValueOnce(fakeBitmap());
    const cache = new DecodedImageCache(decode);
    const source = bytes('x');
    await expect(cache.load(1, source)).rejects.toThrow('bad');
    await expect(cache.load(1, source)).resolves.toBeDefined();
    expect(decode).toHaveBeenCalledTimes(2);
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
