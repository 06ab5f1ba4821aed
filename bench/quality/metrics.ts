/** Interactive-segmentation metrics (ANCHORS.md §4.1) and the score-vs-IoU analysis. */

export const MAX_CLICKS = 20;

/** Clicks needed to reach `threshold` IoU (1-based), or MAX_CLICKS when never reached. */
export function clicksToReach(iouPerClick: readonly number[], threshold: number): number {
  const index = iouPerClick.findIndex((iou) => iou >= threshold);
  return index < 0 ? MAX_CLICKS : index + 1;
}

export function failed(iouPerClick: readonly number[], threshold: number): boolean {
  return !iouPerClick.slice(0, MAX_CLICKS).some((iou) => iou >= threshold);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Average ranks (1-based), ties sharing the mean of their ranks. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && (order[end + 1] as { value: number }).value === (order[start] as { value: number }).value) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[(order[k] as { index: number }).index] = rank;
    start = end + 1;
  }
  return result;
}

/** Spearman's rank correlation (Pearson on average ranks); NaN for fewer than 3 pairs or a constant series. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 3) return Number.NaN;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const mx = mean(rx);
  const my = mean(ry);
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < rx.length; index++) {
    const dx = (rx[index] as number) - mx;
    const dy = (ry[index] as number) - my;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  return varianceX === 0 || varianceY === 0 ? Number.NaN : covariance / Math.sqrt(varianceX * varianceY);
}

export interface ScoreBand {
  label: string;
  count: number;
  meanIou: number;
}

/** Mean IoU of the candidates whose score falls in each band of width 0.2. */
export function scoreBands(pairs: ReadonlyArray<{ score: number; iou: number }>): ScoreBand[] {
  const edges = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];
  const bands: ScoreBand[] = [];
  for (let band = 0; band + 1 < edges.length; band++) {
    const low = edges[band] as number;
    const high = edges[band + 1] as number;
    const inBand = pairs.filter((pair) => pair.score >= low && pair.score < high);
    bands.push({ label: `${low.toFixed(1)}–${Math.min(1, high).toFixed(1)}`, count: inBand.length, meanIou: mean(inBand.map((pair) => pair.iou)) });
  }
  return bands;
}
