/**
 * The save marker: how the outbox tells whether a create whose answer was lost has landed, without a second copy.
 *
 * CDF has no idempotency key on `POST /annotations`, and an `images.ObjectDetection` annotation has no free-text field
 * (`data` is `additionalProperties: false`). What it does keep is `data.attributes`, a map of
 * `{type: "boolean" | "numerical", value, description?}` with `description` up to 500 characters. Each create carries
 * `attributes.annotatorSaveMarker = {type: "boolean", value: true, description: "<random UUID>"}`; before sending a
 * create again whose first answer was lost, the outbox lists the file's annotations and looks for its UUID. The marker
 * stays on the annotation (harmless, and it tells which annotation came from which save).
 */
import type { Annotation, ObjectDetectionCreateItem } from '../../../../contract';

/** The attribute key; letters only, as other readers of `attributes` (Python SDK, Fusion) expect plain keys. */
export const SAVE_MARKER_ATTRIBUTE = 'annotatorSaveMarker';

/** A fresh marker: a v4 UUID (122 random bits), so two saves never share one. */
export const newSaveMarker = (): string => crypto.randomUUID();

/** The create item with `marker` written into `data.attributes` (other attributes kept). */
export function withSaveMarker(item: ObjectDetectionCreateItem, marker: string): ObjectDetectionCreateItem {
  const attributes = { ...item.data.attributes, [SAVE_MARKER_ATTRIBUTE]: { type: 'boolean' as const, value: true, description: marker } };
  return { ...item, data: { ...item.data, attributes } };
}

/** The marker an annotation (or create item) carries, or null when it was not made through the outbox. */
export function readSaveMarker(annotation: Pick<Annotation, 'data'> | Pick<ObjectDetectionCreateItem, 'data'>): string | null {
  const data: unknown = annotation.data;
  if (!isRecord(data) || !isRecord(data.attributes)) return null;
  const attribute = data.attributes[SAVE_MARKER_ATTRIBUTE];
  return isRecord(attribute) && typeof attribute.description === 'string' ? attribute.description : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
