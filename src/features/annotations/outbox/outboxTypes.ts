/** The outbox's public types: its options, its API and what it reports when CDF confirms a write. */
import type { Annotation, AnnotationStatus, ObjectDetectionCreateItem } from '../../../../contract';
import type { OutboxTarget } from './entries';
import type { OutboxApi } from './outboxApi';
import type { OutboxPersistence } from './persistence';
import type { FileOutboxSnapshot } from './snapshot';

/** What CDF confirmed, for the UI to refresh its lists, mark `annotator:annotation-saved` and tell the host. */
export type OutboxConfirmation =
  | { kind: 'create'; fileId: number; entryId: string; annotations: Annotation[] }
  | { kind: 'status'; fileId: number; entryId: string; annotation: Annotation }
  | { kind: 'delete'; fileId: number; entryId: string; annotationId: number };

export interface OutboxOptions {
  scope: { baseUrl: string; project: string };
  api: OutboxApi;
  /** null: memory only (IndexedDB unavailable); the snapshot then says unsent work would not survive a reload. */
  persistence: OutboxPersistence | null;
  nowMs?: () => number;
  random?: () => number;
  newId?: () => string;
  /** Runs `task` holding an exclusive lock named `name`; defaults to `navigator.locks` when present. */
  withLock?: <T>(name: string, task: () => Promise<T>) => Promise<T>;
  /** A persistence failure or skipped stored records; the outbox carries on in memory. Defaults to console.error. */
  onStorageProblem?: (message: string, cause?: unknown) => void;
}

export interface Outbox {
  /** Loads what earlier sessions left and starts sending it. Call once. */
  start(): Promise<void>;
  /** Stops sending (an attempt in flight is aborted and stays queued). */
  stop(): void;
  /** Queues one save (one item per polygon) and returns the markers, in item order, that name them until CDF gives ids. */
  save(fileId: number, items: readonly ObjectDetectionCreateItem[]): { entryId: string; markers: string[] };
  setStatus(fileId: number, target: OutboxTarget, status: AnnotationStatus): void;
  remove(fileId: number, target: OutboxTarget): void;
  /**
   * Undo of a delete: withdraws it when unsent, else re-creates the annotation from `annotation`'s fields (throws when
   * it is not a valid `images.ObjectDetection`). Undo of deleting a row that was never saved: `save` its item again.
   */
  restore(annotation: Annotation): void;
  /** A `failed` entry, queued again. */
  retry(entryId: string): void;
  /** A `failed` entry, given up by the user. */
  discard(entryId: string): void;
  /** Try due and backing-off entries now (the browser came back online). */
  wake(): void;
  fileSnapshot(fileId: number): FileOutboxSnapshot;
  /** True while any write of the scope is not confirmed (for the beforeunload warning). */
  hasUnsent(): boolean;
  subscribe(listener: () => void): () => void;
  onConfirmed(listener: (confirmation: OutboxConfirmation) => void): () => void;
}

