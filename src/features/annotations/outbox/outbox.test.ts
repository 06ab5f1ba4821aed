import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { ObjectDetectionCreateItem } from '../../../../contract';
import { createFakeOutboxApi, httpError, networkError } from './fakeOutboxApi';
import { createOutbox, type Outbox, type OutboxConfirmation, type OutboxOptions } from './outbox';
import { openIndexedDbOutbox } from './persistence';
import { SAVE_MARKER_ATTRIBUTE, readSaveMarker } from './saveMarker';

const FILE_ID = 7;
const item = (label: string, fileId = FILE_ID): ObjectDetectionCreateItem => ({
  annotatedResourceType: 'file',
  annotatedResourceId: fileId,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'cdf-segment-annotator',
  creatingAppVersion: '0.1.0',
  creatingUser: 'jane@corp.com',
  status: 'approved',
  data: { label, confidence: 0.9, polygon: { vertices: [{ x: 0.1, y: 0.1 }, { x: 0.5, y: 0.1 }, { x: 0.3, y: 0.6 }] } },
});

const scope = { baseUrl: 'http://cdf.test', project: 'demo' };

/** An outbox on the fake, retrying at once (jitter 0), collecting confirmations. */
function outboxOn(fake: ReturnType<typeof createFakeOutboxApi>, extra: Partial<OutboxOptions> = {}) {
  const confirmations: OutboxConfirmation[] = [];
  const outbox = createOutbox({ scope, api: fake.api, persistence: null, random: () => 0, ...extra });
  outbox.onConfirmed((confirmation) => confirmations.push(confirmation));
  return { outbox, confirmations };
}

const settled = (outbox: Outbox) => vi.waitFor(() => expect(outbox.hasUnsent()).toBe(false), { timeout: 3000, interval: 5 });

describe('outbox: creates', () => {
  it('goes pending → sending → confirmed with one create that carries the save marker', async () => {
    const fake = createFakeOutboxApi();
    const { outbox, confirmations } = outboxOn(fake);
    await outbox.start();
    const seen: string[] = [];
    outbox.subscribe(() => {
      const pending = outbox.fileSnapshot(FILE_ID).pendingCreates[0];
      seen.push(pending === undefined ? 'none' : pending.saveState);
    });
    const { markers } = outbox.save(FILE_ID, [item('pump'), item('valve')]);
    expect(outbox.fileSnapshot(FILE_ID).pendingCreates.map((p) => [p.marker, p.saveState])).toEqual(markers.map((m) => [m, 'saving']));
    await settled(outbox);
    expect(seen[0]).toBe('saving');
    expect(seen.at(-1)).toBe('none');
    expect(fake.count('create')).toBe(1);
    expect(fake.count('list')).toBe(0);
    const saved = [...fake.annotations.values()];
    expect(saved.map((a) => readSaveMarker(a))).toEqual(markers);
    expect(saved[0]?.data.attributes).toEqual({ [SAVE_MARKER_ATTRIBUTE]: { type: 'boolean', value: true, description: markers[0] } });
    expect(confirmations).toEqual([{ kind: 'create', fileId: FILE_ID, entryId: expect.any(String) as string, annotations: saved }]);
    expect([...outbox.fileSnapshot(FILE_ID).confirmed.keys()]).toEqual(saved.map((a) => a.id));
  });

  it('503 three times, then success: retried with backoff, exactly one annotation', async () => {
    const fake = createFakeOutboxApi();
    fake.fail('create', ...[1, 2, 3].map(() => ({ when: 'before' as const, error: httpError(503) })));
    // Jitter 0.1: waits of 50, 100, 200 ms (the policy's caps 500, 1000, 2000 ms × 0.1), long enough to be seen.
    const { outbox } = outboxOn(fake, { random: () => 0.1 });
    await outbox.start();
    outbox.save(FILE_ID, [item('pump')]);
    await vi.waitFor(() => expect(outbox.fileSnapshot(FILE_ID).pendingCreates[0]?.saveState).toBe('retrying'), { interval: 1 });
    expect(outbox.fileSnapshot(FILE_ID).pendingCreates[0]?.error).toMatch(/503/);
    await settled(outbox);
    expect(fake.annotations.size).toBe(1);
    expect(fake.count('create')).toBe(4);
    // Each retry after a 5xx first looked for the marker (a 503 may have been processed).
    expect(fake.count('list')).toBe(3);
  });

  it('answer lost after the work was done (502 after processing): reconciled by marker, exactly one annotation', async () => {
    const fake = createFakeOutboxApi();
    fake.fail('create', { when: 'after', error: httpError(502) });
    const { outbox, confirmations } = outboxOn(fake);
    await outbox.start();
    outbox.save(FILE_ID, [item('pump')]);
    await settled(outbox);
    expect(fake.annotations.size).toBe(1);
    expect(fake.calls).toEqual(['create', 'list']);
    expect(confirmations[0]?.kind === 'create' && confirmations[0].annotations.map((a) => a.id)).toEqual([...fake.annotations.keys()]);
  });

  it('network error after processing, then the reconcile list fails too: still exactly one', async () => {
    const fake = createFakeOutboxApi();
    fake.fail('create', { when: 'after', error: networkError() });
    fake.fail('list', { when: 'before', error: httpError(503) });
    const { outbox } = outboxOn(fake);
    await outbox.start();
    outbox.save(FILE_ID, [item('pump')]);
    await settled(outbox);
    expect(fake.annotations.size).toBe(1);
    expect(fake.calls).toEqual(['create', 'list', 'list']);
  });

  it('429 is retried; a 400 stops as failed, kept and shown until retried or discarded', async () => {
    const fake = createFakeOutboxApi();
    fake.fail('create', { when: 'before', error: httpError(429) }, { when: 'before', error: httpError(400) });
    const { outbox } = outboxOn(fake);
    await outbox.start();
    const { entryId } = outbox.save(FILE_ID, [item('pump')]);
    await vi.waitFor(() => expect(outbox.fileSnapshot(FILE_ID).pendingCreates[0]?.saveState).toBe('failed'), { interval: 1 });
    expect(outbox.hasUnsent()).toBe(true);
    expect(fake.annotations.size).toBe(0);
    outbox.retry(entryId);
    await settled(outbox);
    expect(fake.annotations.size).toBe(1);

    fake.fail('create', { when: 'before', error: httpError(403) });
    const second = outbox.save(FILE_ID, [item('valve')]);
    await vi.waitFor(() => expect(outbox.fileSnapshot(FILE_ID).pendingCreates[0]?.saveState).toBe('failed'), { interval: 1 });
    outbox.discard(second.entryId);
    expect(outbox.hasUnsent()).toBe(false);
    expect(fake.annotations.size).toBe(1);
  });
});

