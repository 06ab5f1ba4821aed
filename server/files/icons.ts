/**
 * `GET /files/icon` thumbnails: JPEG, long side at most 256 px, made with sharp and cached by the file's cache key
 * (which changes when its bytes change). Concurrent requests for one file share a single resize.
 */
import sharp from 'sharp';
import { CdfHttpError } from '../http/errors';
import type { ResolvedFile } from './store';

export const ICON_MAX_SIDE_PX = 256;
const ICON_JPEG_QUALITY = 80;
/** Thumbnails are ~10-20 KB; 256 of them is a few MB. */
const ICON_CACHE_ENTRIES = 256;

export class IconMaker {
  /** Insertion-ordered, so the first key is the least recently used. */
  private readonly cache = new Map<string, Promise<Buffer>>();

  async iconFor(file: ResolvedFile): Promise<Buffer> {
    if (!file.mimeType?.startsWith('image/')) {
      throw new CdfHttpError(
        400,
        `Thumbnails are only available for image files; file id ${file.id} has mimeType ${file.mimeType ?? '(none)'}`,
      );
    }
    if (!file.uploaded) throw new CdfHttpError(400, `File id ${file.id} has no content yet (not uploaded)`);
    const cached = this.cache.get(file.cacheKey);
    if (cached) {
      this.cache.delete(file.cacheKey);
      this.cache.set(file.cacheKey, cached);
      return cached;
    }
    const made = this.make(file);
    this.cache.set(file.cacheKey, made);
    // A failed resize must not stay cached; a later upload of good bytes has a new key anyway.
    made.catch(() => this.cache.delete(file.cacheKey));
    while (this.cache.size > ICON_CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return made;
  }

  private async make(file: ResolvedFile): Promise<Buffer> {
    try {
      return await sharp(file.bytesPath)
        .rotate() // honour EXIF orientation, as browsers do when showing the full image
        .resize({ width: ICON_MAX_SIDE_PX, height: ICON_MAX_SIDE_PX, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' }) // JPEG has no alpha
        .jpeg({ quality: ICON_JPEG_QUALITY })
        .toBuffer();
    } catch (error) {
      throw new CdfHttpError(
        400,
        `File id ${file.id} could not be decoded as an image (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
}
