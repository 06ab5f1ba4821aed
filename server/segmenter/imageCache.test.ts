import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { DecodedImageCache, decodeToRgb, type RgbImage } from './imageCache';
import { SegmentationError } from './types';

const fakeImage = (bytes: number): RgbImage => ({ data: Buffer.alloc(bytes), widthPx: bytes / 3, heightPx: 1 });

describe('DecodedImageCache', () => {
  it('decodes once per key and evicts the least recently used past its byte budget', async () => {
    const decode = vi.fn((imagePath: string) => Promise.resolve(fakeImage(imagePath === 'big' ? 600 : 300)));
    const cache = new DecodedImageCache(900, decode);
    await cache.get('a', 'a');
    await cache.get('b', 'b');
    await cache.get('a', 'a'); // hit; a becomes most recent
    expect(decode).toHaveBeenCalledTimes(2);
    await cache.get('c', 'big'); // 300 + 300 + 600 > 900: evicts b, the least recent
    expect(cache.sizeBytes).toBe(900);
    await cache.get('a', 'a');
    expect(decode).toHaveBeenCalledTimes(3);
    await cache.get('b', 'b');
    expect(decode).toHaveBeenCalledTimes(4);
    expect(cache.sizeBytes).toBeLessThanOrEqual(900);
  });

  it('does not keep an image larger than the whole budget', async () => {
    const cache = new DecodedImageCache(100, () => Promise.resolve(fakeImage(300)));
    await cache.get('huge', 'huge');
    expect(cache.size).toBe(0);
  });
});

describe('decodeToRgb', () => {
  it('decodes PNG (dropping alpha) and grey JPEG to packed RGB', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'decode-test-'));
    try {
      const rgba = path.join(directory, 'rgba.png');
      await sharp({ create: { width: 5, height: 4, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } }).png().toFile(rgba);
      const decoded = await decodeToRgb(rgba);
      expect(decoded).toMatchObject({ widthPx: 5, heightPx: 4 });
      expect(decoded.data.length).toBe(5 * 4 * 3);
      const grey = path.join(directory, 'grey.jpg');
      await sharp({ create: { width: 3, height: 2, channels: 3, background: { r: 128, g: 128, b: 128 } } }).greyscale().jpeg().toFile(grey);
      expect((await decodeToRgb(grey)).data.length).toBe(3 * 2 * 3);
      const sixteenBit = path.join(directory, 'sixteen.png');
      await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 200, g: 100, b: 50 } } }).toColourspace('rgb16').png().toFile(sixteenBit);
      expect(Array.from((await decodeToRgb(sixteenBit)).data.subarray(0, 3))).toEqual([200, 100, 50]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('rejects bytes that are not an image with a SegmentationError', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'decode-test-'));
    try {
      const bogus = path.join(directory, 'bogus.png');
      await writeFile(bogus, 'definitely not a PNG');
      await expect(decodeToRgb(bogus)).rejects.toBeInstanceOf(SegmentationError);
      await expect(decodeToRgb(path.join(directory, 'missing.png'))).rejects.toThrow(/Could not decode image/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
