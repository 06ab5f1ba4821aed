/** Runs the click protocol on one instance: up to MAX_CLICKS simulated clicks, one segmentation per click. */
import type { OpenCv } from '../../server/segmenter/opencv';
import { maskIou, rasterizePolygons } from '../../server/segmenter/rasterize';
import type { SegmenterCandidate } from '../../server/segmenter/types';
import type { Click } from './clicker';
import { clickToPoint, nextClick } from './clicker';
import type { QualityInstance } from './dataset';
import { MAX_CLICKS } from './metrics';

/** Segments the instance's image with the given points; returns candidates best first. */
export type SegmentFunction = (
  instance: QualityInstance,
  points: Array<{ x: number; y: number; label: 0 | 1 }>,
) => Promise<SegmenterCandidate[]>;

export interface SessionResult {
  name: string;
  /** IoU of the first (best-score) candidate after each click. */
  iouPerClick: number[];
  /** Every returned candidate's score and IoU, for the score analysis. */
  candidates: Array<{ score: number; iou: number; rank: number }>;
  /** Best IoU among the candidates after each click (what a user picking by eye would get). */
  oracleIouPerClick: number[];
  latencyMs: number[];
}

export interface SessionOptions {
  maxClicks?: number;
  /** Stop once IoU ≥ this and at least `minClicks` were made: later clicks change no reported metric. */
  stopIou?: number;
  minClicks?: number;
}

export async function runSession(
  cv: OpenCv,
  instance: QualityInstance,
  segment: SegmentFunction,
  options: SessionOptions = {},
): Promise<SessionResult> {
  const maxClicks = options.maxClicks ?? MAX_CLICKS;
  const stopIou = options.stopIou ?? 0.9;
  const minClicks = options.minClicks ?? 5;
  const { widthPx, heightPx, groundTruth } = instance;
  const clicks: Click[] = [];
  const result: SessionResult = { name: instance.name, iouPerClick: [], candidates: [], oracleIouPerClick: [], latencyMs: [] };
  let prediction: Uint8Array = new Uint8Array(widthPx * heightPx);
  for (let clickIndex = 0; clickIndex < maxClicks; clickIndex++) {
    const click = nextClick(cv, groundTruth, prediction, widthPx, heightPx, clicks);
    if (!click) break;
    clicks.push(click);
    const started = performance.now();
    const candidates = await segment(
      instance,
      clicks.map((each) => clickToPoint(each, widthPx, heightPx)),
    );
    result.latencyMs.push(performance.now() - started);
    const masks = candidates.map((candidate) => rasterizePolygons(candidate.polygons, widthPx, heightPx));
    const ious = masks.map((mask) => maskIou(mask, groundTruth));
    candidates.forEach((candidate, rank) => result.candidates.push({ score: candidate.score, iou: ious[rank] as number, rank }));
    prediction = masks[0] ?? new Uint8Array(widthPx * heightPx);
    const iou = ious[0] ?? 0;
    result.iouPerClick.push(iou);
    result.oracleIouPerClick.push(ious.length > 0 ? Math.max(...ious) : 0);
    if (iou >= stopIou && clicks.length >= minClicks) break;
  }
  return result;
}

/** IoU after click n (1-based); sessions that stopped early keep their last IoU (it had already passed stopIou). */
export function iouAfter(result: SessionResult, clickCount: number): number {
  const series = result.iouPerClick;
  if (series.length === 0) return 0;
  return series[Math.min(clickCount, series.length) - 1] as number;
}
