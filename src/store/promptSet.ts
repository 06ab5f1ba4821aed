/**
 * The prompt model: points with labels and at most one box, all in normalized image coordinates ([0,1] of image
 * width/height, origin top-left — the CDF API's own space, so prompts survive any change of displayed resolution).
 * Pure functions only; the store (annotationStore.ts) keeps history and persistence around them.
 */
import { normalizedBox, normalizedPoint, type NormalizedBox, type NormalizedPoint } from '../canvas/coords';

/** CDF's point label: 1 = positive (foreground), 0 = negative (background). */
export type PointLabel = 0 | 1;
export const POSITIVE: PointLabel = 1;
export const NEGATIVE: PointLabel = 0;

export type { NormalizedPoint } from '../canvas/coords';

/** A point prompt: a branded normalized point (canvas/coords.ts) with its label. */
export type PromptPoint = NormalizedPoint & { readonly label: PointLabel };

export const promptPoint = (x: number, y: number, label: PointLabel): PromptPoint => ({ ...normalizedPoint(x, y), label });

/** A box in normalized coordinates with xMin < xMax and yMin < yMax. */
export type PromptBox = NormalizedBox;

export interface PromptSet {
  readonly points: readonly PromptPoint[];
  readonly box: PromptBox | null;
}

export const EMPTY_PROMPT_SET: PromptSet = Object.freeze({ points: Object.freeze([]), box: null });

/**
 * Normalized coordinates are rounded to this many decimals when a prompt is stored: 1e-5 is 0.05 px on a 20 000 px
 * wide image, far below what a click can resolve, and it makes the canonical key (and the request body, which is
 * built from the same numbers) stable across floating-point noise from zoom/pan conversions.
 */
const COORDINATE_DECIMALS = 5;
const COORDINATE_SCALE = 10 ** COORDINATE_DECIMALS;

export function roundCoordinate(value: number): number {
  const clamped = Math.min(1, Math.max(0, value));
  return Math.round(clamped * COORDINATE_SCALE) / COORDINATE_SCALE;
}

export function isEmptyPromptSet(prompts: PromptSet): boolean {
  return prompts.points.length === 0 && prompts.box === null;
}

/**
 * Adds a point. CDF requires unique points, so a point at the same (rounded) place replaces the old one instead of
 * producing an invalid request. (On the canvas, a click near an existing marker removes that marker before this is
 * reached — the canvas reports it as a marker hit — so a point's label is changed by clicking it away and placing it again.)
 */
export function withPointAdded(prompts: PromptSet, point: PromptPoint): PromptSet {
  const x = roundCoordinate(point.x);
  const y = roundCoordinate(point.y);
  const others = prompts.points.filter((existing) => existing.x !== x || existing.y !== y);
  return { points: [...others, promptPoint(x, y, point.label)], box: prompts.box };
}

export function withPointRemoved(prompts: PromptSet, index: number): PromptSet {
  if (index < 0 || index >= prompts.points.length) return prompts;
  return { points: prompts.points.filter((_, i) => i !== index), box: prompts.box };
}

/** Sets the box, replacing any previous one; corners may come in any order. A box with no area is ignored. */
export function withBox(prompts: PromptSet, corners: PromptBox): PromptSet {
  const xMin = roundCoordinate(Math.min(corners.xMin, corners.xMax));
  const xMax = roundCoordinate(Math.max(corners.xMin, corners.xMax));
  const yMin = roundCoordinate(Math.min(corners.yMin, corners.yMax));
  const yMax = roundCoordinate(Math.max(corners.yMin, corners.yMax));
  if (xMin >= xMax || yMin >= yMax) return prompts;
  return { points: prompts.points, box: normalizedBox(xMin, yMin, xMax, yMax) };
}

/**
 * The same prompt set in canonical order: points sorted by label (positive first), then x, then y. Segment Anything's
 * prompt encoder does not depend on point order, so two sets that differ only in order are the same question and
 * share one result.
 */
export function canonicalPromptSet(prompts: PromptSet): PromptSet {
  const points = [...prompts.points].sort((a, b) => b.label - a.label || a.x - b.x || a.y - b.y);
  return { points, box: prompts.box };
}

/** A string that is equal for two prompt sets exactly when they ask the same question (see canonicalPromptSet). */
export function canonicalPromptKey(prompts: PromptSet): string {
  const canonical = canonicalPromptSet(prompts);
  const points = canonical.points.map((p) => `${p.label}@${p.x},${p.y}`).join(';');
  const box = canonical.box ? `${canonical.box.xMin},${canonical.box.yMin},${canonical.box.xMax},${canonical.box.yMax}` : '';
  return `p[${points}]b[${box}]`;
}

export function promptSetsEqual(a: PromptSet, b: PromptSet): boolean {
  return canonicalPromptKey(a) === canonicalPromptKey(b);
}
