import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fileByIdsRequestSchema } from '../../contract';
import { CdfHttpError } from './errors';
import { formatIssuePath, parseOrThrow } from './validation';

function messageOf(schema: z.ZodType, value: unknown): string {
  try {
    parseOrThrow(schema, value);
  } catch (error) {
    expect(error).toBeInstanceOf(CdfHttpError);
    expect((error as CdfHttpError).statusCode).toBe(400);
    return (error as CdfHttpError).message;
  }
  throw new Error('expected parseOrThrow to throw');
}

describe('formatIssuePath', () => {
  it('writes paths the way a JSON reader would', () => {
    expect(formatIssuePath(['items', 0, 'instanceId', 'space'])).toBe('items[0].instanceId.space');
    expect(formatIssuePath([2, 'x'])).toBe('[2].x');
    expect(formatIssuePath([])).toBe('');
  });
});

describe('parseOrThrow', () => {
  it('names the branch the client most likely meant in a union', () => {
    expect(messageOf(fileByIdsRequestSchema, { items: [{ id: 'seven' }] })).toMatch(/^Invalid request body: items\[0\]\.id: .*expected number/);
  });

  it('lists the accepted keys when no branch stands out', () => {
    expect(messageOf(fileByIdsRequestSchema, { items: [{}] })).toBe(
      'Invalid request body: items[0]: expected an object with exactly one of id, externalId, instanceId',
    );
  });

  it('names unknown fields and caps long issue lists', () => {
    expect(messageOf(z.object({ a: z.string() }).strict(), { a: 'x', b: 1, c: 2 })).toBe('Invalid request body: Unrecognized fields: b, c');
    const many = messageOf(z.array(z.number()), Array.from({ length: 8 }, () => 'x'));
    expect(many).toMatch(/\[4\]: .*; and 3 more problems$/);
  });

  it('says when the body is missing', () => {
    expect(messageOf(z.object({}), undefined)).toBe('Request body is missing; expected a JSON object');
  });
});
