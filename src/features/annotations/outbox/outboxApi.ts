/** What the outbox needs from CDF, as a small interface so the runner is tested against fakes and the real emulator alike. */
import type { Annotation, AnnotationCreateItem, AnnotationStatus } from '../../../../contract';
import type { CdfClient } from '../../../api/client';
import { createAnnotations, deleteAnnotations, listFileAnnotations, updateAnnotationStatus } from '../../../api/annotations';

export interface OutboxApi {
  create(items: readonly AnnotationCreateItem[], signal: AbortSignal): Promise<Annotation[]>;
  /** The file's annotations that may carry this app's save markers. */
  listForReconcile(fileId: number, creatingApp: string, signal: AbortSignal): Promise<Annotation[]>;
  setStatus(annotationId: number, status: AnnotationStatus, signal: AbortSignal): Promise<Annotation>;
  remove(annotationId: number, signal: AbortSignal): Promise<void>;
}

/** The outbox's calls over the app's CDF client (its retries, 401 renewal and zod parsing included). */
export function cdfOutboxApi(client: CdfClient): OutboxApi {
  return {
    create: (items, signal) => createAnnotations(client, items, signal),
    listForReconcile: (fileId, creatingApp, signal) => listFileAnnotations(client, fileId, signal, { creatingApp }),
    async setStatus(annotationId, status, signal) {
      const [updated] = await updateAnnotationStatus(client, [{ id: annotationId, status }], signal);
      if (updated === undefined) throw new Error(`annotations/update answered with no item for annotation ${annotationId}.`);
      return updated;
    },
    remove: (annotationId, signal) => deleteAnnotations(client, [annotationId], signal),
  };
}
