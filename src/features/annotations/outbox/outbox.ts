/**
 * The outbox runner: every annotation write of one scope (CDF base URL + project) goes through here. It keeps the
 * queue in memory and in IndexedDB (persistence.ts), sends one request at a time in each file's order, backs off on
 * retryable failures with the client's policy, reconciles creates whose outcome is unknown by their save markers, and
 * tells listeners what the UI should show. React-free; `useOutbox.ts` adapts it to components.
 *
 * Several tabs on one project: an entry loaded from storage may be loaded by two tabs. Before each attempt the entry
 * is read back from storage (under a Web Lock per entry where the browser has them); if it is gone another tab has
 * finished it, and if that tab already tried it, its `mayHaveLanded` is taken over, so the marker check still runs.
 *
 * Longer than ~300 lines because one closure owns the queue, its write-through to storage and the send loop; split
 * apart they would have to share that mutable state. The pure parts live in entries.ts and snapshot.ts.
 */
import type { Annotation } from '../../../../contract';
import { isAbortError } from '../../../api/errors';
import {
  beginAttempt,
  classifyFailure,
  confirmCreate,
  enqueueDelete,
  enqueueStatus,
  failAttempt,
  findLanded,
  isOrphaned,
  newCreateEntry,
  nextDue,
  restoreDeleted,
  retryNow,
  type CreateEntry,
  type OutboxEntry,
  type OutboxTarget,
} from './entries';
import type { Outbox, OutboxConfirmation, OutboxOptions } from './outboxTypes';
import { createItemFrom } from './recreate';
import { outboxScopeKey } from './persistence';
import { newSaveMarker, readSaveMarker, withSaveMarker } from './saveMarker';
import { buildFileSnapshot, type FileOutboxSnapshot } from './snapshot';

export type { Outbox, OutboxConfirmation, OutboxOptions } from './outboxTypes';

