import { useEffect, useState } from 'react';
import type { ImageSource } from '../../api/files';
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

/**
 * Decodes an image source for the canvas. A source that is not a decodable image ends in `error`. A decoded
 * ImageBitmap is closed when the source changes or the component unmounts, so switching images frees its pixels.
 */
export function useDecodedImage(source: ImageSource | undefined, decode: (source: ImageSource) => Promise<DecodeResult> = decodeWithBrowser): DecodedImage {
  const [result, setResult] = useState<{ source: ImageSource; decoded: DecodedImage } | undefined>(undefined);
  useEffect(() => {
    if (source === undefined) return;
    let image: StageImage | undefined;
    let cancelled = false;
    decode(source).then(
      (decoded) => {
        if (cancelled) {
          if (decoded.image instanceof ImageBitmap) decoded.image.close();
          return;
        }
        image = decoded.image;
        setResult({ source, decoded: { status: 'ready', image: decoded.image, sourceSize: decoded.sourceSize } });
      },
      (cause: unknown) => {
        if (cancelled) return;
        const error = new Error(`The file could not be decoded as an image (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
        setResult({ source, decoded: { status: 'error', error } });
      },
    );
    return () => {
      cancelled = true;
      if (image instanceof ImageBitmap) image.close();
    };
  }, [source, decode]);
  // A result for an older source is stale (and its bitmap closed): report decoding until the new one is ready.
  return result !== undefined && result.source === source ? result.decoded : { status: 'decoding' };
}
