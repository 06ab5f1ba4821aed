/**
 * The vision segment endpoints (CDF-API.md §1). Beta-only: every call carries `cdf-version: beta`. The POST is retried
 * by the client only on 429 (a 5xx might have created a job); the GET is idempotent.
 */
import type { CdfClient } from './client';
import { segmentJobCreatedSchema, segmentJobSchema, type SegmentJob, type SegmentJobCreated, type SegmentJobRequest } from '../../contract';

export const SEGMENT_CDF_VERSION = 'beta';

/** Starts a segment job: `request` = `{ items: [one file ref], points?, boundingBox? }`, coordinates normalized [0,1]. */
export function createSegmentJob(client: CdfClient, request: SegmentJobRequest, signal: AbortSignal): Promise<SegmentJobCreated> {
  return client.requestJson(
    { method: 'POST', path: 'context/vision/segment', body: request, signal, cdfVersion: SEGMENT_CDF_VERSION },
    segmentJobCreatedSchema,
  );
}

/** Reads a segment job's status and, once Completed, its segments (`items[].segments[]`, best score first or not). */
export function getSegmentJob(client: CdfClient, jobId: number, signal: AbortSignal): Promise<SegmentJob> {
  return client.requestJson(
    { method: 'GET', path: `context/vision/segment/${encodeURIComponent(String(jobId))}`, signal, cdfVersion: SEGMENT_CDF_VERSION },
    segmentJobSchema,
  );
}
