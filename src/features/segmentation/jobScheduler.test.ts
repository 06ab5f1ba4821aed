import { describe, expect, it } from 'vitest';
import { initialSchedulerState, scheduleJobs, type JobTarget, type SchedulerEvent, type SchedulerState } from './jobScheduler';

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
      { type: 'job-finished', jobId: 10, outcome: 'Failed', error: { message: 'Injected failure', jobId: 10 } },
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
      { type: 'job-creation-failed', attempt: 1, error: { message: 'Injected 500', requestId: 'r1' } },
    ]);
    expect(state.errorsByResultKey['file:1|a']).toEqual({ message: 'Injected 500', requestId: 'r1' });
    expect(state.inFlight?.target.resultKey).toBe('file:1|b');
  });

  it('forgets a job whose polling failed, so Segment makes a new one', () => {
    const state = run([
      auto(target('a')),
      { type: 'job-created', attempt: 1, jobId: 10 },
      { type: 'job-polling-failed', jobId: 10, error: { message: 'timed out', jobId: 10 } },
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
});
