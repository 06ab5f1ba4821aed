/** Undo of a delete that already reached CDF: the annotation comes back as a new create built from the old one. */
import { annotationCreateItemSchema, type Annotation, type ObjectDetectionCreateItem } from '../../../../contract';

/**
 * The create item that brings a deleted annotation back as it was (its old marker is replaced by the new one). CDF
 * answers defaults as `null` (a vertex's `confidence`), which a create does not accept, so null fields are left out.
 */
export function createItemFrom(annotation: Annotation): ObjectDetectionCreateItem {
  const data = withoutNulls(annotation.data);
  const parsed = annotationCreateItemSchema.safeParse({
    annotatedResourceType: annotation.annotatedResourceType,
    annotatedResourceId: annotation.annotatedResourceId,
    annotationType: annotation.annotationType,
    creatingApp: annotation.creatingApp,
    creatingAppVersion: annotation.creatingAppVersion,
    creatingUser: annotation.creatingUser,
    status: annotation.status,
    data,
  });
  if (!parsed.success || parsed.data.annotationType !== 'images.ObjectDetection') {
    throw new Error(`Annotation ${annotation.id} cannot be re-created: it is not a valid images.ObjectDetection.`);
  }
  return parsed.data;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null).map(([key, field]) => [key, withoutNulls(field)]));
}