describe('outbox: status changes and deletes', () => {
  it('folds changes into a save that has not been sent: no update call, a deleted one is never created', async () => {
    const fake = createFakeOutboxApi();
    const { outbox } = outboxOn(fake);
    const { markers } = outbox.save(FILE_ID, [item('pump'), item('valve')]);
    outbox.setStatus(FILE_ID, { marker: markers[0] as string }, 'rejected');
    outbox.remove(FILE_ID, { marker: markers[1] as string });
    await outbox.start();
    await settled(outbox);
    expect(fake.calls).toEqual(['create']);
    expect([...fake.annotations.values()].map((a) => [a.data.label, a.status])).toEqual([['pump', 'rejected']]);
  });

  it('sends an approve clicked while the save was in flight to the new annotation id', async () => {
    const fake = createFakeOutboxApi();
    fake.fail('create', { when: 'before', error: httpError(503) });
    const { outbox } = outboxOn(fake, { random: () => 0.1 });
    await outbox.start();
    const { markers } = outbox.save(FILE_ID, [item('pump')]);
    await vi.waitFor(() => expect(fake.count('create')).toBe(1), { interval: 1 });
    outbox.setStatus(FILE_ID, { marker: markers[0] as string }, 'suggested');
    await settled(outbox);
    expect([...fake.annotations.values()].map((a) => a.status)).toEqual(['suggested']);
    expect(fake.count('status')).toBe(1);
  });

  it('retries an update after a 503 and a delete after a network error; deleting a gone id counts as done', async () => {
    const fake = createFakeOutboxApi();
    const { outbox, confirmations } = outboxOn(fake);
    await outbox.start();
    outbox.save(FILE_ID, [item('pump'), item('valve')]);
    await settled(outbox);
    const [first, second] = [...fake.annotations.keys()] as [number, number];
    fake.fail('status', { when: 'before', error: httpError(503) });
    fake.fail('delete', { when: 'after', error: networkError() });
    outbox.setStatus(FILE_ID, { annotationId: first }, 'rejected');
    outbox.remove(FILE_ID, { annotationId: second });
    await settled(outbox);
    expect(fake.annotations.get(first)?.status).toBe('rejected');
    expect(fake.annotations.has(second)).toBe(false);
    // The retried delete met CDF's "missing" and was confirmed, not failed.
    expect(confirmations.map((c) => c.kind)).toEqual(['create', 'status', 'delete']);
    expect(outbox.fileSnapshot(FILE_ID).deletedIds.has(second)).toBe(true);
  });

  it('an update of an annotation that no longer exists fails with a clear message', async () => {
    const fake = createFakeOutboxApi();
    const { outbox } = outboxOn(fake);
    await outbox.start();
    outbox.setStatus(FILE_ID, { annotationId: 424242 }, 'approved');
    await vi.waitFor(() => expect(outbox.fileSnapshot(FILE_ID).pendingStatus.get('id:424242')?.saveState).toBe('failed'), { interval: 1 });
    expect(outbox.fileSnapshot(FILE_ID).pendingStatus.get('id:424242')?.error).toMatch(/no longer exists/);
  });

  it('undo of a delete: withdrawn when unsent, re-created when the delete had gone out', async () => {
    const fake = createFakeOutboxApi();
    const { outbox } = outboxOn(fake);
    await outbox.start();
    outbox.save(FILE_ID, [item('pump')]);
    await settled(outbox);
    const saved = [...fake.annotations.values()][0];
    if (saved === undefined) throw new Error('not saved');

    outbox.stop();
    outbox.remove(FILE_ID, { annotationId: saved.id });
    outbox.restore(saved);
    await outbox.start();
    await settled(outbox);
    expect(fake.count('delete')).toBe(0);
    expect([...fake.annotations.keys()]).toEqual([saved.id]);

    outbox.remove(FILE_ID, { annotationId: saved.id });
    await settled(outbox);
    expect(fake.annotations.size).toBe(0);
    outbox.restore(saved);
    await settled(outbox);
    const restored = [...fake.annotations.values()];
    expect(restored).toHaveLength(1);
    expect(restored[0]?.id).not.toBe(saved.id);
    expect(restored[0]?.data.label).toBe('pump');
    expect(readSaveMarker(restored[0] as never)).not.toBe(readSaveMarker(saved));
  });
});

