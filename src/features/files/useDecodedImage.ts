import { useEffect, useState } from 'react';
import type { ImageSource } from '../../api/files';
import type { ErrorDescription } from '../../lib/errorDescription';
import type { StageImage } from '../../canvas/AnnotationStage';

export interface PixelSize {
  readonly widthPx: number;
  readonly heightPx: number;
}

export type DecodedImage =
  | { readonly status: 'decoding' }
  /** `image` may be smaller than the file (`sourceSize`): see MAX_DISPLAY_PIXELS. */
  | { readonly status: 'ready'; readonly image: StageImage; readonly sourceSize: PixelSize }
  | { readonly status: 'error'; readonly error: Error };

export interface DecodeResult {
  readonly image: StageImage;
  readonly sourceSize: PixelSize;
}

/**
 * Images above this many pixels are shown downscaled: a 48-megapixel photo is ~190 MB as a bitmap and makes every
 * pan and zoom redraw slow, while prompts and polygons are normalized and do not care about the displayed size.
 * 4096² keeps more detail than the segmenter sees.
 */
export const MAX_DISPLAY_PIXELS = 4096 * 4096;

/** The largest size with the same aspect ratio and at most `maxPixels` pixels (unchanged when already within). */
export function displaySizeFor(source: PixelSize, maxPixels: number = MAX_DISPLAY_PIXELS): PixelSize {
  const pixels = source.widthPx * source.heightPx;
  if (pixels <= maxPixels) return source;
  const factor = Math.sqrt(maxPixels / pixels);
  return { widthPx: Math.max(1, Math.floor(source.widthPx * factor)), heightPx: Math.max(1, Math.floor(source.heightPx * factor)) };
}

/**
 * The default decoder: bytes through createImageBitmap (honouring EXIF orientation like an `<img>`), downscaled when
 * huge; a bare URL through an `<img>` without CORS (see `ImageSource`).
 */
export async function decodeWithBrowser(source: ImageSource): Promise<DecodeResult> {
  if (source.kind === 'url') {
    const image = new Image();
    image.src = source.url;
    try {
      await image.decode();
    } catch (cause) {
      throw new Error(`the download from ${new URL(source.url).origin} failed or is not an image`, { cause });
    }
    return { image, sourceSize: { widthPx: image.naturalWidth, heightPx: image.naturalHeight } };
  }
  const full = await createImageBitmap(source.blob, { imageOrientation: 'from-image' });
  const sourceSize = { widthPx: full.width, heightPx: full.height };
  const display = displaySizeFor(sourceSize);
  if (display === sourceSize) return { image: full, sourceSize };
  try {
    const image = await createImageBitmap(full, { resizeWidth: display.widthPx, resizeHeight: display.heightPx, resizeQuality: 'high' });
    return { image, sourceSize };
  } finally {
    full.close();
  }
}

const closeImage = (image: StageImage): void => {
  if (typeof ImageBitmap !== 'undefined' && image instanceof ImageBitmap) image.close();
};

interface CacheEntry {
  readonly source: ImageSource;
  readonly promise: Promise<DecodeResult>;
  result: DecodeResult | undefined;
  evicted: boolean;
}

/**
 * Decoded images by file id, so a prefetched neighbour is on the canvas in the first render after switching. It owns
 * the bitmaps: `keepOnly` (the open image and its neighbours) closes every other one, and it never holds more than
 * `capacity` (least recently used out first), so memory stays bounded at a few bitmaps. An entry is for one source
 * object (one download); a new download of the same file replaces it. Failed decodes are not kept, so a retry decodes
 * again.
 */
export class DecodedImageCache {
  private readonly entries = new Map<number, CacheEntry>();

  constructor(
    private readonly decode: (source: ImageSource) => Promise<DecodeResult> = decodeWithBrowser,
    readonly capacity = 3,
  ) {}

  /** The decoded image for this file and source, if it is ready now. */
  peek(fileId: number, source: ImageSource): DecodeResult | undefined {
    const entry = this.entries.get(fileId);
    return entry !== undefined && entry.source === source ? entry.result : undefined;
  }

