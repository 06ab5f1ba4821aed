import { describe, expect, it } from 'vitest';
import { CdfHttpError } from '../http/errors';
import { MAX_POINTS } from './policy';
import { parseSegmentRequest } from './request';

const messageOf = (body: unknown): string => {
  try {
    parseSegmentRequest(body);
  } catch (error) {
    if (error instanceof CdfHttpError) return `${error.statusCode} ${error.message}`;
    throw error;
  }
  throw new Error('expected a CdfHttpError');
};

describe('parseSegmentRequest', () => {
  it('defaults labels to 1 and keeps the prompt as given', () => {
    expect(
      parseSegmentRequest({
        items: [{ fileInstanceId: { space: 's', externalId: 'e' } }],
        points: [{ x: 0, y: 1 }, { x: 0.5, y: 0.5, label: 0 }],
        boundingBox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 },
      }),
    ).toEqual({
      item: { fileInstanceId: { space: 's', externalId: 'e' } },
      points: [{ x: 0, y: 1, label: 1 }, { x: 0.5, y: 0.5, label: 0 }],
      boundingBox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 },
    });
  });

  it('allows the same location with different labels (uniqueness compares whole points)', () => {
    expect(parseSegmentRequest({ items: [{ fileId: 1 }], points: [{ x: 0.5, y: 0.5, label: 1 }, { x: 0.5, y: 0.5, label: 0 }] }).points).toHaveLength(2);
  });

  it('names the field in every message', () => {
    expect(messageOf(null)).toBe('400 Request body is missing; expected a JSON object');
    expect(messageOf({ items: [{ fileId: 1 }], points: [{ x: 0.5 }] })).toBe('400 Invalid request body: points[0].y: y is required');
    expect(messageOf({ items: [{ fileId: 1, extra: true }], points: [{ x: 0.5, y: 0.5 }] })).toBe('400 Invalid request body: Unrecognized field: items[0].extra');
    expect(messageOf({ items: [{ fileId: 1 }], points: [{ x: 0.5, y: 0.5, z: 1 }] })).toBe('400 Invalid request body: Unrecognized field: points[0].z');
    expect(messageOf({ items: [{ fileExternalId: '' }], points: [{ x: 0.5, y: 0.5 }] })).toBe(
      '400 Invalid request body: items[0].fileExternalId: fileExternalId must be a string of 1 to 255 characters',
    );
    expect(messageOf({ items: [{}], points: [{ x: 0.5, y: 0.5 }] })).toBe(
      '400 Invalid request body: items[0]: must have exactly one of fileId, fileExternalId or fileInstanceId',
    );
    expect(messageOf({ items: [{ fileId: 1 }], points: {} })).toBe('400 Invalid request body: points: points must be an array');
    expect(messageOf({ items: [{ fileId: 1 }], points: [7] })).toBe('400 Invalid request body: points[0]: each point must be an object with x and y');
    expect(messageOf({ items: [{ fileId: 1 }], boundingBox: [0, 0, 1, 1] })).toBe(
      '400 Invalid request body: boundingBox: boundingBox must be an object with xMin, yMin, xMax and yMax',
    );
  });

  it('holds the emulator to its bound on points', () => {
    const points = Array.from({ length: MAX_POINTS + 1 }, (_, index) => ({ x: index / (MAX_POINTS + 1), y: 0.5 }));
    expect(messageOf({ items: [{ fileId: 1 }], points })).toBe(`400 Invalid request body: points: at most ${MAX_POINTS} points per request`);
  });
});
