/**
 * The whole segmentation of one decoded image: plan the crops (context scales), run GrabCut on each, trace polygons,
 * score, and return up to three candidates, best first. Runs inside a worker (see worker.ts); also callable directly.
 */
import sharp from 'sharp';
import type { OpenCv } from './opencv';
import type { RgbImage } from './imageCache';
import type { CropOptions, CropPlan } from './crop';
import { planCrops } from './crop';
import type { GrabCutParams } from './grabcut';
import { DEFAULT_GRABCUT_PARAMS, runGrabCut } from './grabcut';
import { maskToPolygons } from './polygons';
import type { CandidateEvidence } from './score';
import { scoreCandidate, stabilities } from './score';
import type { SegmenterCandidate, SegmenterPrompt } from './types';

export interface SegmentOptions {
  crop: CropOptions;
  grabCut: GrabCutParams;
}

export const DEFAULT_SEGMENT_OPTIONS: SegmentOptions = {
  crop: { maxWorkSidePx: 224 },
  grabCut: DEFAULT_GRABCUT_PARAMS,
};

export const MAX_CANDIDATES = 3;
/** planCrops never returns more than this many plans (three context scales). */
export const MAX_PLANS = 3;
const MIN_WORK_SIDE_PX = 8;

export interface SegmentOptionsOverride {
  crop?: Partial<CropOptions>;
  grabCut?: Partial<GrabCutParams>;
}

export function withOverrides(override: SegmentOptionsOverride = {}): SegmentOptions {
  return {
    crop: { ...DEFAULT_SEGMENT_OPTIONS.crop, ...override.crop },
    grabCut: { ...DEFAULT_SEGMENT_OPTIONS.grabCut, ...override.grabCut },
  };
}

/** The plan's crop of the image, downscaled to the plan's work size, as packed RGB. */
export async function cropForPlan(image: RgbImage, plan: CropPlan): Promise<Buffer> {
  let pipeline = sharp(image.data, { raw: { width: image.widthPx, height: image.heightPx, channels: 3 } }).extract({
    left: plan.rect.xPx,
    top: plan.rect.yPx,
    width: plan.rect.widthPx,
    height: plan.rect.heightPx,
  });
  if (plan.workWidthPx !== plan.rect.widthPx || plan.workHeightPx !== plan.rect.heightPx) {
    pipeline = pipeline.resize(plan.workWidthPx, plan.workHeightPx, { fit: 'fill', kernel: 'lanczos3' });
  }
  return pipeline.raw().toBuffer();
}

/**
 * Runs one context scale (crop plan `planIndex` of the prompt's plans): GrabCut, polygons and the evidence the score
 * needs. Resolves null when the prompt has fewer plans or the plan yields no part. The pool runs the plans of one job
 * on different workers at once; each plan is deterministic on its own (its own RNG seed), so the split changes nothing.
 */
export async function evaluatePlan(
  cv: OpenCv,
  image: RgbImage,
  prompt: SegmenterPrompt,
  planIndex: number,
  options: SegmentOptions = DEFAULT_SEGMENT_OPTIONS,
): Promise<CandidateEvidence | null> {
  const plan = planCrops(prompt, image.widthPx, image.heightPx, options.crop)[planIndex];
  // GrabCut needs room for a border band and both colour models; a few pixels cannot hold an object outline.
  if (!plan || plan.workWidthPx < MIN_WORK_SIDE_PX || plan.workHeightPx < MIN_WORK_SIDE_PX) return null;
  const workRgb = await cropForPlan(image, plan);
  const result = runGrabCut(cv, workRgb, plan, prompt, image.widthPx, image.heightPx, options.grabCut);
  if (!result) return null;
  try {
    const polygons = maskToPolygons(cv, result.mask, plan, image.widthPx, image.heightPx);
    if (polygons.length === 0) return null;
    return { polygons, colourSeparation: result.colourSeparation, interiorBorderCoverage: result.interiorBorderCoverage };
  } finally {
    result.mask.delete();
  }
}

/** Scores the context scales' results against each other and orders them best first (at most MAX_CANDIDATES). */
export function rankCandidates(evidence: ReadonlyArray<CandidateEvidence | null>): SegmenterCandidate[] {
  const found = evidence.filter((item): item is CandidateEvidence => item !== null);
  const stability = stabilities(found.map((item) => item.polygons));
  return found
    .map((item, index) => ({ score: scoreCandidate(item, stability[index] as number), polygons: item.polygons }))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CANDIDATES);
}

/** The whole job in one thread: every plan in turn, then ranking. */
export async function segmentDecodedImage(
  cv: OpenCv,
  image: RgbImage,
  prompt: SegmenterPrompt,
  options: SegmentOptions = DEFAULT_SEGMENT_OPTIONS,
): Promise<SegmenterCandidate[]> {
  const evidence: Array<CandidateEvidence | null> = [];
  for (let planIndex = 0; planIndex < MAX_PLANS; planIndex++) evidence.push(await evaluatePlan(cv, image, prompt, planIndex, options));
  return rankCandidates(evidence);
}
