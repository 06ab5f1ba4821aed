import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentationError } from '../types';
import { loadForSam, modelToNormalized, normalizedToModel, PIXEL_MEAN, PIXEL_STD, samGeometry, toEncoderInput } from './preprocess';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'sam-preprocess-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('samGeometry', () => {
  it('resizes the long side to 1024 and rounds the other half up, for any aspect ratio', () => {
    expect(samGeometry(451, 300)).toMatchObject({ resizedWidthPx: 1024, resizedHeightPx: 681 });
    expect(samGeometry(300, 451)).toMatchObject({ resizedWidthPx: 681, resizedHeightPx: 1024 });
    expect(samGeometry(6000, 4000)).toMatchObject({ resizedWidthPx: 1024, resizedHeightPx: 683 });
    expect(samGeometry(4000, 10)).toMatchObject({ resizedWidthPx: 1024, resizedHeightPx: 3 });
    expect(samGeometry(1024, 1024)).toMatchObject({ resizedWidthPx: 1024, resizedHeightPx: 1024 });
  });

  it('makes masks no larger than the image itself, nor than the resized frame', () => {
    expect(samGeometry(451, 300)).toMatchObject({ maskWidthPx: 451, maskHeightPx: 300 });
    expect(samGeometry(6000, 4000)).toMatchObject({ maskWidthPx: 1024, maskHeightPx: 683 });
  });
});

describe('coordinate mapping', () => {
  it('round-trips normalized → model → normalized for several aspect ratios', () => {
    for (const [width, height] of [[451, 300], [300, 451], [6000, 4000], [333, 1000], [17, 5]] as const) {
      const geometry = samGeometry(width, height);
      for (const point of [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 0.123, y: 0.987 }, { x: 0.5, y: 0.25 }]) {
        const model = normalizedToModel(point, geometry);
        expect(model.x).toBeLessThanOrEqual(geometry.resizedWidthPx);
        expect(model.y).toBeLessThanOrEqual(geometry.resizedHeightPx);
        const back = modelToNormalized(model.x, model.y, geometry);
        expect(back.x).toBeCloseTo(point.x, 12);
        expect(back.y).toBeCloseTo(point.y, 12);
      }
    }
  });

  it('maps the centre of the full-resolution image to the centre of the resized frame (not of the padded input)', () => {
    const geometry = samGeometry(2000, 1000);
    expect(normalizedToModel({ x: 0.5, y: 0.5 }, geometry)).toEqual({ x: 512, y: 256 });
  });
});

describe('toEncoderInput', () => {
  it('normalises per channel into CHW and leaves the padding at zero', () => {
    const geometry = samGeometry(2048, 1024); // resized 1024 × 512
    const rgb = new Uint8Array(1024 * 512 * 3);
    for (let index = 0; index < 1024 * 512; index++) rgb.set([10, 128, 250], index * 3);
    const input = toEncoderInput(rgb, geometry);
    expect(input.length).toBe(3 * 1024 * 1024);
    const plane = 1024 * 1024;
    for (let channel = 0; channel < 3; channel++) {
      const expected = ([10, 128, 250][channel] as number - (PIXEL_MEAN[channel] as number)) / (PIXEL_STD[channel] as number);
      expect(input[channel * plane]).toBeCloseTo(expected, 5); // top-left
      expect(input[channel * plane + 511 * 1024 + 1023]).toBeCloseTo(expected, 5); // last row of the image
      expect(input[channel * plane + 512 * 1024]).toBe(0); // first padding row
      expect(input[channel * plane + 1023 * 1024 + 1023]).toBe(0);
    }
  });

  it('refuses pixels that do not match the geometry', () => {
    expect(() => toEncoderInput(new Uint8Array(10), samGeometry(100, 100))).toThrow(/Expected/);
  });
});

describe('loadForSam', () => {
  it('applies the EXIF orientation, so the geometry is the image as displayed', async () => {
    const file = path.join(directory, 'rotated.jpg');
    // Stored 200 × 100, orientation 6 (rotate 90° clockwise to display): displayed 100 × 200.
    await sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 200, g: 20, b: 20 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(file);
    const { rgb, geometry } = await loadForSam(file);
    expect(geometry).toMatchObject({ imageWidthPx: 100, imageHeightPx: 200, resizedWidthPx: 512, resizedHeightPx: 1024 });
    expect(rgb.length).toBe(512 * 1024 * 3);
  });

  it('keeps a very large image bounded: only the resized pixels come back', async () => {
    const file = path.join(directory, 'large.png');
    await sharp({ create: { width: 6000, height: 4000, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toFile(file);
    const { rgb, geometry } = await loadForSam(file);
    expect(geometry).toMatchObject({ resizedWidthPx: 1024, resizedHeightPx: 683 });
    expect(rgb.length).toBe(1024 * 683 * 3);
  });

  it('rejects bytes that are not an image as a job error', async () => {
    const file = path.join(directory, 'bogus.png');
    await writeFile(file, 'not an image');
    await expect(loadForSam(file)).rejects.toThrow(SegmentationError);
    await expect(loadForSam(file)).rejects.toThrow(/Could not decode image/);
  });
});
