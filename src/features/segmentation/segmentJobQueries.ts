/**
 * Query options for segment jobs. A job is polled until it is Completed or Failed; a finished job never changes, so
 * it is never refetched (`staleTime: Infinity`). Results are kept per prompt set so undo shows an earlier one at once
 * without a request; a job no component shows is dropped from the cache after SEGMENT_JOB_GC_TIME_MS, so a day of
 * work does not grow memory without bound. An earlier result asked for again after that is fetched with one GET (the
 * scheduler still knows its job id: no new job).
 */
import { queryOptions, skipToken } from '@tanstack/react-query';
import type { CdfClient } from '../../api/client';
import { cdfScope } from '../../api/queries';
import { getSegmentJob } from '../../api/segment';
import { isTerminalJobStatus, type SegmentJob } from '../../../contract/segment';
import { segmentJobRefetchInterval } from './pollInterval';
import { jobErrorFromFailedJob } from './jobErrors';
import { useSegmentationStore } from './segmentationStore';
import { markJobFinishedOnce } from '../../lib/timingMarks';

/** How long a job's answer stays cached while nothing on screen uses it. */
export const SEGMENT_JOB_GC_TIME_MS = 30 * 60_000;

export const segmentJobKeys = {
  all: (client: CdfClient) => [...cdfScope(client), 'segment-jobs'] as const,
  detail: (client: CdfClient, jobId: number | null) => [...segmentJobKeys.all(client), jobId ?? 'none'] as const,
};

/**
 * Fetches a job. A terminal status is reported to the scheduler here and nowhere else (the scheduler ignores a job it
 * already knows finished), and marked (`annotator:job-finished`) the first time it is seen: as soon as the answer is
 * parsed, rather than from a render effect, which saves a render pass and a task hop between the answer and the
 * overlay and keeps React's time out of the polling-lag figure. Every answer reaches the cache through this function.
 */
async function fetchSegmentJob(client: CdfClient, jobId: number, signal: AbortSignal): Promise<SegmentJob> {
  const job = await getSegmentJob(client, jobId, signal);
  if (isTerminalJobStatus(job.status)) {
    markJobFinishedOnce(job.jobId, job.status === 'Completed' ? 'Completed' : 'Failed');
    useSegmentationStore.getState().actions.schedulerEventOccurred(
      job.status === 'Completed'
        ? { type: 'job-finished', jobId: job.jobId, outcome: 'Completed' }
        : { type: 'job-finished', jobId: job.jobId, outcome: 'Failed', error: jobErrorFromFailedJob(job) },
    );
  }
  return job;
}

export const segmentJobQuery = (client: CdfClient, jobId: number | null) =>
  queryOptions({
    queryKey: segmentJobKeys.detail(client, jobId),
    queryFn: jobId === null ? skipToken : ({ signal }) => fetchSegmentJob(client, jobId, signal),
    refetchInterval: segmentJobRefetchInterval,
    // Keep polling when the tab is in the background: the annotator often waits in another window.
    refetchIntervalInBackground: true,
    // The CDF client already retries 429/5xx with backoff and re-authenticates on 401; a second layer would only
    // multiply the waiting.
    retry: false,
    staleTime: Infinity,
    gcTime: SEGMENT_JOB_GC_TIME_MS,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