  /** Decodes (or joins the decode in flight of) this file's source. */
  load(fileId: number, source: ImageSource): Promise<DecodeResult> {
    const existing = this.entries.get(fileId);
    if (existing !== undefined && existing.source === source) {
      // Most recently used last.
      this.entries.delete(fileId);
      this.entries.set(fileId, existing);
      return existing.promise;
    }
    if (existing !== undefined) this.evict(fileId, existing);
    const entry: CacheEntry = {
      source,
      result: undefined,
      evicted: false,
      promise: this.decode(source).then(
        (result) => {
          if (entry.evicted) closeImage(result.image);
          else entry.result = result;
          return result;
        },
        (error: unknown) => {
          if (this.entries.get(fileId) === entry) this.entries.delete(fileId);
          throw error;
        },
      ),
    };
    this.entries.set(fileId, entry);
    for (const [id, old] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      if (id !== fileId) this.evict(id, old);
    }
    return entry.promise;
  }

  /** Frees every decoded image but these files' (the open one and its neighbours). */
  keepOnly(fileIds: Iterable<number>): void {
    const kept = new Set(fileIds);
    for (const [id, entry] of this.entries) if (!kept.has(id)) this.evict(id, entry);
  }

  /** The files with a decoded (or decoding) image, for tests. */
  get fileIds(): number[] {
    return [...this.entries.keys()];
  }

  private evict(fileId: number, entry: CacheEntry): void {
    this.entries.delete(fileId);
    entry.evicted = true;
    if (entry.result !== undefined) closeImage(entry.result.image);
  }
}

/** The app's cache: one per page; the canvas and the neighbour prefetch share it. */
export const decodedImages = new DecodedImageCache();

/**
 * Decodes a file's image source for the canvas, through the cache: an image decoded ahead (a prefetched neighbour) is
 * ready in the first render. A source that is not a decodable image ends in `error`. The cache, not this hook, frees
 * bitmaps (see `DecodedImageCache.keepOnly`).
 */
export function useDecodedImage(fileId: number | null, source: ImageSource | undefined, cache: DecodedImageCache = decodedImages): DecodedImage {
  const [result, setResult] = useState<{ source: ImageSource; decoded: DecodedImage } | undefined>(undefined);
  useEffect(() => {
    if (source === undefined || fileId === null) return;
    let cancelled = false;
    cache.load(fileId, source).then(
      (decoded) => {
        if (!cancelled) setResult({ source, decoded: { status: 'ready', image: decoded.image, sourceSize: decoded.sourceSize } });
      },
      (cause: unknown) => {
        if (cancelled) return;
        const error = new Error(`The file could not be decoded as an image (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
        setResult({ source, decoded: { status: 'error', error } });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [fileId, source, cache]);
  const ready = fileId === null || source === undefined ? undefined : cache.peek(fileId, source);
  if (ready !== undefined) return { status: 'ready', image: ready.image, sourceSize: ready.sourceSize };
  // A result for an older source is stale: report decoding until the new one is ready.
  return result !== undefined && result.source === source ? result.decoded : { status: 'decoding' };
}

/**
 * What the canvas says when a source does not decode. Bytes that do not decode are not an image (trying again cannot
 * help). A URL that does not decode is the fallback for a download `fetch` could not make (see `fetchImageSource`):
 * the `<img>` failed too, so the download failed (the storage host is down, blocks the request, or the link expired)
 * and is worth retrying with a fresh download link.
 */
export function describeDecodeFailure(fileName: string, source: ImageSource, error: Error): ErrorDescription {
  if (source.kind === 'url') {
    return {
      title: 'Download failed',
      detail: `"${fileName}" could not be downloaded from ${new URL(source.url).origin}: the storage host did not answer, blocked the request, or did not send an image.`,
      requestId: undefined,
      retryable: true,
    };
  }
  return { title: 'Not an image', detail: `"${fileName}": ${error.message}`, requestId: undefined, retryable: false };
}