export function createOutbox(options: OutboxOptions): Outbox {
  const scopeKey = outboxScopeKey(options.scope);
  const nowMs = options.nowMs ?? Date.now;
  const random = options.random ?? Math.random;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const withLock = options.withLock ?? defaultWithLock;
  const reportStorage = options.onStorageProblem ?? ((message: string, cause?: unknown) => console.error(`Outbox storage: ${message}`, cause));
  const persistence = options.persistence;

  let entries: OutboxEntry[] = [];
  /** Entry ids known to be in storage (loaded or written): a missing one there means another tab finished it. */
  const stored = new Set<string>();
  const confirmedByFile = new Map<number, { annotations: Map<number, Annotation>; deletedIds: Set<number> }>();
  const listeners = new Set<() => void>();
  const confirmListeners = new Set<(confirmation: OutboxConfirmation) => void>();
  const snapshots = new Map<number, FileOutboxSnapshot>();
  let storageOk = persistence !== null;
  let writes: Promise<void> = Promise.resolve();
  let running = false;
  let working = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: AbortController | null = null;

  function notify(): void {
    snapshots.clear();
    for (const listener of listeners) listener();
  }

  /** Replaces the queue, writes what changed (in order, after earlier writes) and tells the UI. */
  function commit(next: OutboxEntry[]): Promise<void> {
    const previous = new Map(entries.map((entry) => [entry.entryId, entry]));
    const nextIds = new Set(next.map((entry) => entry.entryId));
    entries = next;
    notify();
    if (persistence === null) return writes;
    const changed = next.filter((entry) => previous.get(entry.entryId) !== entry);
    const removed = [...previous.keys()].filter((entryId) => !nextIds.has(entryId));
    writes = writes.then(async () => {
      try {
        for (const entry of changed) {
          await persistence.put(scopeKey, entry);
          stored.add(entry.entryId);
        }
        for (const entryId of removed) {
          await persistence.remove(entryId);
          stored.delete(entryId);
        }
        if (!storageOk) {
          storageOk = true;
          notify();
        }
      } catch (cause) {
        reportStorage('could not write the outbox to IndexedDB; unsent annotations would not survive a reload', cause);
        if (storageOk) {
          storageOk = false;
          notify();
        }
      }
    });
    return writes;
  }

  const update = (entryId: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<void> =>
    commit(entries.map((entry) => (entry.entryId === entryId ? change(entry) : entry)));

  function confirmedFor(fileId: number) {
    let confirmed = confirmedByFile.get(fileId);
    if (confirmed === undefined) {
      confirmed = { annotations: new Map(), deletedIds: new Set() };
      confirmedByFile.set(fileId, confirmed);
    }
    return confirmed;
  }

  function emit(confirmation: OutboxConfirmation): void {
    for (const listener of confirmListeners) listener(confirmation);
  }

  function schedule(): void {
    if (!running || working) return;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const { entry, wakeAtMs } = nextDue(entries, nowMs());
    if (entry !== null) {
      working = true;
      // Taken out of `pending` at once, so a change the user makes from now on is queued after it, not edited into it.
      void update(entry.entryId, (stale) => ({ ...stale, phase: 'sending' }));
      void work(entry.entryId)
        // attempt() turns every failure into entry state; anything reaching here is a bug worth seeing, not hiding.
        .catch((error: unknown) => console.error('Outbox: unexpected failure while sending', error))
        .finally(() => {
          working = false;
          schedule();
        });
    } else if (wakeAtMs !== null) {
      timer = setTimeout(() => {
        timer = null;
        schedule();
      }, Math.max(0, wakeAtMs - nowMs()));
    }
  }

  async function work(entryId: string): Promise<void> {
    await writes;
    const run = async () => {
      const latest = entries.find((entry) => entry.entryId === entryId);
      if (latest === undefined) return;
      const current = await adoptStored(latest);
      if (current !== null) await attempt(current);
    };
    await (persistence === null ? run() : withLock(`cdf-annotator-outbox:${entryId}`, run));
  }

  /** The entry as storage has it now (see the header), or null when another tab has finished it. */
  async function adoptStored(entry: OutboxEntry): Promise<OutboxEntry | null> {
    if (persistence === null || !storageOk || !stored.has(entry.entryId)) return entry;
    let fromStorage: OutboxEntry | undefined;
    try {
      fromStorage = await persistence.get(entry.entryId);
    } catch (cause) {
      reportStorage('could not read an entry back; sending from memory', cause);
      return entry;
    }
    if (fromStorage === undefined) {
      stored.delete(entry.entryId);
      entries = entries.filter((other) => other.entryId !== entry.entryId);
      notify();
      return null;
    }
    if (entry.kind === 'create' && fromStorage.kind === 'create' && fromStorage.mayHaveLanded && !entry.mayHaveLanded) {
      const adopted: CreateEntry = { ...entry, mayHaveLanded: true };
      await update(entry.entryId, () => adopted);
      return adopted;
    }
    return entry;
  }

  async function attempt(entry: OutboxEntry): Promise<void> {
    const controller = new AbortController();
    inFlight = controller;
    try {
      if (entry.kind === 'create') await sendCreate(entry, controller.signal);
      else if (entry.kind === 'status') await sendStatus(entry, controller.signal);
      else await sendDelete(entry, controller.signal);
    } catch (error) {
      if (isAbortError(error) && controller.signal.aborted) {
        // Stopped on purpose: back to pending; a create keeps `mayHaveLanded`, so the next start reconciles it.
        await update(entry.entryId, (stale) => ({ ...stale, phase: 'pending' }));
        return;
      }
      const failure = classifyFailure(error);
      if (entry.kind === 'delete' && failure === 'gone') {
        await confirmDelete(entry.entryId, entry.fileId, entry.target);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const shown = failure === 'gone' ? `The annotation no longer exists in CDF (${message})` : message;
      await update(entry.entryId, (stale) => failAttempt(stale, failure, shown, nowMs(), random));
    } finally {
      inFlight = null;
    }
  }

  async function sendCreate(entry: CreateEntry, signal: AbortSignal): Promise<void> {
    const landed = new Map<string, Annotation>();
    if (entry.mayHaveLanded) {
      const creatingApp = entry.items[0]?.item.creatingApp ?? '';
      const listed = await options.api.listForReconcile(entry.fileId, creatingApp, signal);
      for (const [marker, annotation] of findLanded(entry, listed, readSaveMarker)) landed.set(marker, annotation);
    }
    const missing = entry.items.filter((it) => !landed.has(it.marker));
    if (missing.length > 0) {
      // Written before the request leaves: after a crash from here on, the next start looks for the markers first.
      await update(entry.entryId, beginAttempt);
      const created = await options.api.create(missing.map((it) => it.item), signal);
      created.forEach((annotation, index) => {
        const marker = readSaveMarker(annotation) ?? missing[index]?.marker;
        if (marker !== undefined) landed.set(marker, annotation);
      });
    }
    const annotations = entry.items.map((it) => landed.get(it.marker)).filter((annotation) => annotation !== undefined);
    await commit(confirmCreate(entries, entry.entryId, new Map(entry.items.flatMap((it) => {
      const annotation = landed.get(it.marker);
      return annotation === undefined ? [] : [[it.marker, annotation.id] as const];
    }))));
    const confirmed = confirmedFor(entry.fileId);
    for (const annotation of annotations) confirmed.annotations.set(annotation.id, annotation);
    notify();
    emit({ kind: 'create', fileId: entry.fileId, entryId: entry.entryId, annotations });
  }

  async function sendStatus(entry: Extract<OutboxEntry, { kind: 'status' }>, signal: AbortSignal): Promise<void> {
    const annotationId = await resolveTarget(entry);
    if (annotationId === null) return;
    await update(entry.entryId, beginAttempt);
    const annotation = await options.api.setStatus(annotationId, entry.status, signal);
    await commit(entries.filter((other) => other.entryId !== entry.entryId));
    confirmedFor(entry.fileId).annotations.set(annotation.id, annotation);
    notify();
    emit({ kind: 'status', fileId: entry.fileId, entryId: entry.entryId, annotation });
  }

  async function sendDelete(entry: Extract<OutboxEntry, { kind: 'delete' }>, signal: AbortSignal): Promise<void> {
    const annotationId = await resolveTarget(entry);
    if (annotationId === null) return;
    await update(entry.entryId, beginAttempt);
    await options.api.remove(annotationId, signal);
    await confirmDelete(entry.entryId, entry.fileId, { annotationId });
  }

  async function confirmDelete(entryId: string, fileId: number, target: OutboxTarget): Promise<void> {
    await commit(entries.filter((other) => other.entryId !== entryId));
    if (!('annotationId' in target)) return;
    const confirmed = confirmedFor(fileId);
    confirmed.annotations.delete(target.annotationId);
    confirmed.deletedIds.add(target.annotationId);
    notify();
    emit({ kind: 'delete', fileId, entryId, annotationId: target.annotationId });
  }

  /** The id an update or delete goes to; null (and the entry marked failed) when its create will never land. */
  async function resolveTarget(entry: Extract<OutboxEntry, { kind: 'status' | 'delete' }>): Promise<number | null> {
    if ('annotationId' in entry.target) return entry.target.annotationId;
    if (isOrphaned(entry.target, entries)) {
      await update(entry.entryId, (stale) => ({ ...stale, phase: 'failed', lastError: 'The annotation it is for was never saved.' }));
    }
    // Not orphaned: its create is queued ahead of it in the same file and goes first (nextDue keeps file order).
    return null;
  }

  function enqueue(next: OutboxEntry[]): void {
    void commit(next);
    schedule();
  }

  return {
    async start() {
      if (persistence !== null) {
        try {
          const loaded = await persistence.load(scopeKey);
          if (loaded.skipped > 0) reportStorage(`${loaded.skipped} stored outbox record(s) could not be read and were left in place`);
          for (const entry of loaded.entries) stored.add(entry.entryId);
          // An entry stored as `sending` was cut off by a reload or crash; a create among them keeps `mayHaveLanded`.
          const revived = loaded.entries.map((entry): OutboxEntry => (entry.phase === 'sending' ? { ...entry, phase: 'pending', nextAttemptAtMs: nowMs() } : entry));
          entries = [...revived, ...entries.filter((entry) => !stored.has(entry.entryId))];
          notify();
        } catch (cause) {
          storageOk = false;
          reportStorage('could not load the outbox from IndexedDB', cause);
          notify();
        }
      }
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      inFlight?.abort();
    },
    save(fileId, items) {
      const markers = items.map(() => newSaveMarker());
      const entryId = newId();
      const entry = newCreateEntry(entryId, fileId, items.map((item, index) => ({ marker: markers[index] as string, item: withSaveMarker(item, markers[index] as string) })), nowMs());
      enqueue([...entries, entry]);
      return { entryId, markers };
    },
    setStatus(fileId, target, status) {
      enqueue(enqueueStatus(entries, newId(), fileId, target, status, nowMs()));
    },
    remove(fileId, target) {
      enqueue(enqueueDelete(entries, newId(), fileId, target, nowMs()));
    },
    restore(annotation) {
      const recreate = () => {
        const marker = newSaveMarker();
        return newCreateEntry(newId(), annotation.annotatedResourceId, [{ marker, item: withSaveMarker(createItemFrom(annotation), marker) }], nowMs());
      };
      const result = restoreDeleted(entries, annotation.id, recreate);
      if (result.withdrawn) confirmedFor(annotation.annotatedResourceId).deletedIds.delete(annotation.id);
      enqueue(result.entries);
    },
    retry(entryId) {
      void update(entryId, (entry) => (entry.phase === 'failed' ? retryNow(entry, nowMs()) : entry));
      schedule();
    },
    discard(entryId) {
      void commit(entries.filter((entry) => !(entry.entryId === entryId && entry.phase === 'failed')));
    },
    wake() {
      const now = nowMs();
      void commit(entries.map((entry) => (entry.phase === 'retrying' && entry.nextAttemptAtMs > now ? { ...entry, nextAttemptAtMs: now } : entry)));
      schedule();
    },
    fileSnapshot(fileId) {
      let snapshot = snapshots.get(fileId);
      if (snapshot === undefined) {
        const confirmed = confirmedByFile.get(fileId);
        snapshot = buildFileSnapshot(fileId, entries, confirmed?.annotations ?? new Map(), confirmed?.deletedIds ?? new Set(), storageOk);
        snapshots.set(fileId, snapshot);
      }
      return snapshot;
    },
    hasUnsent: () => entries.length > 0,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConfirmed(listener) {
      confirmListeners.add(listener);
      return () => confirmListeners.delete(listener);
    },
  };
}

function defaultWithLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks === undefined ? task() : locks.request(name, { mode: 'exclusive' }, task);
}
