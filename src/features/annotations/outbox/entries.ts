/**
 * The outbox's entries and their pure state machine (no I/O, no clock of its own: time and randomness come in as
 * arguments, so every transition is testable as data).
 *
 *   pending ──attempt──▶ sending ──ok──▶ (confirmed: removed from the queue)
 *                          │
 *                          ├─ 429 / 401 / no token / 5xx / network / unreadable answer ──▶ retrying ──(backoff)──▶ sending
 *                          └─ any other 4xx ──▶ failed (kept, shown, retried or discarded by the user; never dropped)
 *
 * A create that may have reached CDF once (`mayHaveLanded`, set before the first byte leaves) is never sent blindly
 * again: the next attempt first lists the file's annotations and looks for the entry's save markers
 * (see saveMarker.ts), and creates only the items not found. Status updates and deletes are idempotent: setting a
 * status twice is harmless, and deleting an id that is already gone (CDF's 400 with `missing`) counts as done.
 */
import type { Annotation, ObjectDetectionCreateItem, AnnotationStatus } from '../../../../contract';
import { isCdfError } from '../../../api/errors';
import { backoffDelayMs } from '../../../api/retryPolicy';

/** Which annotation an update or delete is for: a saved one, or one still in a create entry (by its save marker). */
export type OutboxTarget = { annotationId: number } | { marker: string };

export type EntryPhase = 'pending' | 'sending' | 'retrying' | 'failed';

interface EntryCommon {
  entryId: string;
  fileId: number;
  enqueuedAtMs: number;
  phase: EntryPhase;
  /** Failed attempts so far; indexes the backoff. */
  attempts: number;
  /** When a `retrying` entry may be sent again (ms since the epoch). */
  nextAttemptAtMs: number;
  /** The last failure, as a person can read it. */
  lastError: string | null;
}

export interface CreateEntryItem {
  marker: string;
  /** The item as sent: the marker is already in `data.attributes`. */
  item: ObjectDetectionCreateItem;
}

export interface CreateEntry extends EntryCommon {
  kind: 'create';
  /** One save: one item per polygon, sent in one call. */
  items: CreateEntryItem[];
  /** True once a request with these items may have been processed: later attempts look for the markers first. */
  mayHaveLanded: boolean;
}

export interface StatusEntry extends EntryCommon {
  kind: 'status';
  target: OutboxTarget;
  status: AnnotationStatus;
}

export interface DeleteEntry extends EntryCommon {
  kind: 'delete';
  target: OutboxTarget;
}

export type OutboxEntry = CreateEntry | StatusEntry | DeleteEntry;

/** How an attempt ended badly, as far as the outbox is concerned. */
export type FailureKind =
  /** Not processed (429, 401 after renewal, no token): send again after backoff. */
  | 'retry'
  /** Maybe processed (5xx, network error, answer lost or unreadable): a create reconciles before sending again. */
  | 'unknown'
  /** CDF refused the request (400, 403, 404, 409 …): sending it again would be refused again. */
  | 'rejected'
  /** CDF says the annotation does not exist (400 with `missing`). */
  | 'gone';

const common = (entryId: string, fileId: number, nowMs: number): EntryCommon => ({
  entryId,
  fileId,
  enqueuedAtMs: nowMs,
  phase: 'pending',
  attempts: 0,
  nextAttemptAtMs: nowMs,
  lastError: null,
});

export function newCreateEntry(entryId: string, fileId: number, items: CreateEntryItem[], nowMs: number): CreateEntry {
  if (items.length === 0) throw new RangeError('A create entry needs at least one item.');
  return { ...common(entryId, fileId, nowMs), kind: 'create', items, mayHaveLanded: false };
}

/** Was this entry never handed to the network? Only then can it be changed or withdrawn in place. */
export const neverSent = (entry: OutboxEntry): boolean =>
  entry.phase === 'pending' && entry.attempts === 0 && (entry.kind !== 'create' || !entry.mayHaveLanded);

const sameTarget = (a: OutboxTarget, b: OutboxTarget): boolean =>
  'annotationId' in a ? 'annotationId' in b && a.annotationId === b.annotationId : 'marker' in b && a.marker === b.marker;

/**
 * Queues a status change. An unsent create takes the new status in place; a queued, not yet sent status change for
 * the same annotation is replaced; otherwise a new entry goes to the end of the file's queue.
 */
export function enqueueStatus(entries: readonly OutboxEntry[], entryId: string, fileId: number, target: OutboxTarget, status: AnnotationStatus, nowMs: number): OutboxEntry[] {
  if ('marker' in target) {
    const index = entries.findIndex((entry) => entry.kind === 'create' && neverSent(entry) && entry.items.some((it) => it.marker === target.marker));
    if (index >= 0) {
      const create = entries[index] as CreateEntry;
      const items = create.items.map((it) => (it.marker === target.marker ? { ...it, item: { ...it.item, status } } : it));
      return replaceAt(entries, index, { ...create, items });
    }
  }
  const kept = entries.filter((entry) => !(entry.kind === 'status' && neverSent(entry) && sameTarget(entry.target, target)));
  return [...kept, { ...common(entryId, fileId, nowMs), kind: 'status', target, status }];
}

/**
 * Queues a deletion. An annotation still in an unsent create is simply taken out of it (and its queued status
 * changes with it); otherwise queued, unsent status changes for it are dropped and a delete goes to the end.
 */