describe('outbox: persistence across reloads', () => {
  it('a save made while CDF fails survives a reload and is sent once after it', async () => {
    const indexedDB = new IDBFactory();
    const failing = createFakeOutboxApi();
    failing.fail('create', ...Array.from({ length: 50 }, () => ({ when: 'before' as const, error: httpError(503) })));
    const first = outboxOn(failing, { persistence: await openIndexedDbOutbox(indexedDB), random: () => 0.5 });
    await first.outbox.start();
    first.outbox.save(FILE_ID, [item('pump')]);
    await vi.waitFor(() => expect(failing.count('create')).toBeGreaterThan(0), { interval: 1 });
    first.outbox.stop();

    const healthy = createFakeOutboxApi();
    for (const [id, annotation] of failing.annotations) healthy.annotations.set(id, annotation);
    const second = outboxOn(healthy, { persistence: await openIndexedDbOutbox(indexedDB) });
    await second.outbox.start();
    await settled(second.outbox);
    expect(healthy.annotations.size).toBe(1);
    expect(healthy.count('create')).toBe(1);
    // A third start finds nothing left to do.
    const third = outboxOn(healthy, { persistence: await openIndexedDbOutbox(indexedDB) });
    await third.outbox.start();
    expect(third.outbox.hasUnsent()).toBe(false);
  });

  it('a tab closed while the create was in flight (work done, answer never read): reconciled after reload, no second create', async () => {
    const indexedDB = new IDBFactory();
    const fake = createFakeOutboxApi();
    fake.hangNextCreate();
    const first = outboxOn(fake, { persistence: await openIndexedDbOutbox(indexedDB) });
    await first.outbox.start();
    first.outbox.save(FILE_ID, [item('pump')]);
    await vi.waitFor(() => expect(fake.count('create')).toBe(1), { interval: 1 });
    first.outbox.stop();

    const second = outboxOn(fake, { persistence: await openIndexedDbOutbox(indexedDB) });
    await second.outbox.start();
    await settled(second.outbox);
    expect(fake.annotations.size).toBe(1);
    expect(fake.calls).toEqual(['create', 'list']);
    expect(second.confirmations[0]?.kind).toBe('create');
  });

  it('two tabs loading the same queue send it once (a lock per entry, then a read-back)', async () => {
    const indexedDB = new IDBFactory();
    const fake = createFakeOutboxApi();
    const writer = outboxOn(fake, { persistence: await openIndexedDbOutbox(indexedDB) });
    writer.outbox.save(FILE_ID, [item('pump')]);
    await vi.waitFor(async () => expect((await (await openIndexedDbOutbox(indexedDB)).load('http://cdf.test|demo')).entries).toHaveLength(1));

    let chain: Promise<unknown> = Promise.resolve();
    const withLock = <T,>(_name: string, task: () => Promise<T>): Promise<T> => {
      const result = chain.then(task);
      chain = result.catch(() => undefined);
      return result;
    };
    const tabA = outboxOn(fake, { persistence: await openIndexedDbOutbox(indexedDB), withLock });
    const tabB = outboxOn(fake, { persistence: await openIndexedDbOutbox(indexedDB), withLock });
    await Promise.all([tabA.outbox.start(), tabB.outbox.start()]);
    await settled(tabA.outbox);
    await settled(tabB.outbox);
    expect(fake.annotations.size).toBe(1);
    expect(fake.count('create')).toBe(1);
  });

  it('keeps entries of another project or cluster apart', async () => {
    const indexedDB = new IDBFactory();
    const fake = createFakeOutboxApi();
    const demo = outboxOn(fake, { persistence: await openIndexedDbOutbox(indexedDB) });
    demo.outbox.save(FILE_ID, [item('pump')]);
    await vi.waitFor(async () => expect((await (await openIndexedDbOutbox(indexedDB)).load('http://cdf.test|demo')).entries).toHaveLength(1));
    const other = createOutbox({ scope: { baseUrl: 'https://westeurope-1.cognitedata.com', project: 'demo' }, api: fake.api, persistence: await openIndexedDbOutbox(indexedDB) });
    await other.start();
    expect(other.hasUnsent()).toBe(false);
    other.stop();
  });
});
