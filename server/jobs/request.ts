/**
 * A segment job request as the job store takes it: validated with the shared contract (`segmentJobRequestSchema`,
 * cross-field rules included, each message naming its field) plus the emulator's own bound on points, then reduced
 * to the one file reference and the prompt with labels defaulted.
 */
import { segmentJobRequestSchema, type SegmentBoundingBox, type SegmentFileReference } from '../../contract';
import { CdfHttpError } from '../http/errors';
import { parseOrThrow } from '../http/validation';
import { MAX_POINTS } from './policy';

export type SegmentItemReference = SegmentFileReference;

export interface ValidPoint {
  x: number;
  y: number;
  label: 0 | 1;
}

export interface ValidSegmentRequest {
  item: SegmentItemReference;
  /** With labels defaulted to 1; undefined when the request had no `points`. */
  points: ValidPoint[] | undefined;
  boundingBox: SegmentBoundingBox | undefined;
}

export function parseSegmentRequest(body: unknown): ValidSegmentRequest {
  const request = parseOrThrow(segmentJobRequestSchema, body);
  const [item] = request.items;
  if (!item) throw new Error('segmentJobRequestSchema let a request without items through');
  if (request.points !== undefined && request.points.length > MAX_POINTS) {
    throw new CdfHttpError(400, `Invalid request body: points: at most ${MAX_POINTS} points per request`);
  }
  return {
    item,
    points: request.points?.map((point) => ({ x: point.x, y: point.y, label: point.label ?? 1 })),
    boundingBox: request.boundingBox,
  };
}
