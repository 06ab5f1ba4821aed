/**
 * `role="status"`: the state of the job that matters now — the one in flight, else the one that answered the prompts
 * on screen — with its job id, plus whether a newer prompt set waits.
 */
import { useQuery } from '@tanstack/react-query';
import type { CdfClient } from '../../api/client';
import type { JobError } from './jobScheduler';
import { segmentJobQuery } from './segmentJobQueries';
import { useScheduler } from './segmentationStore';
import { useCurrentResultKey } from './useDisplayedResult';

/**
 * The status words of the contract (Queued/Running/Completed/Failed) are used only for states the job really has:
 * when this page stopped polling, the job's state on the server is unknown, and the line says so.
 */
export function errorStatusText(error: JobError): string {
  if (error.cause === 'not-created' || error.jobId === undefined) return 'Failed · job not created';
  if (error.cause === 'polling-stopped') return `Stopped waiting · job ${error.jobId}`;
  return `Failed · job ${error.jobId}`;
}

export function JobStatus({ client }: { readonly client: CdfClient }) {
  const scheduler = useScheduler();
  const currentResultKey = useCurrentResultKey();
  const { inFlight } = scheduler;
  const ownJob = currentResultKey ? scheduler.jobsByResultKey[currentResultKey] : undefined;
  const ownError = currentResultKey ? scheduler.errorsByResultKey[currentResultKey] : undefined;
  const shownJobId = inFlight ? inFlight.jobId : (ownJob?.jobId ?? null);
  const job = useQuery(segmentJobQuery(client, shownJobId));

  let text: string;
  if (inFlight && inFlight.jobId === null) text = 'Submitting job…';
  else if (shownJobId !== null) text = `${job.data?.status ?? 'Queued'} · job ${shownJobId}`;
  else if (ownError) text = errorStatusText(ownError);
  else if (scheduler.abandonedJobId !== null) text = `Abandoned · job ${scheduler.abandonedJobId}`;
  else text = currentResultKey ? 'Ready: press Segment' : 'No prompts: click the image to add a point';
  // Also after Clear prompts (no current key): the job in flight answers prompts no longer on screen.
  const stale = inFlight !== null && inFlight.target.resultKey !== currentResultKey;

  return (
    <div role="status" className="job-status" aria-live="polite">
      <span>{text}</span>
      {stale && <span> · for earlier prompts</span>}
      {scheduler.waiting && <span> · newest prompts waiting</span>}
    </div>
  );
}
