/** Turns session results into the benchmark's figures and a printable table. */
import type { SessionResult } from './session';
import { iouAfter } from './session';
import { clicksToReach, failed, mean, scoreBands, spearman } from './metrics';

export interface QualityFigures {
  instances: number;
  nocAt85: number;
  nocAt90: number;
  /**
   * NoC@90 over the natural composites (an object pasted on another photo) and over the camouflaged ones (a region
   * of a photo, rescaled, pasted back onto the same photo: same textures on both sides of the edge).
   */
  nocAt90Natural: number;
  nocAt90Camouflaged: number;
  nofAt85: number;
  nofAt90: number;
  miouAt1: number;
  miouAt5: number;
  /** NoC@90 had the user picked the best candidate by eye at every click. */
  oracleNocAt90: number;
  scoreIouSpearman: number;
  /** Among steps with ≥ 2 candidates: how often the top-scored one also had the highest IoU. */
  topScoreIsBestIou: number;
  bands: ReturnType<typeof scoreBands>;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

const isCamouflaged = (result: SessionResult) => result.name.includes('camouflaged');

export function summarize(results: readonly SessionResult[]): QualityFigures {
  const pairs = results.flatMap((result) => result.candidates);
  let steps = 0;
  let topIsBest = 0;
  for (const result of results) {
    // Candidates are stored flat, rank 0 opening each step.
    let step: Array<{ score: number; iou: number }> = [];
    const flush = () => {
      if (step.length >= 2) {
        steps++;
        const bestIou = Math.max(...step.map((candidate) => candidate.iou));
        if ((step[0] as { iou: number }).iou >= bestIou - 1e-9) topIsBest++;
      }
      step = [];
    };
    for (const candidate of result.candidates) {
      if (candidate.rank === 0) flush();
      step.push(candidate);
    }
    flush();
  }
  const latencies = results.flatMap((result) => result.latencyMs);
  return {
    instances: results.length,
    nocAt85: mean(results.map((result) => clicksToReach(result.iouPerClick, 0.85))),
    nocAt90: mean(results.map((result) => clicksToReach(result.iouPerClick, 0.9))),
    nocAt90Natural: mean(results.filter((result) => !isCamouflaged(result)).map((result) => clicksToReach(result.iouPerClick, 0.9))),
    nocAt90Camouflaged: mean(results.filter(isCamouflaged).map((result) => clicksToReach(result.iouPerClick, 0.9))),
    nofAt85: results.filter((result) => failed(result.iouPerClick, 0.85)).length,
    nofAt90: results.filter((result) => failed(result.iouPerClick, 0.9)).length,
    miouAt1: mean(results.map((result) => iouAfter(result, 1))),
    miouAt5: mean(results.map((result) => iouAfter(result, 5))),
    oracleNocAt90: mean(results.map((result) => clicksToReach(result.oracleIouPerClick, 0.9))),
    scoreIouSpearman: spearman(
      pairs.map((pair) => pair.score),
      pairs.map((pair) => pair.iou),
    ),
    topScoreIsBestIou: steps === 0 ? Number.NaN : topIsBest / steps,
    bands: scoreBands(pairs),
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
  };
}

export function formatReport(figures: QualityFigures, results: readonly SessionResult[], title: string): string {
  const lines: string[] = [];
  lines.push(`# ${title}`);
  lines.push('');
  lines.push('| instance | IoU@1 | IoU@5 | NoC@85 | NoC@90 | clicks run |');
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const result of results) {
    lines.push(
      `| ${result.name} | ${iouAfter(result, 1).toFixed(3)} | ${iouAfter(result, 5).toFixed(3)} | ${clicksToReach(result.iouPerClick, 0.85)} | ${clicksToReach(result.iouPerClick, 0.9)} | ${result.iouPerClick.length} |`,
    );
  }
  lines.push('');
  lines.push('| metric | value |');
  lines.push('| --- | --- |');
  lines.push(`| instances | ${figures.instances} |`);
  lines.push(`| NoC@85 (≤ 20 clicks) | ${figures.nocAt85.toFixed(2)} |`);
  lines.push(`| NoC@90 (≤ 20 clicks) | ${figures.nocAt90.toFixed(2)} |`);
  lines.push(`| NoC@90 natural / camouflaged composites | ${figures.nocAt90Natural.toFixed(2)} / ${figures.nocAt90Camouflaged.toFixed(2)} |`);
  lines.push(`| NoF@85 / NoF@90 | ${figures.nofAt85} / ${figures.nofAt90} |`);
  lines.push(`| mIoU after 1 click | ${figures.miouAt1.toFixed(3)} |`);
  lines.push(`| mIoU after 5 clicks | ${figures.miouAt5.toFixed(3)} |`);
  lines.push(`| NoC@90 picking the best candidate by eye | ${figures.oracleNocAt90.toFixed(2)} |`);
  lines.push(`| Spearman ρ(score, IoU), all candidates | ${figures.scoreIouSpearman.toFixed(3)} |`);
  lines.push(`| top-scored candidate has the best IoU | ${(100 * figures.topScoreIsBestIou).toFixed(1)} % |`);
  lines.push(`| latency per click p50 / p95 | ${figures.latencyP50Ms.toFixed(0)} / ${figures.latencyP95Ms.toFixed(0)} ms |`);
  lines.push('');
  lines.push('| score band | candidates | mean IoU |');
  lines.push('| --- | --- | --- |');
  for (const band of figures.bands) {
    lines.push(`| ${band.label} | ${band.count} | ${Number.isNaN(band.meanIou) ? '–' : band.meanIou.toFixed(3)} |`);
  }
  return lines.join('\n');
}
