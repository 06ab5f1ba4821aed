/**
 * The job scheduler: a pure reducer deciding which prompt set gets a segment job and when.
 *
 * Rules (ARCHITECTURE.md "Stale results", after CVAT's interactor): at most one job in flight; while it runs only the
 * newest prompt set waits (each newer one replaces the waiting one); every job is tagged with the prompt revision and
 * the result key (file + canonical prompt) it was made for, so a late result can never be mistaken for the current one;
 * a prompt set that already has a Completed job is never submitted again (undo shows its result at once); Escape
 * abandons both the waiting set and the job in flight. Failures are remembered per result key, so automatic
 * submission does not loop on a failing prompt set, while an explicit Segment tries again.
 *
 * The reducer has no side effects: the runner (useSegmentationRunner.ts) watches `inFlight` and creates the job for a
 * new attempt, then reports back with events carrying the attempt number or job id.
 */
import type { SegmentJobRequest } from '../../../contract/segment';

export interface JobTarget {
  /** File + canonical prompt key: equal keys ask the same question and share one result. */
  readonly resultKey: string;
  /** The prompt revision the target was taken at (for User Timing marks and diagnostics). */
  readonly revision: number;
  readonly request: SegmentJobRequest;
}

export interface InFlightJob {
  readonly target: JobTarget;
  /** Increases with every job start, so answers to an abandoned creation are recognised and ignored. */
  readonly attempt: number;
  /** Null until the POST answers. */
  readonly jobId: number | null;
}

export type JobOutcome = 'Pending' | 'Completed' | 'Failed';

export interface KnownJob {
  readonly jobId: number;
  readonly revision: number;
  readonly outcome: JobOutcome;
}

/**
 * Why a prompt set has no result: the job reported Failed (`job-failed`); this page stopped polling it — client
 * time-out, an error after the client's retries, or an answer that did not parse — so the job may still be Running or
 * even Completed on the server (`polling-stopped`); or the job was never created (`not-created`).
 */
export type JobErrorCause = 'job-failed' | 'polling-stopped' | 'not-created';

export interface JobError {
  readonly cause: JobErrorCause;
  readonly message: string;
  readonly requestId?: string | undefined;
  readonly jobId?: number | undefined;
}

export interface SchedulerState {
  readonly inFlight: InFlightJob | null;
  readonly waiting: JobTarget | null;
  /** The job made for each result key; Completed entries are reused instead of submitting again. */
  readonly jobsByResultKey: Readonly<Record<string, KnownJob>>;
  /** The last failure per result key (creation error, job Failed, polling error, time-out). */
  readonly errorsByResultKey: Readonly<Record<string, JobError>>;
  readonly nextAttempt: number;
  /** The job most recently abandoned with Escape, for the status line. */
  readonly abandonedJobId: number | null;
}

export type SchedulerEvent =
  /** The active prompt set changed; `target` is null when it is empty. `auto` is the Auto-segment setting. */
  | { readonly type: 'prompts-changed'; readonly target: JobTarget | null; readonly auto: boolean }
  /** Segment (button or Enter): submit now, retrying a failed prompt set. */
  | { readonly type: 'submit-requested'; readonly target: JobTarget }
  | { readonly type: 'job-created'; readonly attempt: number; readonly jobId: number }
  | { readonly type: 'job-creation-failed'; readonly attempt: number; readonly error: JobError }
  | { readonly type: 'job-finished'; readonly jobId: number; readonly outcome: 'Completed' | 'Failed'; readonly error?: JobError }
  /** Polling gave up (an error after the client's retries, or the client-side time-out). */
  | { readonly type: 'job-polling-failed'; readonly jobId: number; readonly error: JobError }
  | { readonly type: 'abandon-requested' };

export const initialSchedulerState: SchedulerState = {
  inFlight: null,
  waiting: null,
  jobsByResultKey: {},
  errorsByResultKey: {},
  nextAttempt: 1,
  abandonedJobId: null,
};

/**
 * Bounds on the bookkeeping, so a day of work does not grow it without end. A result key is a prompt set; the open
 * image can reach at most 201 of its own by undo and redo (MAX_HISTORY_STEPS each way), and those are the most
 * recently used, so with this cap undo still finds every earlier result of the open image. Beyond it the least
 * recently used prompt sets are forgotten: asking one of them again makes a new job.
 */
export const MAX_REMEMBERED_RESULT_KEYS = 500;

/**
 * `record` with `key` set to `value` and moved to the end (most recent); then, while over `max`, the oldest entries
 * are dropped — never `keep` (the prompt set in flight). Object keys keep insertion order for non-numeric strings.
 */
export function rememberRecent<T>(record: Readonly<Record<string, T>>, key: string, value: T, max: number, keep?: string): Record<string, T> {
  const copy: Record<string, T> = { ...record };
  delete copy[key];
  copy[key] = value;
  const keys = Object.keys(copy);
  for (let i = 0, excess = keys.length - max; i < keys.length && excess > 0; i++) {
    const oldest = keys[i] as string;
    if (oldest === key || oldest === keep) continue;
    delete copy[oldest];
    excess -= 1;
  }
  return copy;
}

function omitKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function start(state: SchedulerState, target: JobTarget): SchedulerState {
  return {
    ...state,
    inFlight: { target, attempt: state.nextAttempt, jobId: null },
    waiting: null,
    nextAttempt: state.nextAttempt + 1,
    errorsByResultKey: omitKey(state.errorsByResultKey, target.resultKey),
    abandonedJobId: null,
  };
}

/** Starts or queues `target` unless its answer is known or on its way. `retry` overrides a remembered failure. */
function submit(state: SchedulerState, target: JobTarget, retry: boolean): SchedulerState {
  const known = state.jobsByResultKey[target.resultKey];
  const onItsWay = state.inFlight?.target.resultKey === target.resultKey;
  // The newest prompt set is answered already (or about to be): nothing older should still wait.
  if (known?.outcome === 'Completed') {
    // Used again (undo, redo, reopening a file): the most recent entry, last to be forgotten.
    const jobsByResultKey = rememberRecent(state.jobsByResultKey, target.resultKey, known, MAX_REMEMBERED_RESULT_KEYS, state.inFlight?.target.resultKey);
    return { ...state, waiting: null, jobsByResultKey };
  }
  if (onItsWay) return { ...state, waiting: null };
  const failedBefore = known?.outcome === 'Failed' || target.resultKey in state.errorsByResultKey;
  if (failedBefore && !retry) return { ...state, waiting: null };
  if (state.inFlight) return { ...state, waiting: target };
  return start(state, target);
}

/** The job in flight is over: start the waiting prompt set, if it still needs a job. */
function startWaiting(state: SchedulerState): SchedulerState {
  const next = { ...state, inFlight: null, waiting: null };
  return state.waiting ? submit(next, state.waiting, false) : next;
}

export function scheduleJobs(state: SchedulerState, event: SchedulerEvent): SchedulerState {
  switch (event.type) {
    case 'prompts-changed':
      // With Auto-segment off, or an empty prompt set, nothing waits: a waiting older set would be stale anyway.
      if (!event.target || !event.auto) return { ...state, waiting: null };
      return submit(state, event.target, false);
    case 'submit-requested':
      return submit(state, event.target, true);
    case 'job-created': {
      const inFlight = state.inFlight;
      if (!inFlight || inFlight.attempt !== event.attempt) return state;
      return {
        ...state,
        inFlight: { ...inFlight, jobId: event.jobId },
        jobsByResultKey: rememberRecent(
          state.jobsByResultKey,
          inFlight.target.resultKey,
          { jobId: event.jobId, revision: inFlight.target.revision, outcome: 'Pending' },
          MAX_REMEMBERED_RESULT_KEYS,
        ),
      };
    }
    case 'job-creation-failed': {
      const inFlight = state.inFlight;
      if (!inFlight || inFlight.attempt !== event.attempt) return state;
      return startWaiting({
        ...state,
        errorsByResultKey: rememberRecent(state.errorsByResultKey, inFlight.target.resultKey, event.error, MAX_REMEMBERED_RESULT_KEYS),
      });
    }
    case 'job-finished': {
      const entry = Object.entries(state.jobsByResultKey).find(([, job]) => job.jobId === event.jobId);
      if (!entry) return state;
      const [resultKey, job] = entry;
      if (job.outcome === event.outcome && state.inFlight?.jobId !== event.jobId) return state; // already known
      const finished: SchedulerState = {
        ...state,
        jobsByResultKey: { ...state.jobsByResultKey, [resultKey]: { ...job, outcome: event.outcome } },
        errorsByResultKey:
          event.outcome === 'Failed'
            ? rememberRecent(
                state.errorsByResultKey,
                resultKey,
                event.error ?? { cause: 'job-failed', message: 'The segment job failed.', jobId: event.jobId },
                MAX_REMEMBERED_RESULT_KEYS,
              )
            : state.errorsByResultKey,
      };
      return state.inFlight?.jobId === event.jobId ? startWaiting(finished) : finished;
    }
    case 'job-polling-failed': {
      if (state.inFlight?.jobId !== event.jobId) return state;
      const resultKey = state.inFlight.target.resultKey;
      // Forget the job: its answer is unknown, so an explicit Segment must make a new one.
      return startWaiting({
        ...state,
        jobsByResultKey: omitKey(state.jobsByResultKey, resultKey),
        errorsByResultKey: rememberRecent(state.errorsByResultKey, resultKey, event.error, MAX_REMEMBERED_RESULT_KEYS),
      });
    }
    case 'abandon-requested': {
      const inFlight = state.inFlight;
      if (!inFlight) return { ...state, waiting: null };
      return {
        ...state,
        inFlight: null,
        waiting: null,
        // No cancel endpoint exists; we stop waiting, and a later submit of the same prompts makes a fresh job.
        jobsByResultKey: omitKey(state.jobsByResultKey, inFlight.target.resultKey),
        abandonedJobId: inFlight.jobId,
      };
    }
  }
}
