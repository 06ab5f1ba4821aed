/**
 * The one place that converts between the three coordinate spaces of the canvas:
 *
 * - **stage** pixels: CSS pixels from the top-left corner of the Konva stage (what pointer events give).
 * - **image** pixels: pixels of the decoded bitmap, origin top-left (what the scaled overlay group draws in).
 * - **normalized**: [0,1] of image width/height, origin top-left: the CDF API's space, and the canonical one for
 *   prompts and polygons.
 *
 * Each space has a branded point type, so a stage point cannot be passed where a normalized one is expected. The view
 * transform maps image → stage: `stage = offset + image * scale`.
 */

declare const space: unique symbol;
type Branded<T, Space extends string> = T & { readonly [space]: Space };

export type StagePoint = Branded<{ readonly x: number; readonly y: number }, 'stage'>;
export type ImagePoint = Branded<{ readonly x: number; readonly y: number }, 'image'>;
export type NormalizedPoint = Branded<{ readonly x: number; readonly y: number }, 'normalized'>;
/** A box in normalized space with xMin <= xMax and yMin <= yMax: the shape of CDF's `SegmentBoundingBox`. */
export type NormalizedBox = Branded<{ readonly xMin: number; readonly yMin: number; readonly xMax: number; readonly yMax: number }, 'normalized'>;

export const stagePoint = (x: number, y: number): StagePoint => ({ x, y }) as StagePoint;
export const imagePoint = (x: number, y: number): ImagePoint => ({ x, y }) as ImagePoint;
/** Brands plain `{x, y}` values (e.g. polygon vertices from the API) as normalized; no clamping. */
export const normalizedPoint = (x: number, y: number): NormalizedPoint => ({ x, y }) as NormalizedPoint;
/** Brands a box already known to be normalized and ordered (e.g. read back from storage); no clamping. */
export const normalizedBox = (xMin: number, yMin: number, xMax: number, yMax: number): NormalizedBox =>
  ({ xMin, yMin, xMax, yMax }) as NormalizedBox;

export interface ImageSize {
  readonly widthPx: number;
  readonly heightPx: number;
}

export interface StageSize {
  readonly widthPx: number;
  readonly heightPx: number;
}

/** Image → stage mapping: `stage = offset + image * scale`, scale in stage px per image px. */
export interface ViewTransform {
  readonly scale: number;
  readonly offsetXPx: number;
  readonly offsetYPx: number;
}

/** Stage px → image px. */
export function stageToImage(point: StagePoint, view: ViewTransform): ImagePoint {
  return imagePoint((point.x - view.offsetXPx) / view.scale, (point.y - view.offsetYPx) / view.scale);
}

/** Image px → stage px. */
export function imageToStage(point: ImagePoint, view: ViewTransform): StagePoint {
  return stagePoint(view.offsetXPx + point.x * view.scale, view.offsetYPx + point.y * view.scale);
}

/** Image px → normalized [0,1] (not clamped: points outside the image fall outside [0,1]). */
export function imageToNormalized(point: ImagePoint, size: ImageSize): NormalizedPoint {
  return normalizedPoint(point.x / size.widthPx, point.y / size.heightPx);
}

/** Normalized [0,1] → image px. */
export function normalizedToImage(point: NormalizedPoint, size: ImageSize): ImagePoint {
  return imagePoint(point.x * size.widthPx, point.y * size.heightPx);
}

/** A normalized box → its rectangle in image px (top-left corner and size), as Konva's Rect wants it. */
export function normalizedBoxToImageRect(box: NormalizedBox, size: ImageSize): { x: number; y: number; width: number; height: number } {
  const topLeft = normalizedToImage(normalizedPoint(box.xMin, box.yMin), size);
  const bottomRight = normalizedToImage(normalizedPoint(box.xMax, box.yMax), size);
  return { x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y };
}

