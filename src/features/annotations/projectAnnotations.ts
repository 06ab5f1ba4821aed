/** What the project's listed annotations tell the UI: labels already in use (for suggestions) and counts per image. */
import type { Annotation } from '../../../contract';
import type { OutboxConfirmation } from './outbox';

/** One label per annotation that has one (repeats kept: `allLabelSuggestions` ranks by use). */
export function usedLabels(annotations: Iterable<Annotation>): string[] {
  const labels: string[] = [];
  for (const annotation of annotations) {
    const label = annotation.data.label;
    if (typeof label === 'string' && label.trim() !== '') labels.push(label);
  }
  return labels;
}

/** Annotations per file id; a file listed with none is 0, so "0 annotations" is known, not missing. */
export function countByFile(annotations: Iterable<Annotation>, listedFileIds: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const fileId of listedFileIds) counts.set(fileId, 0);
  for (const annotation of annotations) counts.set(annotation.annotatedResourceId, (counts.get(annotation.annotatedResourceId) ?? 0) + 1);
  return counts;
}

/** `1 annotation`, `N annotations`: the image list's wording (ARCHITECTURE.md, labelling and saving). */
export const annotationCountText = (count: number): string => (count === 1 ? '1 annotation' : `${count} annotations`);

/**
 * A listed set of annotations as it is after a write CDF confirmed: created ones added (once), a changed status
 * replaced, a deleted one removed. Applying this to the cached lists keeps counts and labels current without
 * listing the whole project again after every save.
 */
export function withConfirmedWrite(annotations: readonly Annotation[], confirmation: OutboxConfirmation): Annotation[] {
  switch (confirmation.kind) {
    case 'create': {
      const created = new Set(confirmation.annotations.map((annotation) => annotation.id));
      return [...annotations.filter((annotation) => !created.has(annotation.id)), ...confirmation.annotations];
    }
    case 'status':
      return annotations.map((annotation) => (annotation.id === confirmation.annotation.id ? confirmation.annotation : annotation));
    case 'delete':
      return annotations.filter((annotation) => annotation.id !== confirmation.annotationId);
  }
}
