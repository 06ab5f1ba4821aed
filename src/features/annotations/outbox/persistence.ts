/**
 * Where the outbox keeps its entries across reloads, crashes and closed tabs: IndexedDB, one record per entry, keyed
 * by entry id and indexed by scope (CDF base URL + project), each record naming its file. What is stored is the entry
 * as data: the annotation items, ids, status, attempts, the last error text. Never a token: the outbox gets tokens
 * nowhere, it only calls endpoint functions whose client asks the token provider at send time.
 *
 * Written with the bare IndexedDB API (a few promise wrappers) rather than a wrapper library: one store, four calls.
 */
import { z } from 'zod';
import { annotationCreateItemSchema, annotationStatusSchema } from '../../../../contract';
import type { OutboxEntry } from './entries';

export interface OutboxPersistence {
  /** Every stored entry of the scope, oldest first. Records that no longer parse are reported in `skipped`. */
  load(scopeKey: string): Promise<{ entries: OutboxEntry[]; skipped: number }>;
  /** The stored entry, or undefined when there is none (another tab may have finished it). */
  get(entryId: string): Promise<OutboxEntry | undefined>;
  put(scopeKey: string, entry: OutboxEntry): Promise<void>;
  remove(entryId: string): Promise<void>;
  close(): void;
}

export const OUTBOX_DB_NAME = 'cdf-annotator-outbox';
const DB_VERSION = 1;
const STORE = 'entries';
const SCOPE_INDEX = 'byScope';
/** Bumped when the record shape changes; older records are skipped and reported, not misread. */
const RECORD_VERSION = 1;

/** The scope a queue belongs to: the same project name on another cluster (or the emulator) is another queue. */
export const outboxScopeKey = (scope: { baseUrl: string; project: string }): string => `${scope.baseUrl.replace(/\/+$/, '')}|${scope.project}`;

const targetSchema = z.union([z.object({ annotationId: z.number().int() }).strict(), z.object({ marker: z.string().min(1) }).strict()]);
const commonSchema = {
  entryId: z.string().min(1),
  fileId: z.number().int(),
  enqueuedAtMs: z.number(),
  phase: z.enum(['pending', 'sending', 'retrying', 'failed']),
  attempts: z.number().int().min(0),
  nextAttemptAtMs: z.number(),
  lastError: z.string().nullable(),
};
const entrySchema = z.discriminatedUnion('kind', [
  z.object({
    ...commonSchema,
    kind: z.literal('create'),
    items: z
      .array(z.object({ marker: z.string().min(1), item: annotationCreateItemSchema.refine((item) => item.annotationType === 'images.ObjectDetection') }))
      .min(1),
    mayHaveLanded: z.boolean(),
  }),
  z.object({ ...commonSchema, kind: z.literal('status'), target: targetSchema, status: annotationStatusSchema }),
  z.object({ ...commonSchema, kind: z.literal('delete'), target: targetSchema }),
]);
const recordSchema = z.object({ v: z.literal(RECORD_VERSION), entryId: z.string(), scopeKey: z.string(), fileId: z.number(), entry: entrySchema });

/** Opens (creating on first use) the outbox database in `factory` (the browser's `indexedDB`, or a test's). */
export async function openIndexedDbOutbox(factory: IDBFactory = globalThis.indexedDB, name: string = OUTBOX_DB_NAME): Promise<OutboxPersistence> {
  if (factory === undefined) throw new Error('IndexedDB is not available in this browser; unsent annotations would not survive a reload.');
  const open = factory.open(name, DB_VERSION);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore(STORE, { keyPath: 'entryId' });
    store.createIndex(SCOPE_INDEX, 'scopeKey');
  };
  const db = await requestResult(open);
  // Another tab upgrading the schema later must not be blocked by this connection.
  db.onversionchange = () => db.close();

  function transaction(mode: IDBTransactionMode): { store: IDBObjectStore; done: Promise<void> } {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    return { store: tx.objectStore(STORE), done };
  }

  return {
    async load(scopeKey) {
      const { store, done } = transaction('readonly');
      const records = await requestResult(store.index(SCOPE_INDEX).getAll(scopeKey) as IDBRequest<unknown[]>);
      await done;
      const entries: OutboxEntry[] = [];
      let skipped = 0;
      for (const record of records) {
        const parsed = recordSchema.safeParse(record);
        if (parsed.success) entries.push(parsed.data.entry);
        else skipped += 1;
      }
      entries.sort((a, b) => a.enqueuedAtMs - b.enqueuedAtMs);
      return { entries, skipped };
    },
    async get(entryId) {
      const { store, done } = transaction('readonly');
      const record = await requestResult(store.get(entryId) as IDBRequest<unknown>);
      await done;
      if (record === undefined) return undefined;
      const parsed = recordSchema.safeParse(record);
      return parsed.success ? (parsed.data.entry) : undefined;
    },
    async put(scopeKey, entry) {
      const { store, done } = transaction('readwrite');
      store.put({ v: RECORD_VERSION, entryId: entry.entryId, scopeKey, fileId: entry.fileId, entry });
      await done;
    },
    async remove(entryId) {
      const { store, done } = transaction('readwrite');
      store.delete(entryId);
      await done;
    },
    close() {
      db.close();
    },
  };
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}
