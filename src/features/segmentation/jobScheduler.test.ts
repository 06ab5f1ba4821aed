import { describe, expect, it } from 'vitest';
import {
  MAX_REMEMBERED_RESULT_KEYS,
  initialSchedulerState,
  rememberRecent,
  scheduleJobs,
  type JobTarget,
  type SchedulerEvent,
  type SchedulerState,
} from './jobScheduler';

const target = (name: string, revision = 1): JobTarget => ({
  resultKey: `file:1|${name}`,
  revision,
  request: { items: [{ fileId: 1 }], points: [{ x: 0.5, y: 0.5, label: 1 }] },
});
const run = (events: SchedulerEvent[], from: SchedulerState = initialSchedulerState): SchedulerState =>
  events.reduce(scheduleJobs, from);
const auto = (t: JobTarget | null): SchedulerEvent => ({ type: 'prompts-changed', target: t, auto: true });

describe('job scheduler', () => {
  it('starts a job for the first prompt set and tags it with its revision', () => {
    const state = run([auto(target('a', 7))]);
    expect(state.inFlight).toMatchObject({ attempt: 1, jobId: null, target: { resultKey: 'file:1|a', revision: 7 } });
    const created = scheduleJobs(state, { type: 'job-created', attempt: 1, jobId: 42 });
    expect(created.jobsByResultKey['file:1|a']).toEqual({ jobId: 42, revision: 7, outcome: 'Pending' });
  });

  it('keeps one job in flight and only the newest prompt set waiting', () => {
    const state = run([
      auto(target('a', 1)),
      { type: 'job-created', attempt: 1, jobId: 10 },
      auto(target('b', 2)),
      auto(target('c', 3)),
    ]);
    expect(state.inFlight?.target.resultKey).toBe('file:1|a');
    expect(state.waiting?.resultKey).toBe('file:1|c');
    const after = scheduleJobs(state, { type: 'job-finished', jobId: 10, outcome: 'Completed' });
    expect(after.inFlight).toMatchObject({ attempt: 2, target: { resultKey: 'file:1|c', revision: 3 } });
    expect(after.waiting).toBeNull();
    expect(after.jobsByResultKey['file:1|a']?.outcome).toBe('Completed');
    expect(after.jobsByResultKey['file:1|b']).toBeUndefined();
  });

  it('never submits a prompt set again once it has a completed result (undo shows the cached one)', () => {
    const done = run([auto(target('a')), { type: 'job-created', attempt: 1, jobId: 10 }, { type: 'job-finished', jobId: 10, outcome: 'Completed' }]);
    const again = run([auto(target('b')), auto(target('a'))], done);
    // b started; going back to a (cached) removes nothing in flight but leaves no waiting set.
    expect(again.inFlight?.target.resultKey).toBe('file:1|b');
    expect(again.waiting).toBeNull();
    expect(scheduleJobs(done, { type: 'submit-requested', target: target('a') })).toMatchObject({ inFlight: null });
  });

  it('does not queue the prompt set that is already in flight', () => {
    const state = run([auto(target('a')), auto(target('b')), auto(target('a'))]);
    expect(state.waiting).toBeNull();
  });

  it('drops the waiting set when prompts become empty or Auto-segment is off', () => {
    const busy = run([auto(target('a')), auto(target('b'))]);
    expect(scheduleJobs(busy, auto(null)).waiting).toBeNull();
    expect(scheduleJobs(busy, { type: 'prompts-changed', target: target('c'), auto: false }).waiting).toBeNull();
    expect(scheduleJobs(initialSchedulerState, { type: 'prompts-changed', target: target('c'), auto: false }).inFlight).toBeNull();
  });

  it('remembers a failed job: auto does not resubmit it, Segment does', () => {
    const failed = run([
      auto(target('a')),
      { type: 'job-created', attempt: 1, jobId: 10 },
      { type: 'job-finished', jobId: 10, outcome: 'Failed', error: { cause: 'job-failed', message: 'Injected failure', jobId: 10 } },
    ]);
    expect(failed.errorsByResultKey['file:1|a']?.message).toBe('Injected failure');
    expect(scheduleJobs(failed, auto(target('a'))).inFlight).toBeNull();
    const retried = scheduleJobs(failed, { type: 'submit-requested', target: target('a') });
    expect(retried.inFlight).toMatchObject({ attempt: 2, target: { resultKey: 'file:1|a' } });
    expect(retried.errorsByResultKey['file:1|a']).toBeUndefined();
  });

  it('records a creation failure and moves on to the waiting set', () => {
    const state = run([
      auto(target('a')),
      auto(target('b')),
      { type: 'job-creation-failed', attempt: 1, error: { cause: 'not-created', message: 'Injected 500', requestId: 'r1' } },
    ]);
    expect(state.errorsByResultKey['file:1|a']).toEqual({ cause: 'not-created', message: 'Injected 500', requestId: 'r1' });
    expect(state.inFlight?.target.resultKey).toBe('file:1|b');
  });

  it('forgets a job whose polling failed, so Segment makes a new one', () => {
    const state = run([
      auto(target('a')),
      { type: 'job-created', attempt: 1, jobId: 10 },
      { type: 'job-polling-failed', jobId: 10, error: { cause: 'polling-stopped', message: 'timed out', jobId: 10 } },
    ]);
    expect(state.inFlight).toBeNull();
    expect(state.jobsByResultKey['file:1|a']).toBeUndefined();
    expect(scheduleJobs(state, { type: 'submit-requested', target: target('a') }).inFlight?.attempt).toBe(2);
  });

  it('Escape abandons the waiting set and the job in flight; late answers to it are ignored', () => {
    const state = run([auto(target('a')), auto(target('b')), { type: 'abandon-requested' }]);
    expect(state.inFlight).toBeNull();
    expect(state.waiting).toBeNull();
    expect(scheduleJobs(state, { type: 'job-created', attempt: 1, jobId: 10 })).toBe(state);
    const withJob = run([auto(target('c')), { type: 'job-created', attempt: 2, jobId: 11 }, { type: 'abandon-requested' }], state);
    expect(withJob.abandonedJobId).toBe(11);
    expect(withJob.jobsByResultKey['file:1|c']).toBeUndefined();
    expect(scheduleJobs(withJob, { type: 'job-finished', jobId: 11, outcome: 'Completed' })).toBe(withJob);
  });

  it('ignores a finish for a job it does not know', () => {
    expect(scheduleJobs(initialSchedulerState, { type: 'job-finished', jobId: 99, outcome: 'Completed' })).toBe(initialSchedulerState);
  });

  it('remembers at most MAX_REMEMBERED_RESULT_KEYS prompt sets, forgetting the least recently used first', () => {
    const complete = (state: SchedulerState, name: string, jobId: number): SchedulerState =>
      run(
        [auto(target(name)), { type: 'job-created', attempt: state.nextAttempt, jobId }, { type: 'job-finished', jobId, outcome: 'Completed' }],
        state,
      );
    let state = complete(initialSchedulerState, 'first', 1);
    state = complete(state, 'second', 2);
    for (let i = 0; i < MAX_REMEMBERED_RESULT_KEYS; i++) {
      state = complete(state, `p${i}`, 10 + i);
      // Going back to 'first' now and then (undo) keeps it recent, so it is never forgotten.
      if (i % 100 === 0) state = run([auto(target('first'))], state);
    }
    expect(Object.keys(state.jobsByResultKey)).toHaveLength(MAX_REMEMBERED_RESULT_KEYS);
    expect(state.jobsByResultKey['file:1|first']).toMatchObject({ jobId: 1, outcome: 'Completed' });
    expect(state.jobsByResultKey['file:1|second']).toBeUndefined(); // least recently used: forgotten
    expect(state.jobsByResultKey[`file:1|p${MAX_REMEMBERED_RESULT_KEYS - 1}`]).toMatchObject({ outcome: 'Completed' });
    // A forgotten prompt set is asked again with a new job.
    expect(run([auto(target('second'))], state).inFlight?.target.resultKey).toBe('file:1|second');
    // Going back to a remembered one makes no job.
    expect(run([auto(target('first'))], state).inFlight).toBeNull();
  });

  it('rememberRecent moves a key to the end, drops the oldest over the cap, and never drops the kept key', () => {
    expect(Object.keys(rememberRecent({ a: 1, b: 2, c: 3 }, 'a', 9, 3))).toEqual(['b', 'c', 'a']);
    expect(rememberRecent({ a: 1, b: 2, c: 3 }, 'd', 4, 3)).toEqual({ b: 2, c: 3, d: 4 });
    expect(rememberRecent({ a: 1, b: 2, c: 3 }, 'd', 4, 2, 'a')).toEqual({ a: 1, d: 4 });
  });
});
