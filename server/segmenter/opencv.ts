/**
 * Loads OpenCV.js (WebAssembly) once per thread.
 *
 * The package is CommonJS and exports a Promise of the Emscripten module. Loaded through `import`, Vite/Vitest's
 * module runner trips over the thenable namespace; so it is loaded with `require`, and the module is handed around
 * inside a wrapper object, never as a promise's value (were it thenable, it would be adopted).
 */
import { createRequire } from 'node:module';
import type cvModuleType from '@techstark/opencv-js';

export type OpenCv = typeof cvModuleType;

let loading: Promise<{ cv: OpenCv }> | undefined;

function loadWrapped(): Promise<{ cv: OpenCv }> {
  const exported: unknown = createRequire(import.meta.url)('@techstark/opencv-js');
  // 5.x exports a Promise of the module; older builds export the module and call onRuntimeInitialized when ready.
  if (exported instanceof Promise) return (exported as Promise<OpenCv>).then((cv) => ({ cv }));
  const cv = exported as OpenCv;
  return new Promise((resolve) => {
    if ((cv as { Mat?: unknown }).Mat !== undefined) {
      resolve({ cv });
      return;
    }
    (cv as { onRuntimeInitialized?: () => void }).onRuntimeInitialized = () => resolve({ cv });
  });
}

export async function loadOpenCv(): Promise<OpenCv> {
  loading ??= loadWrapped();
  return (await loading).cv;
}

/**
 * OpenCV's enum constants, typed. opencv.js's typings declare them as `any`; reading them once through this table
 * checks each is a number at load time and keeps `any` out of the callers.
 */
const CONSTANT_NAMES = [
  'CC_STAT_AREA',
  'CHAIN_APPROX_NONE',
  'COLOR_RGB2GRAY',
  'CV_32F',
  'CV_32S',
  'CV_8U',
  'CV_8UC1',
  'CV_8UC3',
  'DIST_L2',
  'DIST_MASK_PRECISE',
  'GC_BGD',
  'GC_FGD',
  'GC_INIT_WITH_MASK',
  'GC_PR_BGD',
  'GC_PR_FGD',
  'INTER_LINEAR',
  'RETR_EXTERNAL',
  'THRESH_BINARY',
] as const;

export type CvConstants = Record<(typeof CONSTANT_NAMES)[number], number>;

const constantsCache = new WeakMap<object, CvConstants>();

export function cvConstants(cv: OpenCv): CvConstants {
  const cached = constantsCache.get(cv);
  if (cached) return cached;
  const source = cv as unknown as Record<string, unknown>;
  const table = {} as CvConstants;
  for (const name of CONSTANT_NAMES) {
    const value = source[name];
    if (typeof value !== 'number') throw new Error(`OpenCV.js has no numeric constant ${name}`);
    table[name] = value;
  }
  constantsCache.set(cv, table);
  return table;
}
