/**
 * Decodes stored image bytes to packed RGB with sharp and keeps the most recently used decodes within a byte budget.
 * Each worker owns one cache: a user clicking repeatedly on the same image pays the decode (up to ~1 s for 24 MP) once.
 */
import sharp from 'sharp';
import { SegmentationError } from './types';

export interface RgbImage {
  /** Packed RGB, 3 bytes per pixel, row-major, no padding. */
  data: Buffer;
  widthPx: number;
  heightPx: number;
}

/** Refuses images past this size: 100 MP of RGB is 300 MB, beyond what one worker should hold. */
export const MAX_IMAGE_PIXELS = 100_000_000;

export async function decodeToRgb(imagePath: string): Promise<RgbImage> {
  try {
    // rotate() with no angle applies the EXIF orientation, so coordinates match what a browser displays.
    const { data, info } = await sharp(imagePath, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new SegmentationError(`Image decoded to ${info.channels} channels, expected 3`);
    }
    return { data, widthPx: info.width, heightPx: info.height };
  } catch (error) {
    if (error instanceof SegmentationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SegmentationError(`Could not decode image: ${reason}`);
  }
}

/** LRU over decoded images, bounded by the sum of their pixel buffers' sizes. */
export class DecodedImageCache {
  private readonly entries = new Map<string, RgbImage>();
  private usedBytes = 0;

  constructor(
    private readonly capacityBytes: number,
    private readonly decode: (imagePath: string) => Promise<RgbImage> = decodeToRgb,
  ) {}

  get sizeBytes(): number {
    return this.usedBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(imageKey: string, imagePath: string): Promise<RgbImage> {
    const cached = this.entries.get(imageKey);
    if (cached) {
      // Re-insert to mark as most recently used (Map iterates in insertion order).
      this.entries.delete(imageKey);
      this.entries.set(imageKey, cached);
      return cached;
    }
    const image = await this.decode(imagePath);
    this.insert(imageKey, image);
    return image;
  }

  private insert(imageKey: string, image: RgbImage): void {
    const bytes = image.data.byteLength;
    // An image larger than the whole budget is used once and not kept.
    if (bytes > this.capacityBytes) return;
    const previous = this.entries.get(imageKey);
    if (previous) {
      this.entries.delete(imageKey);
      this.usedBytes -= previous.data.byteLength;
    }
    while (this.usedBytes + bytes > this.capacityBytes) {
      const oldest = this.entries.entries().next();
      if (oldest.done) break;
      const [oldestKey, oldestImage] = oldest.value;
      this.entries.delete(oldestKey);
      this.usedBytes -= oldestImage.data.byteLength;
    }
    this.entries.set(imageKey, image);
    this.usedBytes += bytes;
  }
}