/**
 * A ring of normalized vertices → a flat [x0, y0, x1, y1, …] array in image px, as Konva's paths want it. Takes the
 * API's vertices as they are (the contract already bounds them to [0,1]) without an object per vertex, so results of
 * many thousand vertices convert cheaply.
 */
export function normalizedRingToFlatImagePx(vertices: readonly { readonly x: number; readonly y: number }[], size: ImageSize): number[] {
  const flat = new Array<number>(vertices.length * 2);
  vertices.forEach((vertex, i) => {
    flat[2 * i] = vertex.x * size.widthPx;
    flat[2 * i + 1] = vertex.y * size.heightPx;
  });
  return flat;
}

/** Stage px → normalized (not clamped). */
export function stageToNormalized(point: StagePoint, view: ViewTransform, size: ImageSize): NormalizedPoint {
  return imageToNormalized(stageToImage(point, view), size);
}

/** Normalized → stage px. */
export function normalizedToStage(point: NormalizedPoint, view: ViewTransform, size: ImageSize): StagePoint {
  return imageToStage(normalizedToImage(point, size), view);
}

const clampUnit = (value: number): number => Math.min(1, Math.max(0, value));

/** Normalized → normalized, clamped into [0,1]. */
export function clampNormalized(point: NormalizedPoint): NormalizedPoint {
  return normalizedPoint(clampUnit(point.x), clampUnit(point.y));
}

/** Whether a normalized point lies on the image (edges included). */
export function isInsideImage(point: NormalizedPoint): boolean {
  return point.x >= 0 && point.x <= 1 && point.y >= 0 && point.y <= 1;
}

/**
 * Two normalized corners (any order, possibly outside the image) → the box they span, clamped into [0,1]. Returns
 * null when the clamped box has no area (e.g. a drag entirely beside the image).
 */
export function normalizedBoxFromCorners(a: NormalizedPoint, b: NormalizedPoint): NormalizedBox | null {
  const xMin = clampUnit(Math.min(a.x, b.x));
  const xMax = clampUnit(Math.max(a.x, b.x));
  const yMin = clampUnit(Math.min(a.y, b.y));
  const yMax = clampUnit(Math.max(a.y, b.y));
  if (xMax <= xMin || yMax <= yMin) return null;
  return { xMin, yMin, xMax, yMax } as NormalizedBox;
}

/**
 * The view that fits the whole image inside the stage (contain) and centres it, keeping `paddingPx` free around it.
 */
export function fitView(image: ImageSize, stage: StageSize, paddingPx = 0): ViewTransform {
  const availableWidthPx = Math.max(1, stage.widthPx - 2 * paddingPx);
  const availableHeightPx = Math.max(1, stage.heightPx - 2 * paddingPx);
  const scale = Math.min(availableWidthPx / image.widthPx, availableHeightPx / image.heightPx);
  return {
    scale,
    offsetXPx: (stage.widthPx - image.widthPx * scale) / 2,
    offsetYPx: (stage.heightPx - image.heightPx * scale) / 2,
  };
}

/**
 * Zooms by `factor` keeping the image point under `anchor` (stage px) where it is; the resulting scale is clamped to
 * [minScale, maxScale].
 */
export function zoomAboutStagePoint(view: ViewTransform, anchor: StagePoint, factor: number, minScale: number, maxScale: number): ViewTransform {
  const scale = Math.min(maxScale, Math.max(minScale, view.scale * factor));
  const anchoredImagePoint = stageToImage(anchor, view);
  return {
    scale,
    offsetXPx: anchor.x - anchoredImagePoint.x * scale,
    offsetYPx: anchor.y - anchoredImagePoint.y * scale,
  };
}

/** Moves the view by a stage-px delta (a pan). */
export function panView(view: ViewTransform, deltaXPx: number, deltaYPx: number): ViewTransform {
  return { scale: view.scale, offsetXPx: view.offsetXPx + deltaXPx, offsetYPx: view.offsetYPx + deltaYPx };
}
