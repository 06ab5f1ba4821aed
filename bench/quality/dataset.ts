/**
 * Ground truth for the quality benchmark, generated deterministically at run time (no data set can be downloaded here):
 * each instance is a region of one real photo, cut out with a known random smooth shape, pasted onto another real
 * photo. The ground-truth mask is exactly that shape, sampled at pixel centres. A light blur over the whole composite
 * softens the pasted edge the way a camera's optics would, so the boundary is not trivially sharp.
 *
 * A pasted region of another photo differs from its new background more than a real object usually does (the first
 * version was far too easy: NoC@90 1.8). So one instance in three cuts its object from elsewhere in the background
 * photo itself (same palette, same lighting: camouflage), and objects may touch the image border.
 *
 * Photos: the emulator's sample photos (server/fixtures/photos, see its LICENSES file).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { rasterizePolygons } from '../../server/segmenter/rasterize';
import type { Random } from './random';
import { createRandom, uniform } from './random';

export const PHOTOS_DIR = path.resolve(import.meta.dirname, '../../server/fixtures/photos');

export interface QualityInstance {
  name: string;
  widthPx: number;
  heightPx: number;
  /** PNG bytes of the composite. */
  png: Buffer;
  /** widthPx × heightPx, 1 = object. */
  groundTruth: Uint8Array;
}

export interface DatasetOptions {
  count: number;
  seed: number;
  /** Object extent as fractions of the image's short side; default 0.25–0.65. */
  objectSize?: { min: number; max: number };
}

async function listPhotos(): Promise<string[]> {
  const names = (await readdir(PHOTOS_DIR)).filter((name) => /\.(png|jpe?g)$/i.test(name)).sort();
  if (names.length < 2) throw new Error(`Need at least two photos in ${PHOTOS_DIR}`);
  return names.map((name) => path.join(PHOTOS_DIR, name));
}

/** A closed smooth blob: radius modulated by a few low harmonics, stretched and rotated, in unit-disc coordinates. */
function blobOutline(random: Random, vertexCount = 256): Array<{ x: number; y: number }> {
  const harmonics = [2, 3, 4, 5, 6].map((order) => ({
    order,
    amplitude: uniform(random, -0.16, 0.16) / Math.sqrt(order - 1),
    phase: uniform(random, 0, 2 * Math.PI),
  }));
  const aspect = uniform(random, 0.55, 1);
  const rotation = uniform(random, 0, Math.PI);
  const points: Array<{ x: number; y: number }> = [];
  for (let index = 0; index < vertexCount; index++) {
    const angle = (2 * Math.PI * index) / vertexCount;
    let radius = 1;
    for (const harmonic of harmonics) radius += harmonic.amplitude * Math.cos(harmonic.order * angle + harmonic.phase);
    const x = radius * Math.cos(angle);
    const y = radius * aspect * Math.sin(angle);
    points.push({ x: x * Math.cos(rotation) - y * Math.sin(rotation), y: x * Math.sin(rotation) + y * Math.cos(rotation) });
  }
  return points;
}

async function rgbOf(photoPath: string, width: number, height: number): Promise<Buffer> {
  return sharp(photoPath).removeAlpha().toColourspace('srgb').resize(width, height, { fit: 'cover' }).raw().toBuffer();
}

export async function buildDataset(options: DatasetOptions): Promise<QualityInstance[]> {
  const photos = await listPhotos();
  const instances: QualityInstance[] = [];
  for (let index = 0; index < options.count; index++) {
    const random = createRandom(options.seed * 7919 + index);
    const backgroundPath = photos[index % photos.length] as string;
    const offset = 1 + Math.floor(random() * (photos.length - 1));
    const camouflaged = index % 3 === 2;
    const sourcePath = camouflaged ? backgroundPath : (photos[(index + offset) % photos.length] as string);
    const longSide = Math.round(uniform(random, 420, 640));
    const landscape = random() < 0.7;
    const shortSide = Math.round(longSide * uniform(random, 0.66, 0.8));
    const widthPx = landscape ? longSide : shortSide;
    const heightPx = landscape ? shortSide : longSide;

    // The object's extent: 25–65 % of the short side by default; inside the image with a small margin, except that one object in
    // four may run over the border (it is then clipped by it, as in photos).
    const size = options.objectSize ?? { min: 0.25, max: 0.65 };
    const diameterPx = uniform(random, size.min, size.max) * Math.min(widthPx, heightPx);
    const outline = blobOutline(random);
    const maxRadius = Math.max(...outline.map((point) => Math.hypot(point.x, point.y)));
    const radiusPx = diameterPx / 2 / maxRadius;
    const marginPx = (random() < 0.25 ? -0.12 : 0.03) * Math.min(widthPx, heightPx);
    const xs = outline.map((point) => point.x * radiusPx);
    const ys = outline.map((point) => point.y * radiusPx);
    const centreX = uniform(random, marginPx - Math.min(...xs), widthPx - marginPx - Math.max(...xs));
    const centreY = uniform(random, marginPx - Math.min(...ys), heightPx - marginPx - Math.max(...ys));
    const polygon = outline.map((point) => ({
      x: (centreX + point.x * radiusPx) / widthPx,
      y: (centreY + point.y * radiusPx) / heightPx,
    }));
    const groundTruth = rasterizePolygons([polygon], widthPx, heightPx);

    // The source photo, scaled so its texture is at a natural size, shifted so a random part of it shows.
    const background = await rgbOf(backgroundPath, widthPx, heightPx);
    const sourceScale = camouflaged ? uniform(random, 1.3, 2) : uniform(random, 1, 1.6);
    const sourceWidth = Math.round(widthPx * sourceScale);
    const sourceHeight = Math.round(heightPx * sourceScale);
    const source = await rgbOf(sourcePath, sourceWidth, sourceHeight);
    const shiftX = Math.floor(random() * (sourceWidth - widthPx + 1));
    const shiftY = Math.floor(random() * (sourceHeight - heightPx + 1));
    const composite = Buffer.from(background);
    for (let row = 0; row < heightPx; row++) {
      for (let column = 0; column < widthPx; column++) {
        if (groundTruth[row * widthPx + column] !== 1) continue;
        const target = (row * widthPx + column) * 3;
        const from = ((row + shiftY) * sourceWidth + column + shiftX) * 3;
        composite[target] = source[from] as number;
        composite[target + 1] = source[from + 1] as number;
        composite[target + 2] = source[from + 2] as number;
      }
    }
    const png = await sharp(composite, { raw: { width: widthPx, height: heightPx, channels: 3 } }).blur(0.7).png().toBuffer();
    const name = `${String(index).padStart(2, '0')}-${camouflaged ? 'camouflaged-' : ''}${path.parse(sourcePath).name}-on-${path.parse(backgroundPath).name}`;
    instances.push({ name, widthPx, heightPx, png, groundTruth });
  }
  return instances;
}
