/**
 * The side of the annotation loop that talks to CDF, mounted once (SegmentationRunner.tsx):
 * - every new prompt revision is marked once and handed to the scheduler (which submits when Auto-segment is on);
 * - a new attempt in flight gets its job created (POST), tagged with the prompt revision;
 * - the job in flight is polled with react-query until Completed/Failed, or ended by the client-side time-out.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CdfClient } from '../../api/client';
import { isAbortError } from '../../api/errors';
import { createSegmentJob } from '../../api/segment';
import { fileKey, useAnnotationStore, type AnnotationState } from '../../store/annotationStore';
import { currentJobTarget } from './segmentationCommands';
import type { SchedulerEvent, SchedulerState } from './jobScheduler';
import { JOB_TIMEOUT_MS, jobErrorFromThrown, jobTimeoutError } from './jobErrors';
import { segmentJobKeys, segmentJobQuery } from './segmentJobQueries';
import { useScheduler, useSegmentationStore } from './segmentationStore';
import { markJobCreated, markPromptChanged } from '../../lib/timingMarks';

/** Completed jobs of the prompt sets of file `activeFileKey` (result keys are `fileKey|prompts`), in a stable string. */
export function completedJobIdsForFile(scheduler: SchedulerState, activeFileKey: string | null): string {
  if (activeFileKey === null) return '';
  const prefix = `${activeFileKey}|`;
  return Object.entries(scheduler.jobsByResultKey)
    .filter(([resultKey, job]) => resultKey.startsWith(prefix) && job.outcome === 'Completed')
    .map(([, job]) => job.jobId)
    .sort((a, b) => a - b)
    .join(',');
}

const dispatch = (event: SchedulerEvent): void => useSegmentationStore.getState().actions.schedulerEventOccurred(event);

export function useSegmentationRunner(client: CdfClient, timeoutMs: number = JOB_TIMEOUT_MS): void {
  const queryClient = useQueryClient();

  // Prompt revisions → marks and scheduler. A store subscription runs synchronously inside the action, so the mark
  // is taken in the same task as the click, before React renders. The mark follows the rule in timingMarks.ts: one
  // per revision, when the revision changes — so mounting (or remounting) the runner marks nothing; it only tells the
  // scheduler what is on screen now.
  useEffect(() => {
    const schedule = (state: AnnotationState, auto: boolean) =>
      dispatch({ type: 'prompts-changed', target: currentJobTarget(state), auto });
    const initial = useAnnotationStore.getState();
    schedule(initial, initial.autoSegment);
    return useAnnotationStore.subscribe((state, previous) => {
      if (state.revision !== previous.revision) {
        markPromptChanged(state.revision);
        schedule(state, state.autoSegment);
      }
      // Turning Auto-segment on submits the prompts on screen, as if they had just been placed.
      else if (state.autoSegment && !previous.autoSegment) schedule(state, true);
    });
  }, []);

  // A new attempt in flight → create its job. Attempts are numbered; a ref remembers which were sent, so a re-render
  // (or React's development double effects) never posts twice. An abandoned attempt's answer is ignored by the
  // scheduler, so the POST is not aborted: it may already have created the job.
  const inFlight = useScheduler().inFlight;
  const sentAttempts = useRef(new Set<number>());
  useEffect(() => {
    if (!inFlight || inFlight.jobId !== null || sentAttempts.current.has(inFlight.attempt)) return;
    const { attempt, target } = inFlight;
    sentAttempts.current.add(attempt);
    createSegmentJob(client, target.request, new AbortController().signal).then(
      (created) => {
        markJobCreated(created.jobId, target.revision);
        dispatch({ type: 'job-created', attempt, jobId: created.jobId });
      },
      (error: unknown) => dispatch({ type: 'job-creation-failed', attempt, error: jobErrorFromThrown(error, 'not-created') }),
    );
  }, [client, inFlight]);

  // Poll the job in flight. The query function reports a terminal status (segmentJobQueries.ts); what is left here is
  // a poll that failed for good.
  const jobId = inFlight?.jobId ?? null;
  const job = useQuery(segmentJobQuery(client, jobId));
  useEffect(() => {
    // The client has already retried what can be retried (429, 5xx, 401); what remains is shown, prompts are kept.
    if (jobId !== null && job.error && !isAbortError(job.error)) {
      dispatch({ type: 'job-polling-failed', jobId, error: jobErrorFromThrown(job.error, 'polling-stopped', jobId) });
    }
  }, [jobId, job.error]);

  // The open image's finished results stay cached while it is open (disabled observers: never fetched, never
  // collected), so undo and redo show them at once however long ago they came; other files' results expire after
  // SEGMENT_JOB_GC_TIME_MS (segmentJobQueries.ts).
  const activeFileKey = useAnnotationStore((s) => (s.activeFile ? fileKey(s.activeFile) : null));
  const keptIds = useSegmentationStore((s) => completedJobIdsForFile(s.scheduler, activeFileKey));
  const keptQueries = useMemo(
    () => (keptIds === '' ? [] : keptIds.split(',').map((id) => ({ ...segmentJobQuery(client, Number(id)), enabled: false }))),
    [client, keptIds],
  );
  useQueries({ queries: keptQueries });

  // The client-side time-out: a job that never finishes ends with a clear message instead of polling forever.
  useEffect(() => {
    if (jobId === null) return;
    const timer = setTimeout(() => {
      void queryClient.cancelQueries({ queryKey: segmentJobKeys.detail(client, jobId) });
      dispatch({ type: 'job-polling-failed', jobId, error: jobTimeoutError(jobId, timeoutMs) });
    }, timeoutMs);
    return () => clearTimeout(timer);
  }, [client, jobId, queryClient, timeoutMs]);
}