export function enqueueDelete(entries: readonly OutboxEntry[], entryId: string, fileId: number, target: OutboxTarget, nowMs: number): OutboxEntry[] {
  const withoutStatus = entries.filter((entry) => !(entry.kind === 'status' && neverSent(entry) && sameTarget(entry.target, target)));
  if ('marker' in target) {
    const index = withoutStatus.findIndex((entry) => entry.kind === 'create' && neverSent(entry) && entry.items.some((it) => it.marker === target.marker));
    if (index >= 0) {
      const create = withoutStatus[index] as CreateEntry;
      const items = create.items.filter((it) => it.marker !== target.marker);
      return items.length === 0 ? withoutStatus.filter((_, i) => i !== index) : replaceAt(withoutStatus, index, { ...create, items });
    }
  }
  return [...withoutStatus, { ...common(entryId, fileId, nowMs), kind: 'delete', target }];
}

/**
 * Undo of a delete. If the delete has not been sent, it is withdrawn (`withdrawn: true`) and nothing goes to CDF.
 * Otherwise the annotation comes back by re-creating it (`recreate()`, built by the caller with a fresh marker), queued
 * after the delete so the end state is the annotation, whatever the delete's fate.
 */
export function restoreDeleted(
  entries: readonly OutboxEntry[],
  annotationId: number,
  recreate: () => CreateEntry,
): { entries: OutboxEntry[]; withdrawn: boolean } {
  const index = entries.findIndex((entry) => entry.kind === 'delete' && neverSent(entry) && sameTarget(entry.target, { annotationId }));
  if (index >= 0) return { entries: entries.filter((_, i) => i !== index), withdrawn: true };
  return { entries: [...entries, recreate()], withdrawn: false };
}

/** Marks an attempt as started. For a create, from here on the items may be in CDF, whatever happens next. */
export function beginAttempt(entry: OutboxEntry): OutboxEntry {
  return entry.kind === 'create' ? { ...entry, phase: 'sending', mayHaveLanded: true } : { ...entry, phase: 'sending' };
}

/** The entry after a failed attempt: back off and retry, or stop as `failed` when CDF refused it. */
export function failAttempt(entry: OutboxEntry, failure: FailureKind, message: string, nowMs: number, random: () => number): OutboxEntry {
  if (failure === 'rejected' || failure === 'gone') return { ...entry, phase: 'failed', lastError: message };
  return {
    ...entry,
    phase: 'retrying',
    attempts: entry.attempts + 1,
    nextAttemptAtMs: nowMs + backoffDelayMs(entry.attempts, random),
    lastError: message,
  };
}

/** A failed entry the user asked to try again: back in the queue, due now. */
export const retryNow = (entry: OutboxEntry, nowMs: number): OutboxEntry => ({ ...entry, phase: 'pending', nextAttemptAtMs: nowMs, lastError: null });

/**
 * Removes a confirmed create and points the entries queued after it at the new ids, so an approve clicked while the
 * save was in flight goes to the right annotation.
 */
export function confirmCreate(entries: readonly OutboxEntry[], entryId: string, idsByMarker: ReadonlyMap<string, number>): OutboxEntry[] {
  return entries
    .filter((entry) => entry.entryId !== entryId)
    .map((entry) => {
      if (entry.kind === 'create' || !('marker' in entry.target)) return entry;
      const annotationId = idsByMarker.get(entry.target.marker);
      return annotationId === undefined ? entry : { ...entry, target: { annotationId } };
    });
}

/** How a thrown error counts for the outbox. */
export function classifyFailure(error: unknown): FailureKind {
  if (!isCdfError(error)) return 'unknown';
  switch (error.kind) {
    case 'token':
      return 'retry';
    case 'network':
    case 'invalid-response':
      return 'unknown';
    case 'http': {
      const status = error.status ?? 0;
      if (status === 429 || status === 401) return 'retry';
      if (status >= 500 || status === 408) return 'unknown';
      if (status === 400 && (error.missing?.length ?? 0) > 0) return 'gone';
      return 'rejected';
    }
  }
}

/** The annotations in `listed` that carry one of the create entry's markers, by marker. */
export function findLanded(entry: CreateEntry, listed: readonly Annotation[], readMarker: (annotation: Annotation) => string | null): Map<string, Annotation> {
  const wanted = new Set(entry.items.map((it) => it.marker));
  const found = new Map<string, Annotation>();
  for (const annotation of listed) {
    const marker = readMarker(annotation);
    if (marker !== null && wanted.has(marker) && !found.has(marker)) found.set(marker, annotation);
  }
  return found;
}

/**
 * The entry to work on next, or null, with when to look again: per file, the first entry not `failed` (files keep
 * their order: an approve never overtakes the save it is for); among those that are due, the oldest.
 */
export function nextDue(entries: readonly OutboxEntry[], nowMs: number): { entry: OutboxEntry | null; wakeAtMs: number | null } {
  const heads = new Map<number, OutboxEntry>();
  for (const entry of entries) {
    if (entry.phase === 'failed' || heads.has(entry.fileId)) continue;
    heads.set(entry.fileId, entry);
  }
  let due: OutboxEntry | null = null;
  let wakeAtMs: number | null = null;
  for (const head of heads.values()) {
    if (head.phase === 'sending') continue;
    if (head.nextAttemptAtMs <= nowMs) {
      if (due === null || head.enqueuedAtMs < due.enqueuedAtMs) due = head;
    } else if (wakeAtMs === null || head.nextAttemptAtMs < wakeAtMs) {
      wakeAtMs = head.nextAttemptAtMs;
    }
  }
  return { entry: due, wakeAtMs };
}

/** Is a target waiting for a create that failed or was withdrawn? Then it can never be sent. */
export function isOrphaned(target: OutboxTarget, entries: readonly OutboxEntry[]): boolean {
  if (!('marker' in target)) return false;
  return !entries.some((entry) => entry.kind === 'create' && entry.phase !== 'failed' && entry.items.some((it) => it.marker === target.marker));
}

function replaceAt<T>(list: readonly T[], index: number, value: T): T[] {
  const copy = [...list];
  copy[index] = value;
  return copy;
}
