/**
 * A save, turned into what CDF stores: one `images.ObjectDetection` create item per polygon of the chosen segment
 * (ARCHITECTURE.md "Contract additions: labelling and saving"), with the label checked, polygons over CDF's vertex
 * limit simplified to fit, the segment score as `confidence`, and each item checked against the contract before it
 * is queued, so a bad save is a message now rather than a 400 later.
 */
import { annotationCreateItemSchema, type AnnotationStatus, type ObjectDetectionCreateItem } from '../../../contract';
import { capPolygonVertices, type ImageSizePx, type NormalizedVertex } from '../../lib/polygonCap';
import { validateLabel } from './labels';

export interface SaveRequest {
  fileId: number;
  /** The image's size in pixels: the simplification works in pixels, so it is as fine across as down. */
  image: ImageSizePx;
  /** The segment's polygons (one annotation each), normalized coordinates. */
  polygons: ReadonlyArray<{ vertices: readonly NormalizedVertex[] }>;
  /** The segment's score, saved as `data.confidence`. */
  score: number;
  /** As typed; surrounding whitespace is trimmed. */
  label: string;
  status: AnnotationStatus;
  creatingApp: string;
  creatingAppVersion: string;
  /** From `creatingUserFromToken`; null for a token without a user. */
  creatingUser: string | null;
}

export type SaveItems = { ok: true; items: ObjectDetectionCreateItem[] } | { ok: false; message: string };

export function buildSaveItems(request: SaveRequest): SaveItems {
  const label = validateLabel(request.label);
  if (!label.ok) return label;
  const confidence = Number.isFinite(request.score) ? Math.min(1, Math.max(0, request.score)) : undefined;
  const items: ObjectDetectionCreateItem[] = [];
  for (const polygon of request.polygons) {
    const vertices = capPolygonVertices(polygon.vertices, request.image);
    // A sliver of fewer than 3 distinct points is no area: it is left out rather than refused by CDF.
    if (vertices === null) continue;
    const parsed = annotationCreateItemSchema.safeParse({
      annotatedResourceType: 'file',
      annotatedResourceId: request.fileId,
      annotationType: 'images.ObjectDetection',
      creatingApp: request.creatingApp,
      creatingAppVersion: request.creatingAppVersion,
      creatingUser: request.creatingUser,
      status: request.status,
      data: { label: label.label, ...(confidence === undefined ? {} : { confidence }), polygon: { vertices: vertices.map(({ x, y }) => ({ x, y })) } },
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, message: `This annotation cannot be saved: ${issue === undefined ? 'it does not match the CDF schema' : `${issue.path.join('.')}: ${issue.message}`}.` };
    }
    if (parsed.data.annotationType === 'images.ObjectDetection') items.push(parsed.data);
  }
  if (items.length === 0) return { ok: false, message: 'The selected result has no polygon to save.' };
  return { ok: true, items };
}
