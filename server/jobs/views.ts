/**
 * A job as the API shows it: the POST response (`VisionSegmentPostResponse`) and the GET response
 * (`VisionSegmentGetResponse`), typed against the contract the app parses them with.
 */
import type { SegmentJob, SegmentJobCreated } from '../../contract';
import type { JobRecord } from './store';
import { FAILED_JOB_HAS_FAILED_ITEMS } from './policy';

function statusFields(job: JobRecord) {
  return { status: job.status, createdTime: job.createdTime, startTime: job.startTime, statusTime: job.statusTime };
}

/** The prompt as the client gave it, labels defaulted. */
function promptFields(job: JobRecord) {
  return {
    ...(job.points !== undefined ? { points: job.points.map((point) => ({ x: point.x, y: point.y, label: point.label })) } : {}),
    ...(job.boundingBox !== undefined ? { boundingBox: { ...job.boundingBox } } : {}),
  };
}

export function postResponse(job: JobRecord): SegmentJobCreated {
  return {
    ...statusFields(job),
    jobId: job.jobId,
    items: [{ ...job.file }],
    ...promptFields(job),
    errorMessage: null,
  };
}

export function getResponse(job: JobRecord): SegmentJob {
  const { fileId, fileExternalId } = job.file;
  // VisionSegmentItem has fileId and fileExternalId only (no fileInstanceId).
  const resultItem = { fileId, ...(fileExternalId !== undefined ? { fileExternalId } : {}) };
  return {
    ...statusFields(job),
    jobId: job.jobId,
    items: job.status === 'Completed' ? [{ ...resultItem, segments: job.segments ?? [] }] : [],
    prompt: promptFields(job),
    errorMessage: job.errorMessage,
    ...(job.status === 'Failed' && FAILED_JOB_HAS_FAILED_ITEMS
      ? { failedItems: [{ errorMessage: job.errorMessage ?? '', items: [{ ...job.file }] }] }
      : {}),
  };
}
