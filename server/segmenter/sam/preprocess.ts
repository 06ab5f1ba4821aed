/**
 * SAM's image pre-processing and its coordinate frame, as in segment_anything's ResizeLongestSide and Sam.preprocess:
 * the (EXIF-oriented) image is resized so its long side is 1024 px, normalised per channel, and zero-padded on the
 * right and bottom to 1024 × 1024. Prompt coordinates live in the resized (unpadded) frame.
 *
 * Normalized API coordinate u ∈ [0,1] ↔ continuous full-resolution pixel u·W ↔ model coordinate u·W·(W'/W) = u·W',
 * where W' is the resized width: the mapping is a plain scale, so the round trip is exact up to rounding.
 */
import sharp from 'sharp';
import { MAX_IMAGE_PIXELS } from '../imageCache';
import { SegmentationError } from '../types';

export const SAM_INPUT_SIDE_PX = 1024;
/** ImageNet statistics in 0–255 units, SAM's defaults (pixel_mean, pixel_std). */
export const PIXEL_MEAN = [123.675, 116.28, 103.53] as const;
export const PIXEL_STD = [58.395, 57.12, 57.375] as const;

export interface SamGeometry {
  /** The image as displayed (EXIF orientation applied), px. */
  imageWidthPx: number;
  imageHeightPx: number;
  /** The resized image inside the 1024 × 1024 encoder input, px. */
  resizedWidthPx: number;
  resizedHeightPx: number;
  /** Size of the output masks: the resized frame, or the image itself when smaller (no detail is lost either way). */
  maskWidthPx: number;
  maskHeightPx: number;
}

/** ResizeLongestSide.get_preprocess_shape: long side → 1024, the other scaled and rounded half up. */
export function samGeometry(imageWidthPx: number, imageHeightPx: number): SamGeometry {
  const scale = SAM_INPUT_SIDE_PX / Math.max(imageWidthPx, imageHeightPx);
  const resizedWidthPx = Math.max(1, Math.floor(imageWidthPx * scale + 0.5));
  const resizedHeightPx = Math.max(1, Math.floor(imageHeightPx * scale + 0.5));
  const upscaled = scale > 1;
  return {
    imageWidthPx,
    imageHeightPx,
    resizedWidthPx,
    resizedHeightPx,
    maskWidthPx: upscaled ? imageWidthPx : resizedWidthPx,
    maskHeightPx: upscaled ? imageHeightPx : resizedHeightPx,
  };
}

export function normalizedToModel(point: { x: number; y: number }, geometry: SamGeometry): { x: number; y: number } {
  return { x: point.x * geometry.resizedWidthPx, y: point.y * geometry.resizedHeightPx };
}

export function modelToNormalized(x: number, y: number, geometry: SamGeometry): { x: number; y: number } {
  return { x: x / geometry.resizedWidthPx, y: y / geometry.resizedHeightPx };
}

/** Packed RGB (3 bytes per pixel, row-major) of the resized image → the encoder's [1,3,1024,1024] CHW input. */
export function toEncoderInput(rgb: Uint8Array, geometry: SamGeometry): Float32Array {
  const side = SAM_INPUT_SIDE_PX;
  const { resizedWidthPx: width, resizedHeightPx: height } = geometry;
  if (rgb.length !== width * height * 3) throw new Error(`Expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
  // Zero-initialised: the padding is 0 after normalisation, as SAM pads the normalised image.
  const input = new Float32Array(3 * side * side);
  for (let channel = 0; channel < 3; channel++) {
    const mean = PIXEL_MEAN[channel] as number;
    const std = PIXEL_STD[channel] as number;
    const plane = channel * side * side;
    for (let row = 0; row < height; row++) {
      const source = row * width * 3 + channel;
      const target = plane + row * side;
      for (let column = 0; column < width; column++) input[target + column] = ((rgb[source + column * 3] as number) - mean) / std;
    }
  }
  return input;
}

/**
 * Decodes, orients and resizes an image file to SAM's frame. libvips streams the decode into the resize (with JPEG
 * shrink-on-load), so a 24 MP image never exists as a full-size RGB buffer.
 */
export async function loadForSam(imagePath: string): Promise<{ rgb: Buffer; geometry: SamGeometry }> {
  try {
    const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' as const, sequentialRead: true };
    const metadata = await sharp(imagePath, options).metadata();
    const oriented = metadata.autoOrient;
    if (!oriented.width || !oriented.height) throw new SegmentationError('Could not decode image: no dimensions');
    const geometry = samGeometry(oriented.width, oriented.height);
    const { data, info } = await sharp(imagePath, options)
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb')
      .resize(geometry.resizedWidthPx, geometry.resizedHeightPx, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || info.width !== geometry.resizedWidthPx || info.height !== geometry.resizedHeightPx) {
      throw new SegmentationError(`Image decoded to ${info.width}×${info.height}×${info.channels}, expected RGB`);
    }
    return { rgb: data, geometry };
  } catch (error) {
    if (error instanceof SegmentationError) throw error;
    throw new SegmentationError(`Could not decode image: ${error instanceof Error ? error.message : String(error)}`);
  }
}
