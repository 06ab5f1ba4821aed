/**
 * The open image's annotations for the UI: CDF's list (react-query) laid over by the outbox's pending writes and
 * confirmations (annotationRows), the shapes the canvas draws, and the row actions (approve, reject, delete with its
 * Ctrl+Z restore). Composed here because it joins the annotations feature with the store and the canvas.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { CdfClient } from '../api/client';
import { annotationQueries } from '../api/annotationQueries';
import { annotationRows, targetKey, useFileOutbox, type AnnotationRow, type Outbox } from '../features/annotations';
import type { SavedAnnotationShape } from '../canvas/layers/SavedAnnotationsLayer';
import { useSavedAnnotationsView } from '../store/savedAnnotationsView';
import { describeError } from '../lib/errorDescription';
import { useOutbox } from './outboxContext';

export interface SavedAnnotations {
  readonly outbox: Outbox | null;
  /** undefined while CDF's list loads (or the outbox opens). */
  readonly rows: readonly AnnotationRow[] | undefined;
  readonly shapes: readonly SavedAnnotationShape[];
  readonly durable: boolean;
  /** False while no image is open (none chosen yet, or the image list failed), so there is nothing to load. */
  readonly imageOpen: boolean;
  readonly loadError: string | null;
  readonly approve: (row: AnnotationRow) => void;
  readonly reject: (row: AnnotationRow) => void;
  /** Queues the delete and remembers what it took, so Ctrl+Z right after re-creates it. */
  readonly remove: (row: AnnotationRow) => void;
}

const NO_SHAPES: readonly SavedAnnotationShape[] = [];

export function useSavedAnnotations(client: CdfClient, fileId: number | null): SavedAnnotations {
  const outbox = useOutbox();
  const listed = useQuery(annotationQueries.file(client, fileId));
  const snapshot = useFileOutbox(outbox, fileId);
  const rows = useMemo(
    () => (snapshot === null || (listed.data === undefined && !listed.isError) ? undefined : annotationRows(listed.data, snapshot)),
    [snapshot, listed.data, listed.isError],
  );
  const shapes = useMemo(() => {
    if (rows === undefined) return NO_SHAPES;
    const out: SavedAnnotationShape[] = [];
    for (const row of rows) {
      const vertices = row.data?.polygon?.vertices;
      if (vertices !== undefined) out.push({ key: row.key, label: row.label, vertices, pending: row.saveState !== 'confirmed' });
    }
    return out;
  }, [rows]);
  const approve = (row: AnnotationRow) => {
    if (outbox !== null && fileId !== null) outbox.setStatus(fileId, row.target, 'approved');
  };
  const reject = (row: AnnotationRow) => {
    if (outbox !== null && fileId !== null) outbox.setStatus(fileId, row.target, 'rejected');
  };
  const remove = (row: AnnotationRow) => {
    if (outbox === null || fileId === null || snapshot === null) return;
    const { annotationDeleted } = useSavedAnnotationsView.getState().actions;
    if (row.annotationId !== null) {
      const annotation = snapshot.confirmed.get(row.annotationId) ?? listed.data?.find((item) => item.id === row.annotationId);
      if (annotation !== undefined) annotationDeleted({ kind: 'saved', annotation });
    } else {
      const pending = snapshot.pendingCreates.find((create) => targetKey({ marker: create.marker }) === row.key);
      if (pending !== undefined) annotationDeleted({ kind: 'unsent', fileId, item: pending.item });
    }
    outbox.remove(fileId, row.target);
  };
  return { outbox, rows, shapes, durable: snapshot?.durable ?? true, imageOpen: fileId !== null, loadError: listed.isError ? describeError(listed.error).title : null, approve, reject, remove };
}

