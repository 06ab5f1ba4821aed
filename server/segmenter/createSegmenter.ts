/**
 * The one place that picks the segmenter behind the segment routes (EMULATOR_SEGMENTER). SAM is the default; when its
 * model files are missing or not the expected ones, the emulator says why and falls back to GrabCut rather than
 * failing every job.
 */
import { createSegmenterPool } from './pool';
import { defaultSamModelFiles, SamModelError, verifySamModel, type SamModelFiles } from './sam/model';
import { createSamSegmenter } from './sam/samSegmenter';
import type { Segmenter, SegmenterName } from './types';

export interface SegmenterChoice {
  name: SegmenterName;
  /** Set when SAM was asked for but GrabCut answers: the reason, for the start-up log. */
  fallbackReason?: string;
}

/** Verification results per model path: hashing 45 MB once per process is enough (tests start many emulators). */
const verified = new Map<string, string | null>();

function samModelProblem(files: SamModelFiles): string | null {
  const key = JSON.stringify(files);
  const known = verified.get(key);
  if (known !== undefined) return known;
  let problem: string | null = null;
  try {
    verifySamModel(files);
  } catch (error) {
    if (!(error instanceof SamModelError)) throw error;
    problem = error.message;
  }
  verified.set(key, problem);
  return problem;
}

export function chooseSegmenter(requested: SegmenterName, files: SamModelFiles = defaultSamModelFiles()): SegmenterChoice {
  if (requested === 'grabcut') return { name: 'grabcut' };
  const problem = samModelProblem(files);
  if (problem === null) return { name: 'sam' };
  return {
    name: 'grabcut',
    fallbackReason: `EMULATOR_SEGMENTER=sam, but the SAM model cannot be used (${problem}); using GrabCut instead. Reinstall with npm ci, or set EMULATOR_SEGMENTER=grabcut to choose GrabCut explicitly.`,
  };
}

export interface CreateSegmenterOptions {
  workers: number;
  onPrepareError?: (message: string, error: unknown) => void;
}

export function createSegmenter(name: SegmenterName, options: CreateSegmenterOptions): Segmenter {
  if (name === 'grabcut') return createSegmenterPool({ workers: options.workers });
  return createSamSegmenter(options.onPrepareError ? { onPrepareError: options.onPrepareError } : {});
}
