/**
 * Which job's result the overlay and the Segments list show, and whether it is stale:
 * - the current prompt set's own Completed result, at full strength;
 * - otherwise the result this file showed last, dimmed (a newer one is pending, failed or not yet asked for) —
 *   never presented as the answer to the newer prompts;
 * - nothing for an empty prompt set.
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CdfClient } from '../../api/client';
import type { Segment, SegmentJob } from '../../../contract/segment';
import { fileKey, selectActiveFilePrompts, useAnnotationStore, useSelectedCandidateIndex } from '../../store/annotationStore';
import { isEmptyPromptSet } from '../../store/promptSet';
import type { SchedulerState } from './jobScheduler';
import { resultKeyFor } from './segmentRequest';
import { segmentJobQuery } from './segmentJobQueries';
import { useSegmentationActions, useSegmentationStore } from './segmentationStore';

export interface DisplayChoice {
  readonly jobId: number | null;
  /** True when the result answers older prompts than those on screen. */
  readonly stale: boolean;
}

/**
 * `ownJobId`: the job made for the prompts on screen (any state); `ownCompleted`: whether its Completed answer is in
 * the cache. Deciding on the cached answer itself, not on the scheduler's bookkeeping of it, means the overlay never
 * waits for one more update once the data is there.
 */
export function chooseDisplayedJob(
  currentResultKey: string | null,
  ownJobId: number | null,
  ownCompleted: boolean,
  lastShownJobId: number | undefined,
): DisplayChoice {
  if (currentResultKey === null) return { jobId: null, stale: false };
  if (ownJobId !== null && ownCompleted) return { jobId: ownJobId, stale: false };
  return lastShownJobId === undefined || lastShownJobId === ownJobId ? { jobId: null, stale: false } : { jobId: lastShownJobId, stale: true };
}

/** The job made for the prompt set `resultKey`, if any (abandoned or unanswerable jobs are forgotten). */
export function ownJobIdFor(scheduler: SchedulerState, resultKey: string | null): number | null {
  return resultKey === null ? null : (scheduler.jobsByResultKey[resultKey]?.jobId ?? null);
}

/**
 * The candidate actually selected among `count`: the stored index when it exists, else the best (0). The overlay and
 * the Segments list both use this value, so the candidate drawn as selected is always the one marked in the list.
 */
export function effectiveSelectedIndex(storedIndex: number, count: number): number {
  return Number.isInteger(storedIndex) && storedIndex >= 0 && storedIndex < count ? storedIndex : 0;
}

/** Candidates best first (CDF does not promise an order). */
export function sortSegmentsByScore(segments: readonly Segment[]): Segment[] {
  return [...segments].sort((a, b) => b.score - a.score);
}

/** The current prompt set's result key, or null without a file or prompts. */
export function useCurrentResultKey(): string | null {
  return useAnnotationStore((state) => {
    if (!state.activeFile) return null;
    const prompts = selectActiveFilePrompts(state).current;
    return isEmptyPromptSet(prompts) ? null : resultKeyFor(fileKey(state.activeFile), prompts);
  });
}

export interface DisplayedResult extends DisplayChoice {
  readonly fileKey: string | null;
  /** Candidates of the displayed job, best first; empty when there is none. */
  readonly segments: readonly Segment[];
  /** The selected candidate, clamped to `segments` (0 when the stored choice is past the end). */
  readonly selectedIndex: number;
}

const NO_SEGMENTS: readonly Segment[] = [];
// Module-level so react-query can memoize the selection: the overlay re-flattens polygons only when the data changes.
// null = the job has no result (yet).
const selectCompletedCandidates = (job: SegmentJob): readonly Segment[] | null =>
  job.status === 'Completed' ? sortSegmentsByScore(job.items[0]?.segments ?? []) : null;

export function useDisplayedResult(client: CdfClient): DisplayedResult {
  const currentResultKey = useCurrentResultKey();
  const activeFile = useAnnotationStore((s) => s.activeFile);
  const activeFileKey = activeFile ? fileKey(activeFile) : null;
  const ownJobId = useSegmentationStore((s) => ownJobIdFor(s.scheduler, currentResultKey));
  const lastShown = useSegmentationStore((s) => (activeFileKey ? s.lastShownJobIdByFile[activeFileKey] : undefined));
  const own = useQuery({ ...segmentJobQuery(client, ownJobId), select: selectCompletedCandidates });
  const ownCompleted = own.data !== undefined && own.data !== null;
  const choice = chooseDisplayedJob(currentResultKey, ownJobId, ownCompleted, lastShown);
  const shown = useQuery({ ...segmentJobQuery(client, choice.stale ? choice.jobId : null), select: selectCompletedCandidates });
  const segments = (choice.stale ? shown.data : own.data) ?? NO_SEGMENTS;
  const selectedIndex = effectiveSelectedIndex(useSelectedCandidateIndex(), segments.length);

  // Remember the fresh result this file shows, so it can stay visible, dimmed, while newer prompts wait for theirs.
  const fresh = choice.jobId !== null && !choice.stale && segments.length > 0;
  const { resultShown } = useSegmentationActions();
  useEffect(() => {
    if (fresh && activeFileKey !== null && choice.jobId !== null) resultShown(activeFileKey, choice.jobId);
  }, [fresh, activeFileKey, choice.jobId, resultShown]);

  return { ...choice, fileKey: activeFileKey, segments, selectedIndex };
}
