/** Turns whatever a job step threw, or a Failed job, into the message the alert shows. */
import type { SegmentJob } from '../../../contract/segment';
import { isCdfError } from '../../api/errors';
import type { JobError, JobErrorCause } from './jobScheduler';

/** A job that never reaches a terminal status is ended on the client after this long. */
export const JOB_TIMEOUT_MS = 120_000;

/** `cause`: `not-created` for a failed POST, `polling-stopped` for a poll that failed after the client's retries. */
export function jobErrorFromThrown(error: unknown, cause: Exclude<JobErrorCause, 'job-failed'>, jobId?: number): JobError {
  if (isCdfError(error)) return { cause, message: error.message, requestId: error.requestId, jobId };
  if (error instanceof Error) return { cause, message: error.message, jobId };
  return { cause, message: String(error), jobId };
}

/** The reason a Failed job gives: its `errorMessage`, else the first failed batch's, else a generic sentence. */
export function jobErrorFromFailedJob(job: SegmentJob): JobError {
  const message = job.errorMessage ?? job.failedItems?.find((batch) => batch.errorMessage)?.errorMessage;
  return { cause: 'job-failed', message: message ?? `Segment job ${job.jobId} failed without a reason.`, jobId: job.jobId };
}

const formatSeconds = (durationMs: number): string =>
  durationMs >= 10_000 ? `${Math.round(durationMs / 1000)} s` : `${(durationMs / 1000).toFixed(1)} s`;

export function jobTimeoutError(jobId: number, timeoutMs: number = JOB_TIMEOUT_MS): JobError {
  return {
    cause: 'polling-stopped',
    message: `Segment job ${jobId} did not finish within ${formatSeconds(timeoutMs)}. Your prompts are kept; press Segment to try again.`,
    jobId,
  };
}
