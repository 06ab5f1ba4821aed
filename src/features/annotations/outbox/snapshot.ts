/**
 * What the UI shows of one file's writes: the outbox's queue and what CDF confirmed this session, laid over the
 * annotations CDF listed. Pure; the runner caches one snapshot per file until something changes.
 */
import { objectDetectionDataResponseSchema, type Annotation, type AnnotationStatus, type ObjectDetectionCreateItem, type ObjectDetectionDataResponse } from '../../../../contract';
import type { EntryPhase, OutboxEntry, OutboxTarget } from './entries';

/** `saving` = queued or in flight (`Saving…`); `retrying` = failed, will retry (`Not saved · retrying`); `failed` = CDF refused it. */
export type SaveState = 'saving' | 'retrying' | 'failed';

export interface PendingWrite {
  entryId: string;
  saveState: SaveState;
  error: string | null;
}

export interface PendingCreate extends PendingWrite {
  marker: string;
  item: ObjectDetectionCreateItem;
}

export interface FileOutboxSnapshot {
  fileId: number;
  /** Annotations saved but not yet confirmed, one per polygon, in save order. */
  pendingCreates: readonly PendingCreate[];
  /** Status changes not yet confirmed, by target key (`targetKey`). */
  pendingStatus: ReadonlyMap<string, PendingWrite & { status: AnnotationStatus }>;
  /** Deletions not yet confirmed, by target key. */
  pendingDeletes: ReadonlyMap<string, PendingWrite>;
  /** Annotations as CDF answered this session's creates and updates (newer than a list fetched before them). */
  confirmed: ReadonlyMap<number, Annotation>;
  /** Ids CDF confirmed deleted this session (a list fetched before the delete still has them). */
  deletedIds: ReadonlySet<number>;
  /** Some write of this file is not confirmed yet (including ones CDF refused, until discarded). */
  hasUnsent: boolean;
  /** False when IndexedDB could not be written: unsent work here would not survive a reload. */
  durable: boolean;
}

export const targetKey = (target: OutboxTarget): string => ('annotationId' in target ? `id:${target.annotationId}` : `marker:${target.marker}`);

const saveStateOf = (phase: EntryPhase): SaveState => (phase === 'failed' ? 'failed' : phase === 'retrying' ? 'retrying' : 'saving');

export function buildFileSnapshot(
  fileId: number,
  entries: readonly OutboxEntry[],
  confirmed: ReadonlyMap<number, Annotation>,
  deletedIds: ReadonlySet<number>,
  durable: boolean,
): FileOutboxSnapshot {
  const pendingCreates: PendingCreate[] = [];
  const pendingStatus = new Map<string, PendingWrite & { status: AnnotationStatus }>();
  const pendingDeletes = new Map<string, PendingWrite>();
  let hasUnsent = false;
  for (const entry of entries) {
    if (entry.fileId !== fileId) continue;
    hasUnsent = true;
    const write: PendingWrite = { entryId: entry.entryId, saveState: saveStateOf(entry.phase), error: entry.lastError };
    if (entry.kind === 'create') for (const { marker, item } of entry.items) pendingCreates.push({ ...write, marker, item });
    else if (entry.kind === 'status') pendingStatus.set(targetKey(entry.target), { ...write, status: entry.status });
    else pendingDeletes.set(targetKey(entry.target), write);
  }
  return { fileId, pendingCreates, pendingStatus, pendingDeletes, confirmed: new Map(confirmed), deletedIds: new Set(deletedIds), hasUnsent, durable };
}

/** One row of the `Annotations` list (and one shape on the canvas). */
export interface AnnotationRow {
  /** Stable across the save: `marker:<uuid>` while pending… then `id:<n>`; React key. */
  key: string;
  /** What Approve/Reject/Delete act on. */
  target: OutboxTarget;
  /** null until CDF has given the annotation an id. */
  annotationId: number | null;
  label: string;
  /** As it will be once pending changes land. */
  status: AnnotationStatus;
  /** The label, region and attributes; null for an annotation that is not an `images.ObjectDetection` (not drawn). */
  data: ObjectDetectionDataResponse | null;
  /** `confirmed` = CDF has it as shown. */
  saveState: SaveState | 'confirmed';
  error: string | null;
  /** The outbox entry behind a pending or failed row (for `retry` / `discard`), else null. */
  entryId: string | null;
}

/**
 * The file's rows: what CDF listed (undefined while the list loads), updated by what this session confirmed, with
 * pending creates appended and pending status changes and deletions applied. A row being deleted is hidden (Ctrl+Z
 * brings it back); a delete CDF refused shows the row again with the error.
 */
export function annotationRows(listed: readonly Annotation[] | undefined, snapshot: FileOutboxSnapshot): AnnotationRow[] {
  const saved = new Map<number, Annotation>();
  for (const annotation of listed ?? []) saved.set(annotation.id, annotation);
  for (const [id, annotation] of snapshot.confirmed) {
    const fromList = saved.get(id);
    if (fromList === undefined || fromList.lastUpdatedTime <= annotation.lastUpdatedTime) saved.set(id, annotation);
  }
  const rows: Array<AnnotationRow | null> = [];
  for (const annotation of saved.values()) {
    if (snapshot.deletedIds.has(annotation.id) || annotation.annotatedResourceId !== snapshot.fileId) continue;
    const target = { annotationId: annotation.id };
    rows.push(overlay({ key: targetKey(target), target, annotationId: annotation.id, label: labelOf(annotation.data), status: annotation.status, data: objectDetectionData(annotation), saveState: 'confirmed', error: null, entryId: null }, snapshot));
  }
  for (const pending of snapshot.pendingCreates) {
    const target = { marker: pending.marker };
    rows.push(overlay({ key: targetKey(target), target, annotationId: null, label: labelOf(pending.item.data), status: pending.item.status, data: pending.item.data, saveState: pending.saveState, error: pending.error, entryId: pending.entryId }, snapshot));
  }
  return rows.filter((row): row is AnnotationRow => row !== null);
}

function overlay(row: AnnotationRow, snapshot: FileOutboxSnapshot): AnnotationRow | null {
  const deletion = snapshot.pendingDeletes.get(row.key);
  if (deletion !== undefined && deletion.saveState !== 'failed') return null;
  let result = row;
  const status = snapshot.pendingStatus.get(row.key);
  if (status !== undefined) result = { ...result, status: status.status, saveState: worse(result.saveState, status.saveState), error: status.error ?? result.error, entryId: status.entryId };
  if (deletion !== undefined) result = { ...result, saveState: 'failed', error: `Not deleted: ${deletion.error ?? 'CDF refused it'}`, entryId: deletion.entryId };
  return result;
}

const SEVERITY: Record<AnnotationRow['saveState'], number> = { confirmed: 0, saving: 1, retrying: 2, failed: 3 };
const worse = (a: AnnotationRow['saveState'], b: AnnotationRow['saveState']) => (SEVERITY[a] >= SEVERITY[b] ? a : b);

function objectDetectionData(annotation: Annotation): ObjectDetectionDataResponse | null {
  if (annotation.annotationType !== 'images.ObjectDetection') return null;
  const parsed = objectDetectionDataResponseSchema.safeParse(annotation.data);
  return parsed.success ? parsed.data : null;
}

function labelOf(data: unknown): string {
  return typeof data === 'object' && data !== null && 'label' in data && typeof data.label === 'string' ? data.label : '';
}
