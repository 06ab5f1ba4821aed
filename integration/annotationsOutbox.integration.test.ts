/**
 * The app's annotations outbox (src/) against the real emulator (server/) in-process, with the emulator's faults:
 * lost answers, 5xx runs, a 401 that the token provider renews, a reload while CDF fails. This folder exists because
 * lint keeps src/ and server/ from importing each other; only a test that drives both may.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnnotationListResponse, ObjectDetectionCreateItem } from '../contract';
import { SAMPLE_FILE_ID, TRIANGLE } from '../server/testing/annotationItems';
import { startEmulator, type StartedEmulator } from '../server/testing/startEmulator';
import { createCdfClient } from '../src/api/client';
import type { TokenRequest } from '../src/api/tokenProviders';
import { createOutbox, type Outbox } from '../src/features/annotations/outbox/outbox';
import { cdfOutboxApi } from '../src/features/annotations/outbox/outboxApi';
import { OUTBOX_DB_NAME, openIndexedDbOutbox } from '../src/features/annotations/outbox/persistence';
import { readSaveMarker } from '../src/features/annotations/outbox/saveMarker';

let emulator: StartedEmulator;
let annotationsPath = '';
const started: Outbox[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  annotationsPath = new URL(`${emulator.projectUrl}/annotations`).pathname;
});
afterEach(async () => {
  for (const outbox of started.splice(0)) outbox.stop();
  expect((await emulator.request('POST', '/_emulator/reset')).status).toBe(200);
});
afterAll(async () => {
  await emulator.close();
});

const item = (label: string): ObjectDetectionCreateItem => ({
  annotatedResourceType: 'file',
  annotatedResourceId: SAMPLE_FILE_ID,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'cdf-segment-annotator',
  creatingAppVersion: '0.1.0',
  creatingUser: 'jane@corp.com',
  status: 'approved',
  data: { label, confidence: 0.8, polygon: { vertices: TRIANGLE } },
});

async function setFaults(faults: unknown[]): Promise<void> {
  const response = await emulator.request('POST', '/_emulator/faults', { body: { faults } });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function listed(label: string) {
  const response = await emulator.request('POST', '/annotations/list', {
    body: { filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: SAMPLE_FILE_ID }], data: { label } }, limit: 1000 },
  });
  return ((await response.json()) as AnnotationListResponse).items;
}

/** An outbox over the app's real CDF client (retries, 401 renewal, zod parsing) against the emulator. */
async function outboxOnEmulator(options: { indexedDB?: IDBFactory; getToken?: (request?: TokenRequest) => Promise<string> } = {}) {
  const client = createCdfClient({
    baseUrl: emulator.baseUrl,
    project: emulator.config.project,
    getToken: options.getToken ?? (() => Promise.resolve(emulator.config.token)),
    // The client's own 429 waits, shortened for the test; the outbox's backoff uses random 0 below.
    sleep: () => Promise.resolve(),
  });
  const persistence = await openIndexedDbOutbox(options.indexedDB ?? new IDBFactory());
  const outbox = createOutbox({ scope: { baseUrl: client.baseUrl, project: client.project }, api: cdfOutboxApi(client), persistence, random: () => 0 });
  started.push(outbox);
  await outbox.start();
  return outbox;
}

const settled = (outbox: Outbox) => vi.waitFor(() => expect(outbox.hasUnsent()).toBe(false), { timeout: 10_000, interval: 10 });

describe('annotations outbox against the emulator', () => {
  it('503 three times, then success: exactly one annotation', async () => {
    await setFaults([{ type: 'http', method: 'POST', path: annotationsPath, status: 503, times: 3 }]);
    const outbox = await outboxOnEmulator();
    const { markers } = outbox.save(SAMPLE_FILE_ID, [item('three-503')]);
    await settled(outbox);
    const items = await listed('three-503');
    expect(items).toHaveLength(1);
    expect(readSaveMarker(items[0] as never)).toBe(markers[0]);
  });

  it('afterProcessing 502 (the answer lost after the work was done): exactly one annotation', async () => {
    await setFaults([{ type: 'http', method: 'POST', path: annotationsPath, status: 502, times: 1, afterProcessing: true }]);
    const outbox = await outboxOnEmulator();
    const confirmed: number[] = [];
    outbox.onConfirmed((confirmation) => {
      if (confirmation.kind === 'create') confirmed.push(...confirmation.annotations.map((a) => a.id));
    });
    outbox.save(SAMPLE_FILE_ID, [item('lost-answer')]);
    await settled(outbox);
    const items = await listed('lost-answer');
    expect(items.map((a) => a.id)).toEqual(confirmed);
    expect(items).toHaveLength(1);
  });

  it('a pending save survives a reload while CDF fails and lands exactly once after recovery; no token in IndexedDB', async () => {
    const indexedDB = new IDBFactory();
    await setFaults([{ type: 'http', method: 'POST', path: annotationsPath, status: 503, times: 1000 }]);
    const before = await outboxOnEmulator({ indexedDB });
    before.save(SAMPLE_FILE_ID, [item('reload')]);
    await vi.waitFor(() => expect(before.fileSnapshot(SAMPLE_FILE_ID).pendingCreates[0]?.saveState).toBe('retrying'), { interval: 5 });
    before.stop();
    expect(JSON.stringify(await rawRecords(indexedDB))).not.toContain(emulator.config.token);

    await setFaults([]);
    const after = await outboxOnEmulator({ indexedDB });
    expect(after.hasUnsent()).toBe(true);
    await settled(after);
    expect(await listed('reload')).toHaveLength(1);
  });

  it('approve, reject and delete go through; a 401 is renewed by the token provider and the write still lands once', async () => {
    const asked: Array<TokenRequest | undefined> = [];
    const getToken = (request?: TokenRequest) => {
      asked.push(request);
      // The first token has expired; a renewal (asked with the rejected token) gives the good one.
      return Promise.resolve(request?.rejectedToken === undefined && asked.length === 1 ? 'expired-token' : emulator.config.token);
    };
    const outbox = await outboxOnEmulator({ getToken });
    outbox.save(SAMPLE_FILE_ID, [item('reviewed'), item('reviewed')]);
    await settled(outbox);
    expect(asked[1]).toEqual({ rejectedToken: 'expired-token' });
    const [first, second] = await listed('reviewed');
    if (first === undefined || second === undefined) throw new Error('expected two annotations');
    outbox.setStatus(SAMPLE_FILE_ID, { annotationId: first.id }, 'rejected');
    outbox.remove(SAMPLE_FILE_ID, { annotationId: second.id });
    await settled(outbox);
    expect((await listed('reviewed')).map((a) => [a.id, a.status])).toEqual([[first.id, 'rejected']]);

    outbox.restore(second);
    await settled(outbox);
    expect(await listed('reviewed')).toHaveLength(2);
  });
});

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
  expect(records.length).toBeGreaterThan(0);
  return records;
}
