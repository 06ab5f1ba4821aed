import { describe, expect, it } from 'vitest';
import type { ObjectDetectionCreateItem } from '../../../../contract';
import {
  beginAttempt,
  classifyFailure,
  confirmCreate,
  enqueueDelete,
  enqueueStatus,
  failAttempt,
  newCreateEntry,
  nextDue,
  restoreDeleted,
  type OutboxEntry,
} from './entries';
import { httpError, networkError } from './fakeOutboxApi';
import { CdfError } from '../../../api/errors';

const item = (label: string): ObjectDetectionCreateItem => ({
  annotatedResourceType: 'file',
  annotatedResourceId: 1,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'app',
  creatingAppVersion: '1.0.0',
  creatingUser: null,
  status: 'approved',
  data: { label, polygon: { vertices: [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }] } },
});
const create = (entryId: string, fileId: number, markers: string[], nowMs = 0) =>
  newCreateEntry(entryId, fileId, markers.map((marker) => ({ marker, item: item(marker) })), nowMs);

describe('classifyFailure', () => {
  it('retries what was not processed, reconciles what may have been, stops on refusals', () => {
    expect(classifyFailure(httpError(429))).toBe('retry');
    expect(classifyFailure(httpError(401))).toBe('retry');
    expect(classifyFailure(new CdfError({ kind: 'token', message: 'no token', method: 'POST', url: 'u' }))).toBe('retry');
    expect(classifyFailure(httpError(500))).toBe('unknown');
    expect(classifyFailure(httpError(502))).toBe('unknown');
    expect(classifyFailure(networkError())).toBe('unknown');
    expect(classifyFailure(new CdfError({ kind: 'invalid-response', message: 'bad body', method: 'POST', url: 'u' }))).toBe('unknown');
    expect(classifyFailure(new TypeError('boom'))).toBe('unknown');
    expect(classifyFailure(httpError(400))).toBe('rejected');
    expect(classifyFailure(httpError(403))).toBe('rejected');
    expect(classifyFailure(httpError(400, { missing: [{ id: 3 }] }))).toBe('gone');
  });
});

describe('attempts', () => {
  it('marks a create as possibly landed from its first attempt on, and backs off with the client policy', () => {
    const started = beginAttempt(create('e1', 1, ['m1']));
    expect(started).toMatchObject({ phase: 'sending', mayHaveLanded: true });
    const failed = failAttempt(started, 'unknown', 'HTTP 503', 10_000, () => 0.5);
    // Retry 1: full jitter under a 500 ms cap → 250 ms with random 0.5.
    expect(failed).toMatchObject({ phase: 'retrying', attempts: 1, nextAttemptAtMs: 10_250, lastError: 'HTTP 503', mayHaveLanded: true });
    expect(failAttempt(failed, 'unknown', 'HTTP 503', 20_000, () => 0.5).nextAttemptAtMs).toBe(20_500);
    expect(failAttempt(started, 'rejected', 'HTTP 400', 0, () => 0.5)).toMatchObject({ phase: 'failed', attempts: 0, lastError: 'HTTP 400' });
  });
});

describe('queue edits', () => {
  it('changes the status of an unsent save in place, but queues it behind a save already sent', () => {
    const queued = [create('e1', 1, ['m1'])];
    const edited = enqueueStatus(queued, 'e2', 1, { marker: 'm1' }, 'rejected', 5);
    expect(edited).toHaveLength(1);
    expect((edited[0] as Extract<OutboxEntry, { kind: 'create' }>).items[0]?.item.status).toBe('rejected');

    const sent = [beginAttempt(create('e1', 1, ['m1']))];
    const behind = enqueueStatus(sent, 'e2', 1, { marker: 'm1' }, 'rejected', 5);
    expect(behind.map((entry) => entry.kind)).toEqual(['create', 'status']);
  });

  it('replaces an unsent status change for the same annotation instead of queueing two', () => {
    const once = enqueueStatus([], 'e1', 1, { annotationId: 9 }, 'rejected', 1);
    const twice = enqueueStatus(once, 'e2', 1, { annotationId: 9 }, 'approved', 2);
    expect(twice).toEqual([expect.objectContaining({ entryId: 'e2', status: 'approved' })]);
  });

  it('deleting an unsent annotation takes it out of its save; deleting a saved one drops its unsent status change', () => {
    const queued = [create('e1', 1, ['m1', 'm2'])];
    const fewer = enqueueDelete(queued, 'e2', 1, { marker: 'm1' }, 3);
    expect(fewer).toHaveLength(1);
    expect((fewer[0] as Extract<OutboxEntry, { kind: 'create' }>).items.map((it) => it.marker)).toEqual(['m2']);
    expect(enqueueDelete(fewer, 'e3', 1, { marker: 'm2' }, 4)).toEqual([]);

    const withStatus = enqueueStatus([], 'e1', 1, { annotationId: 9 }, 'rejected', 1);
    expect(enqueueDelete(withStatus, 'e2', 1, { annotationId: 9 }, 2)).toEqual([expect.objectContaining({ kind: 'delete', target: { annotationId: 9 } })]);
  });

  it('undo withdraws an unsent delete, or re-creates after one that went out', () => {
    const recreate = create('e9', 1, ['m9']);
    const unsent = enqueueDelete([], 'e1', 1, { annotationId: 9 }, 1);
    expect(restoreDeleted(unsent, 9, () => { throw new Error('not needed'); })).toEqual({ entries: [], withdrawn: true });
    const sent = unsent.map(beginAttempt);
    expect(restoreDeleted(sent, 9, () => recreate)).toEqual({ entries: [...sent, recreate], withdrawn: false });
  });

  it('points entries waiting for a save at the ids CDF gave it', () => {
    const queue = enqueueDelete(enqueueStatus([beginAttempt(create('e1', 1, ['m1', 'm2']))], 'e2', 1, { marker: 'm1' }, 'rejected', 1), 'e3', 1, { marker: 'm2' }, 2);
    const after = confirmCreate(queue, 'e1', new Map([['m1', 101], ['m2', 102]]));
    expect(after.map((entry) => [entry.kind, 'target' in entry ? entry.target : null])).toEqual([
      ['status', { annotationId: 101 }],
      ['delete', { annotationId: 102 }],
    ]);
  });
});

describe('nextDue', () => {
  it('keeps each file in order, skips failed entries, and picks the oldest due head across files', () => {
    const a1 = { ...create('a1', 1, ['x'], 10), phase: 'retrying' as const, nextAttemptAtMs: 500 };
    const a2 = create('a2', 1, ['y'], 20);
    const b1 = { ...create('b1', 2, ['z'], 5), phase: 'failed' as const };
    const b2 = create('b2', 2, ['w'], 30);
    expect(nextDue([a1, a2, b1, b2], 100)).toEqual({ entry: b2, wakeAtMs: 500 });
    expect(nextDue([a1, a2, b1, b2], 600).entry).toBe(a1);
    expect(nextDue([{ ...a1, phase: 'sending' }, a2], 600)).toEqual({ entry: null, wakeAtMs: null });
  });
});
