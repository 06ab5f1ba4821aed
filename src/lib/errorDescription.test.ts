import { describe, expect, it } from 'vitest';
import { CdfError } from '../api/errors';
import { describeError } from './errorDescription';

const http = (status: number, extra: Partial<ConstructorParameters<typeof CdfError>[0]> = {}) =>
  new CdfError({ kind: 'http', status, message: 'cdf says no', method: 'POST', url: 'http://x', requestId: 'rid-1', ...extra });

describe('describeError', () => {
  it('names rejected tokens and keeps the request id', () => {
    expect(describeError(http(401))).toEqual({ title: 'Access denied: the token was rejected (401)', detail: 'cdf says no', requestId: 'rid-1', retryable: true });
    expect(describeError(http(403)).title).toMatch(/lacks a capability/);
  });
  it('names the project a 403 refused, and what to ask for', () => {
    const description = describeError(http(403, { url: 'https://cdf.example/api/v1/projects/my%20plant/files/list' }));
    expect(description.title).toBe('No access to project "my plant": the token lacks a capability (403)');
    expect(description.detail).toMatch(/^cdf says no — .*in project "my plant"\. Ask a CDF administrator/);
    expect(description.retryable).toBe(true);
  });
  it('turns missing items into a not-found message that is not retryable', () => {
    const description = describeError(http(400, { missing: [{ id: 42 }] }));
    expect(description.title).toBe('File not found');
    expect(description.detail).toContain('id 42');
    expect(description.retryable).toBe(false);
  });
  it('describes network, token and schema failures as retryable', () => {
    expect(describeError(new CdfError({ kind: 'network', message: 'Cannot reach http://x', method: 'GET', url: 'http://x' }))).toMatchObject({
      title: 'Cannot reach the server',
      retryable: true,
    });
    expect(describeError(new CdfError({ kind: 'token', message: 'no token', method: 'GET', url: 'http://x' })).title).toBe('No access token');
    expect(describeError(new CdfError({ kind: 'invalid-response', message: 'bad', method: 'GET', url: 'http://x' })).retryable).toBe(true);
  });
  it('handles 5xx, other 4xx and plain errors', () => {
    expect(describeError(http(503)).title).toBe('Server error (503)');
    expect(describeError(http(422)).retryable).toBe(false);
    expect(describeError(new Error('boom'))).toMatchObject({ title: 'Something went wrong', detail: 'boom' });
  });
});
