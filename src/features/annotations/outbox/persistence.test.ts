import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { newCreateEntry } from './entries';
import { OUTBOX_DB_NAME, openIndexedDbOutbox, outboxScopeKey } from './persistence';

const entry = (entryId: string, fileId: number, enqueuedAtMs: number) =>
  newCreateEntry(
    entryId,
    fileId,
    [
      {
        marker: `marker-${entryId}`,
        item: {
          annotatedResourceType: 'file',
          annotatedResourceId: fileId,
          annotationType: 'images.ObjectDetection',
          creatingApp: 'app',
          creatingAppVersion: '1.0.0',
          creatingUser: 'jane@corp.com',
          status: 'approved',
          data: { label: 'pump', polygon: { vertices: [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }] } },
        },
      },
    ],
    enqueuedAtMs,
  );

/** Every raw record in the database, as stored. */
async function rawRecords(factory: IDBFactory): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = factory.open(OUTBOX_DB_NAME);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
  });
  const request = db.transaction('entries', 'readonly').objectStore('entries').getAll();
  const records = await new Promise<unknown[]>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('getAll failed'));
  });
  db.close();
  return records;
}

describe('IndexedDB outbox persistence', () => {
  it('keeps entries per scope, oldest first, across connections (a reload)', async () => {
    const factory = new IDBFactory();
    const demo = outboxScopeKey({ baseUrl: 'http://127.0.0.1:4010/', project: 'demo' });
    expect(demo).toBe('http://127.0.0.1:4010|demo');
    const first = await openIndexedDbOutbox(factory);
    await first.put(demo, entry('b', 2, 20));
    await first.put(demo, entry('a', 1, 10));
    await first.put('https://westeurope-1.cognitedata.com|demo', entry('c', 1, 5));
    first.close();

    const second = await openIndexedDbOutbox(factory);
    const loaded = await second.load(demo);
    expect(loaded.entries.map((e) => [e.entryId, e.fileId])).toEqual([['a', 1], ['b', 2]]);
    expect(loaded.skipped).toBe(0);
    expect((await second.get('a'))?.entryId).toBe('a');
    await second.remove('a');
    expect(await second.get('a')).toBeUndefined();
    expect((await second.load(demo)).entries.map((e) => e.entryId)).toEqual(['b']);
    second.close();
  });

  it('stores the entry as data with its file, and nothing resembling a credential', async () => {
    const factory = new IDBFactory();
    const persistence = await openIndexedDbOutbox(factory);
    await persistence.put('http://cdf.test|demo', entry('a', 7, 1));
    persistence.close();
    const [record] = await rawRecords(factory);
    expect(record).toMatchObject({ v: 1, entryId: 'a', scopeKey: 'http://cdf.test|demo', fileId: 7 });
    expect(JSON.stringify(record)).not.toMatch(/token|bearer|authorization/i);
  });

  it('reports records it cannot read instead of misreading them', async () => {
    const factory = new IDBFactory();
    const persistence = await openIndexedDbOutbox(factory);
    await persistence.put('s', entry('a', 1, 1));
    await persistence.put('s', { ...entry('b', 1, 2), items: [] });
    const loaded = await persistence.load('s');
    expect(loaded.entries.map((e) => e.entryId)).toEqual(['a']);
    expect(loaded.skipped).toBe(1);
    persistence.close();
  });
});
