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
import type { SegmentJobRequest } from '../../api/contract/segment';

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

export interface JobError {
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
  if (known?.outcome === 'Completed' || onItsWay) return { ...state, waiting: null };
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
        jobsByResultKey: {
          ...state.jobsByResultKey,
          [inFlight.target.resultKey]: { jobId: event.jobId, revision: inFlight.target.revision, outcome: 'Pending' },
        },
      };
    }
    case 'job-creation-failed': {
      const inFlight = state.inFlight;
      if (!inFlight || inFlight.attempt !== event.attempt) return state;
      return startWaiting({
        ...state,
        errorsByResultKey: { ...state.errorsByResultKey, [inFlight.target.resultKey]: event.error },
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
            ? { ...state.errorsByResultKey, [resultKey]: event.error ?? { message: 'The segment job failed.', jobId: event.jobId } }
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
        errorsByResultKey: { ...state.errorsByResultKey, [resultKey]: event.error },
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
