/**
 * From prompts to the CDF request and the key its result is cached under. Both use the canonical prompt order, so one
 * result key always corresponds to exactly one request body.
 */
import type { SegmentJobRequest } from '../../../contract/segment';
import { canonicalPromptKey, canonicalPromptSet, isEmptyPromptSet, type PromptSet } from '../../store/promptSet';
import type { JobTarget } from './jobScheduler';

/** The request for `prompts` on file `fileId`; null for an empty prompt set (CDF needs points or a box). */
export function buildSegmentRequest(fileId: number, prompts: PromptSet): SegmentJobRequest | null {
  if (isEmptyPromptSet(prompts)) return null;
  const canonical = canonicalPromptSet(prompts);
  const request: SegmentJobRequest = { items: [{ fileId }] };
  if (canonical.points.length > 0) request.points = canonical.points.map(({ x, y, label }) => ({ x, y, label }));
  if (canonical.box) request.boundingBox = { ...canonical.box };
  return request;
}

/** Results are kept per file and canonical prompt set. `fileKey` already names the project (see annotationStore). */
export function resultKeyFor(fileKey: string, prompts: PromptSet): string {
  return `${fileKey}|${canonicalPromptKey(prompts)}`;
}

export function jobTargetFor(fileKey: string, fileId: number, prompts: PromptSet, revision: number): JobTarget | null {
  const request = buildSegmentRequest(fileId, prompts);
  return request ? { resultKey: resultKeyFor(fileKey, prompts), revision, request } : null;
}
