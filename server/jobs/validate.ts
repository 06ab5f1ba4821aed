/**
 * Validates a segment job request (CDF-API.md §1.1, OpenAPI `VisionSegmentPostRequestSchema`) by hand, so every
 * violation is a 400 whose message names the exact field (`points[1].x must be between 0 and 1`), the way a client
 * developer reads JSON. The first violation found is reported.
 */
import type { InstanceId, SegmentBoundingBox } from '../../contract';
import { CdfHttpError } from '../http/errors';
import { DUPLICATE_POINTS_COMPARE_LABEL, MAX_POINTS, REJECT_UNKNOWN_FIELDS } from './policy';

export type SegmentItemReference = { fileId: number } | { fileExternalId: string } | { fileInstanceId: InstanceId };

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

const fail = (message: string): never => {
  throw new CdfHttpError(400, message);
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkKnownFields(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  if (!REJECT_UNKNOWN_FIELDS) return;
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const names = unknown.map((key) => (where ? `${where}.${key}` : key));
    fail(`Unrecognized field${names.length > 1 ? 's' : ''}: ${names.join(', ')}`);
  }
}

function unitNumber(value: unknown, field: string): number {
  if (value === undefined) return fail(`${field} is required`);
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`${field} must be a number`);
  if (value < 0 || value > 1) return fail(`${field} must be between 0 and 1`);
  return value;
}

const isSafeId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= Number.MAX_SAFE_INTEGER;

function parseItem(value: unknown): SegmentItemReference {
  const where = 'items[0]';
  if (!isObject(value)) return fail(`${where} must be an object with fileId, fileExternalId or fileInstanceId`);
  const keys = Object.keys(value).filter((key) => ['fileId', 'fileExternalId', 'fileInstanceId'].includes(key));
  if (keys.length !== 1) {
    return fail(`${where} must have exactly one of fileId, fileExternalId or fileInstanceId`);
  }
  checkKnownFields(value, keys, where);
  if ('fileId' in value) {
    if (!isSafeId(value.fileId)) return fail(`${where}.fileId must be an integer between 1 and ${Number.MAX_SAFE_INTEGER}`);
    return { fileId: value.fileId };
  }
  if ('fileExternalId' in value) {
    const externalId = value.fileExternalId;
    if (typeof externalId !== 'string' || externalId.length < 1 || externalId.length > 255) {
      return fail(`${where}.fileExternalId must be a string of 1 to 255 characters`);
    }
    return { fileExternalId: externalId };
  }
  const instanceId = value.fileInstanceId;
  if (!isObject(instanceId)) return fail(`${where}.fileInstanceId must be an object with space and externalId`);
  checkKnownFields(instanceId, ['space', 'externalId'], `${where}.fileInstanceId`);
  const { space, externalId } = instanceId;
  if (typeof space !== 'string' || space.length < 1 || space.length > 43) {
    return fail(`${where}.fileInstanceId.space must be a string of 1 to 43 characters`);
  }
  if (typeof externalId !== 'string' || externalId.length < 1 || externalId.length > 255) {
    return fail(`${where}.fileInstanceId.externalId must be a string of 1 to 255 characters`);
  }
  return { fileInstanceId: { space, externalId } };
}

function parsePoints(value: unknown): ValidPoint[] {
  if (!Array.isArray(value)) return fail('points must be an array');
  if (value.length > MAX_POINTS) return fail(`points must have at most ${MAX_POINTS} entries`);
  const points = value.map((raw: unknown, index): ValidPoint => {
    const where = `points[${index}]`;
    if (!isObject(raw)) return fail(`${where} must be an object with x and y`);
    checkKnownFields(raw, ['x', 'y', 'label'], where);
    const x = unitNumber(raw.x, `${where}.x`);
    const y = unitNumber(raw.y, `${where}.y`);
    const label = raw.label ?? 1;
    if (label !== 0 && label !== 1) return fail(`${where}.label must be 0 or 1`);
    return { x, y, label };
  });
  const seen = new Map<string, number>();
  points.forEach((point, index) => {
    const key = DUPLICATE_POINTS_COMPARE_LABEL ? `${point.x},${point.y},${point.label}` : `${point.x},${point.y}`;
    const first = seen.get(key);
    if (first !== undefined) fail(`points[${index}] duplicates points[${first}]: points must be unique`);
    seen.set(key, index);
  });
  return points;
}

function parseBoundingBox(value: unknown): SegmentBoundingBox {
  if (!isObject(value)) return fail('boundingBox must be an object with xMin, yMin, xMax and yMax');
  checkKnownFields(value, ['xMin', 'yMin', 'xMax', 'yMax'], 'boundingBox');
  const box = {
    xMin: unitNumber(value.xMin, 'boundingBox.xMin'),
    yMin: unitNumber(value.yMin, 'boundingBox.yMin'),
    xMax: unitNumber(value.xMax, 'boundingBox.xMax'),
    yMax: unitNumber(value.yMax, 'boundingBox.yMax'),
  };
  if (box.xMin >= box.xMax) fail('boundingBox.xMin must be less than boundingBox.xMax');
  if (box.yMin >= box.yMax) fail('boundingBox.yMin must be less than boundingBox.yMax');
  return box;
}

export function parseSegmentRequest(body: unknown): ValidSegmentRequest {
  if (!isObject(body)) return fail('Request body must be a JSON object with items and points and/or boundingBox');
  checkKnownFields(body, ['items', 'points', 'boundingBox'], '');
  if (body.items === undefined) return fail('items is required');
  if (!Array.isArray(body.items)) return fail('items must be an array');
  if (body.items.length !== 1) return fail(`items must contain exactly 1 file reference, got ${body.items.length}`);
  const item = parseItem(body.items[0]);
  if (body.points === undefined && body.boundingBox === undefined) {
    return fail('points and/or boundingBox is required');
  }
  const points = body.points === undefined ? undefined : parsePoints(body.points);
  const boundingBox = body.boundingBox === undefined ? undefined : parseBoundingBox(body.boundingBox);
  if (boundingBox === undefined && points !== undefined && points.length === 0) {
    return fail('points must not be empty when boundingBox is absent');
  }
  return { item, points, boundingBox };
}
