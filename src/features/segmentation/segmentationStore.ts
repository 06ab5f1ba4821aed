/**
 * Holds the job scheduler's state (which job belongs to which prompt set, what waits, what failed) and which result
 * each file showed last, so that result can stay visible, dimmed, while a newer one is pending. Job data itself lives
 * in react-query's cache; this is only the bookkeeping around it.
 */
import { create } from 'zustand';
import { initialSchedulerState, rememberRecent, scheduleJobs, type SchedulerEvent, type SchedulerState } from './jobScheduler';

/** Files whose last shown result is remembered (least recently shown forgotten first). */
export const MAX_REMEMBERED_FILES = 200;

export interface SegmentationActions {
  /** Feeds one event to the scheduler (see jobScheduler.ts for the events and rules). */
  schedulerEventOccurred: (event: SchedulerEvent) => void;
  /** The overlay drew this job's result as the current one for this file. */
  resultShown: (fileKey: string, jobId: number) => void;
}

export interface SegmentationState {
  readonly scheduler: SchedulerState;
  readonly lastShownJobIdByFile: Readonly<Record<string, number>>;
  readonly actions: SegmentationActions;
}

export const useSegmentationStore = create<SegmentationState>()((set, get) => ({
  scheduler: initialSchedulerState,
  lastShownJobIdByFile: {},
  actions: {
    schedulerEventOccurred(event) {
      const scheduler = scheduleJobs(get().scheduler, event);
      if (scheduler !== get().scheduler) set({ scheduler });
    },
    resultShown(fileKey, jobId) {
      if (get().lastShownJobIdByFile[fileKey] === jobId) return;
      set({ lastShownJobIdByFile: rememberRecent(get().lastShownJobIdByFile, fileKey, jobId, MAX_REMEMBERED_FILES) });
    },
  },
}));

export const useScheduler = (): SchedulerState => useSegmentationStore((s) => s.scheduler);
export const useSegmentationActions = (): SegmentationActions => useSegmentationStore((s) => s.actions);
