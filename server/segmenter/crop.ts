/**
 * Where to look: from a prompt in normalized coordinates, the crops ("context scales") that GrabCut runs on, each with
 * its downscale factor. Pure geometry, no OpenCV.
 *
 * Coordinate conventions: a normalized coordinate u ∈ [0,1] maps to the continuous full-resolution pixel coordinate
 * u·W, in which pixel i covers [i, i+1) and has its centre at i + 0.5. Crops are integer pixel rectangles.
 */
import type { SegmenterPrompt } from './types';

export interface PixelRect {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

export interface CropPlan {
  /** The crop in full-resolution pixels. */
  rect: PixelRect;
  /** Size of the downscaled crop that GrabCut sees. */
  workWidthPx: number;
  workHeightPx: number;
  /** Which crop edges lie inside the image (not on the image border): there the crop border is assumed background. */
  interiorEdges: { left: boolean; top: boolean; right: boolean; bottom: boolean };
  /** Whether the box prompt (if any) bounds the object in this plan. */
  useBox: boolean;
}

export interface CropOptions {
  /** Long side of GrabCut's input, px. */
  maxWorkSidePx: number;
}

/** Context sizes for click-only prompts, as fractions of the image's geometric-mean side: small, medium, whole image. */
const CLICK_CONTEXT_FRACTIONS = [0.3, 0.55] as const;
/** Margins around a box prompt, as fractions of the box size. */
const BOX_MARGIN_FRACTIONS = [0.08, 0.2, 0.4] as const;
/** The crop must hold the positive clicks' spread times this, so an object spanning the clicks fits with context. */
const CLICK_SPREAD_FACTOR = 1.6;

export function toPixel(normalized: number, sizePx: number): number {
  return normalized * sizePx;
}

function clampRect(x0: number, y0: number, x1: number, y1: number, widthPx: number, heightPx: number): PixelRect {
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const right = Math.min(widthPx, Math.ceil(x1));
  const bottom = Math.min(heightPx, Math.ceil(y1));
  return { xPx: left, yPx: top, widthPx: Math.max(1, right - left), heightPx: Math.max(1, bottom - top) };
}

/** A rectangle of the given size centred on (cx, cy), shifted (not shrunk) to stay inside the image when it can. */
function centredRect(cx: number, cy: number, w: number, h: number, widthPx: number, heightPx: number): PixelRect {
  const width = Math.min(w, widthPx);
  const height = Math.min(h, heightPx);
  const x0 = Math.min(Math.max(0, cx - width / 2), widthPx - width);
  const y0 = Math.min(Math.max(0, cy - height / 2), heightPx - height);
  return clampRect(x0, y0, x0 + width, y0 + height, widthPx, heightPx);
}

function planFor(rect: PixelRect, imageWidthPx: number, imageHeightPx: number, options: CropOptions, useBox: boolean): CropPlan {
  const scale = Math.min(1, options.maxWorkSidePx / Math.max(rect.widthPx, rect.heightPx));
  return {
    rect,
    workWidthPx: Math.max(1, Math.round(rect.widthPx * scale)),
    workHeightPx: Math.max(1, Math.round(rect.heightPx * scale)),
    interiorEdges: {
      left: rect.xPx > 0,
      top: rect.yPx > 0,
      right: rect.xPx + rect.widthPx < imageWidthPx,
      bottom: rect.yPx + rect.heightPx < imageHeightPx,
    },
    useBox,
  };
}

function sameRect(a: PixelRect, b: PixelRect): boolean {
  return a.xPx === b.xPx && a.yPx === b.yPx && a.widthPx === b.widthPx && a.heightPx === b.heightPx;
}

/**
 * Up to three crops, smallest context first. Duplicates (a small image where every context is the whole image) are
 * dropped. Returns [] when the prompt has neither a positive point nor a box: nothing is selected.
 */
export function planCrops(prompt: SegmenterPrompt, imageWidthPx: number, imageHeightPx: number, options: CropOptions): CropPlan[] {
  const plans: CropPlan[] = [];
  const push = (rect: PixelRect, useBox: boolean) => {
    if (plans.some((plan) => sameRect(plan.rect, rect))) return;
    plans.push(planFor(rect, imageWidthPx, imageHeightPx, options, useBox));
  };
  const positives = prompt.points.filter((point) => point.label === 1);

  if (prompt.boundingBox) {
    const box = prompt.boundingBox;
    // The box and the positive clicks together bound the object.
    let x0 = toPixel(box.xMin, imageWidthPx);
    let y0 = toPixel(box.yMin, imageHeightPx);
    let x1 = toPixel(box.xMax, imageWidthPx);
    let y1 = toPixel(box.yMax, imageHeightPx);
    for (const point of positives) {
      x0 = Math.min(x0, toPixel(point.x, imageWidthPx));
      y0 = Math.min(y0, toPixel(point.y, imageHeightPx));
      x1 = Math.max(x1, toPixel(point.x, imageWidthPx));
      y1 = Math.max(y1, toPixel(point.y, imageHeightPx));
    }
    const boxWidth = Math.max(1, x1 - x0);
    const boxHeight = Math.max(1, y1 - y0);
    for (const margin of BOX_MARGIN_FRACTIONS) {
      const marginX = Math.max(4, margin * boxWidth);
      const marginY = Math.max(4, margin * boxHeight);
      push(clampRect(x0 - marginX, y0 - marginY, x1 + marginX, y1 + marginY, imageWidthPx, imageHeightPx), true);
    }
    return plans;
  }

  if (positives.length === 0) return [];
  const xs = positives.map((point) => toPixel(point.x, imageWidthPx));
  const ys = positives.map((point) => toPixel(point.y, imageHeightPx));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const centreX = (minX + maxX) / 2;
  const centreY = (minY + maxY) / 2;
  const meanSidePx = Math.sqrt(imageWidthPx * imageHeightPx);
  for (const fraction of CLICK_CONTEXT_FRACTIONS) {
    const side = fraction * meanSidePx;
    const width = Math.max(side, (maxX - minX) * CLICK_SPREAD_FACTOR + 0.1 * side);
    const height = Math.max(side, (maxY - minY) * CLICK_SPREAD_FACTOR + 0.1 * side);
    push(centredRect(centreX, centreY, width, height, imageWidthPx, imageHeightPx), false);
  }
  push({ xPx: 0, yPx: 0, widthPx: imageWidthPx, heightPx: imageHeightPx }, false);
  return plans;
}

/** A normalized image point → the continuous coordinate in the plan's work (downscaled crop) pixels. */
export function normalizedToWork(
  point: { x: number; y: number },
  plan: CropPlan,
  imageWidthPx: number,
  imageHeightPx: number,
): { u: number; v: number } {
  return {
    u: ((toPixel(point.x, imageWidthPx) - plan.rect.xPx) * plan.workWidthPx) / plan.rect.widthPx,
    v: ((toPixel(point.y, imageHeightPx) - plan.rect.yPx) * plan.workHeightPx) / plan.rect.heightPx,
  };
}

/** The inverse: a continuous work coordinate → normalized image coordinates, clamped to [0,1]. */
export function workToNormalized(
  u: number,
  v: number,
  plan: CropPlan,
  imageWidthPx: number,
  imageHeightPx: number,
): { x: number; y: number } {
  const xPx = plan.rect.xPx + (u * plan.rect.widthPx) / plan.workWidthPx;
  const yPx = plan.rect.yPx + (v * plan.rect.heightPx) / plan.workHeightPx;
  return { x: Math.min(1, Math.max(0, xPx / imageWidthPx)), y: Math.min(1, Math.max(0, yPx / imageHeightPx)) };
}
