/**
 * The standard click simulation (ANCHORS.md §4.2; RITM `isegm/inference/clicker.py`): the next click goes to the
 * pixel farthest from the boundary of the larger error region — positive inside a missed part of the object, negative
 * inside false foreground. Errors are padded by 1 px so the image border counts as boundary; clicked pixels are
 * excluded. Ties go to the first pixel in row-major order (as numpy's argmax / np.where()[0] would).
 */
import { cvConstants, type OpenCv } from '../../server/segmenter/opencv';

export interface Click {
  row: number;
  column: number;
  positive: boolean;
}

export function nextClick(
  cv: OpenCv,
  groundTruth: Uint8Array,
  prediction: Uint8Array,
  widthPx: number,
  heightPx: number,
  previous: readonly Click[],
): Click | undefined {
  const K = cvConstants(cv);
  const paddedWidth = widthPx + 2;
  const paddedHeight = heightPx + 2;
  const falseNegative = new Uint8Array(paddedWidth * paddedHeight);
  const falsePositive = new Uint8Array(paddedWidth * paddedHeight);
  for (let row = 0; row < heightPx; row++) {
    for (let column = 0; column < widthPx; column++) {
      const index = row * widthPx + column;
      const padded = (row + 1) * paddedWidth + column + 1;
      const inObject = groundTruth[index] === 1;
      const predicted = prediction[index] === 1;
      if (inObject && !predicted) falseNegative[padded] = 1;
      if (!inObject && predicted) falsePositive[padded] = 1;
    }
  }
  const clicked = new Set(previous.map((click) => click.row * widthPx + click.column));
  const best = (errors: Uint8Array) => {
    const source = cv.matFromArray(paddedHeight, paddedWidth, K.CV_8UC1, errors);
    const distance = new cv.Mat();
    try {
      cv.distanceTransform(source, distance, K.DIST_L2, K.DIST_MASK_PRECISE);
      const values = distance.data32F;
      let bestValue = 0;
      let bestIndex = -1;
      for (let row = 0; row < heightPx; row++) {
        for (let column = 0; column < widthPx; column++) {
          if (clicked.has(row * widthPx + column)) continue;
          const value = values[(row + 1) * paddedWidth + column + 1] as number;
          if (value > bestValue) {
            bestValue = value;
            bestIndex = row * widthPx + column;
          }
        }
      }
      return { value: bestValue, index: bestIndex };
    } finally {
      source.delete();
      distance.delete();
    }
  };
  const missed = best(falseNegative);
  const extra = best(falsePositive);
  const positive = missed.value > extra.value;
  const chosen = positive ? missed : extra;
  if (chosen.index < 0) return undefined;
  return { row: Math.floor(chosen.index / widthPx), column: chosen.index % widthPx, positive };
}

/** A click as the API takes it: the pixel's centre in normalized coordinates. */
export function clickToPoint(click: Click, widthPx: number, heightPx: number): { x: number; y: number; label: 0 | 1 } {
  return { x: (click.column + 0.5) / widthPx, y: (click.row + 0.5) / heightPx, label: click.positive ? 1 : 0 };
}
