import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryable, parseRetryAfterMs } from './retryPolicy';

describe('isRetryable', () => {
  it('retries 429 for every method, including the segment POST', () => {
    expect(isRetryable('POST', '/api/v1/projects/demo/context/vision/segment', 429)).toBe(true);
    expect(isRetryable('GET', '/api/v1/projects/demo/files/icon', 429)).toBe(true);
  });
  it('retries 5xx only for idempotent calls', () => {
    expect(isRetryable('GET', '/api/v1/projects/demo/context/vision/segment/7', 503)).toBe(true);
    expect(isRetryable('PUT', '/x', 500)).toBe(true);
    expect(isRetryable('POST', '/api/v1/projects/demo/files/list', 502)).toBe(true);
    expect(isRetryable('POST', '/api/v1/projects/demo/files/byids', 500)).toBe(true);
    expect(isRetryable('POST', '/api/v1/projects/demo/files/downloadlink', 500)).toBe(true);
    expect(isRetryable('POST', '/api/v1/projects/demo/context/vision/segment', 500)).toBe(false);
    expect(isRetryable('POST', '/api/v1/projects/demo/annotations', 503)).toBe(false);
  });
  it('never retries other 4xx', () => {
    expect(isRetryable('GET', '/x', 400)).toBe(false);
    expect(isRetryable('GET', '/x', 401)).toBe(false);
    expect(isRetryable('GET', '/x', 404)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('caps at 500, 1000, 2000, 4000, 8000 ms and 15 s', () => {
    const almostOne = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 6].map((retryIndex) => backoffDelayMs(retryIndex, almostOne))).toEqual([
      499, 999, 1999, 3999, 7999, 14999, 14999,
    ]);
  });
  it('applies full jitter (random 0 gives 0, 0.5 gives half the cap)', () => {
    expect(backoffDelayMs(2, () => 0)).toBe(0);
    expect(backoffDelayMs(2, () => 0.5)).toBe(1000);
  });
});

describe('parseRetryAfterMs', () => {
  const nowMs = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('2', nowMs)).toBe(2000);
    expect(parseRetryAfterMs(' 0 ', nowMs)).toBe(0);
    expect(parseRetryAfterMs('1.5', nowMs)).toBe(1500);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', nowMs)).toBe(3000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', nowMs)).toBe(0);
  });
  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfterMs(null, nowMs)).toBeUndefined();
    expect(parseRetryAfterMs('soon', nowMs)).toBeUndefined();
  });
});
