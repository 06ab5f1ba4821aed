import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createCdfClient, type CdfClientOptions } from './client';
import { CdfError } from './errors';

const itemsSchema = z.object({ items: z.array(z.object({ id: z.number() })) });

interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch double that answers from a queue and records what was sent. */
function scriptedFetch(answers: Array<Response | Error>) {
  const calls: RecordedCall[] = [];
  const fetchFn = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const next = answers.shift();
    if (next === undefined) throw new Error('unexpected extra fetch');
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
  return { fetchFn, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const cdfError = (status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json(status, { error: { code: status, message, ...extra } }, headers);

function makeClient(answers: Array<Response | Error>, overrides: Partial<CdfClientOptions> = {}) {
  const { fetchFn, calls } = scriptedFetch(answers);
  const sleeps: number[] = [];
  const client = createCdfClient({
    baseUrl: 'http://cdf.test/',
    project: 'demo',
    getToken: () => Promise.resolve('token-1'),
    fetch: fetchFn,
    sleep: (delayMs) => {
      sleeps.push(delayMs);
      return Promise.resolve();
    },
    random: () => 0.5,
    nowMs: () => Date.parse('2026-01-01T00:00:00Z'),
    ...overrides,
  });
  return { client, calls, sleeps };
}

const signal = () => new AbortController().signal;

describe('createCdfClient request shape', () => {
  it('sends bearer token, JSON body, query and cdf-version to the project path', async () => {
    const { client, calls } = makeClient([json(200, { items: [{ id: 1 }] })]);
    const result = await client.requestJson(
      { method: 'POST', path: 'files/downloadlink', query: { extendedExpiration: true, skip: undefined }, body: { items: [{ id: 1 }] }, signal: signal(), cdfVersion: 'beta' },
      itemsSchema,
    );
    expect(result).toEqual({ items: [{ id: 1 }] });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: 'http://cdf.test/api/v1/projects/demo/files/downloadlink?extendedExpiration=true',
      method: 'POST',
      body: '{"items":[{"id":1}]}',
    });
    expect(calls[0]?.headers).toMatchObject({ authorization: 'Bearer token-1', 'content-type': 'application/json', 'cdf-version': 'beta' });
  });

  it('omits cdf-version and content-type when not needed', async () => {
    const { client, calls } = makeClient([json(200, { items: [] })]);
    await client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema);
    expect(calls[0]?.headers['cdf-version']).toBeUndefined();
    expect(calls[0]?.headers['content-type']).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries 429 on the segment POST with jittered backoff and succeeds', async () => {
    const { client, calls, sleeps } = makeClient([cdfError(429, 'slow down'), cdfError(429, 'slow down'), json(200, { items: [] })]);
    await client.requestJson({ method: 'POST', path: 'context/vision/segment', body: {}, signal: signal() }, itemsSchema);
    expect(calls).toHaveLength(3);
    // random = 0.5: half of the 500 ms and 1000 ms caps.
    expect(sleeps).toEqual([250, 500]);
  });

  it('does not retry a 5xx on the segment POST', async () => {
    const { client, calls } = makeClient([cdfError(503, 'busy')]);
    await expect(client.requestJson({ method: 'POST', path: 'context/vision/segment', body: {}, signal: signal() }, itemsSchema)).rejects.toMatchObject({
      status: 503,
      message: 'busy',
    });
    expect(calls).toHaveLength(1);
  });

  it('retries a 5xx on an idempotent POST (files/list) and on GET', async () => {
    const first = makeClient([cdfError(500, 'x'), json(200, { items: [] })]);
    await first.client.requestJson({ method: 'POST', path: 'files/list', body: {}, signal: signal() }, itemsSchema);
    expect(first.calls).toHaveLength(2);
    const second = makeClient([cdfError(502, 'x'), json(200, { items: [] })]);
    await second.client.requestJson({ method: 'GET', path: 'context/vision/segment/5', signal: signal() }, itemsSchema);
    expect(second.calls).toHaveLength(2);
  });

  it('gives up after 5 retries and reports the last error', async () => {
    const answers = Array.from({ length: 6 }, () => cdfError(429, 'throttled', {}, { 'x-request-id': 'req-9' }));
    const { client, calls, sleeps } = makeClient(answers);
    const error = await client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema).catch((e: unknown) => e);
    expect(calls).toHaveLength(6);
    expect(sleeps).toEqual([250, 500, 1000, 2000, 4000]);
    expect(error).toBeInstanceOf(CdfError);
    expect(error).toMatchObject({ kind: 'http', status: 429, message: 'throttled', requestId: 'req-9' });
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const { client, sleeps } = makeClient([
      cdfError(429, 'x', {}, { 'Retry-After': '2' }),
      cdfError(503, 'x', {}, { 'Retry-After': 'Thu, 01 Jan 2026 00:00:03 GMT' }),
      json(200, { items: [] }),
    ]);
    await client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema);
    expect(sleeps).toEqual([2000, 3000]);
  });

  it('does not wait for a Retry-After beyond the cap: shows the error instead', async () => {
    const { client, calls } = makeClient([cdfError(429, 'come back tomorrow', {}, { 'Retry-After': '86400' })], { maxRetryAfterMs: 30_000 });
    await expect(client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema)).rejects.toMatchObject({ status: 429 });
    expect(calls).toHaveLength(1);
  });

  it('stops retrying when aborted during the backoff sleep', async () => {
    const controller = new AbortController();
    const { client, calls } = makeClient([cdfError(429, 'x'), json(200, { items: [] })], {
      sleep: () => {
        controller.abort();
        return Promise.reject(new DOMException('aborted', 'AbortError'));
      },
    });
    await expect(client.requestJson({ method: 'GET', path: 'files', signal: controller.signal }, itemsSchema)).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(1);
  });
});

describe('where the token goes', () => {
  it('sends the Authorization header to the base URL origin only, whatever the path or query holds', async () => {
    // Paths that would leave the origin if the URL were resolved (new URL(path, base)) instead of appended.
    const paths = ['files/list', '//evil.test/steal', 'http://evil.test/steal', '../../../../x', '@evil.test/x', '\\\\evil.test/x'];
    const { client, calls } = makeClient(paths.map(() => json(200, { items: [] })), { baseUrl: 'http://cdf.test/proxy/' });
    for (const path of paths) {
      await client.requestJson({ method: 'GET', path, query: { next: 'http://evil.test/' }, signal: signal() }, itemsSchema);
    }
    expect(calls).toHaveLength(paths.length);
    for (const call of calls) {
      expect(call.headers.authorization).toBe('Bearer token-1');
      expect(new URL(call.url).origin).toBe('http://cdf.test');
    }
  });

  it('keeps the renewed token on the base URL origin too', async () => {
    const getToken = vi.fn((request?: { rejectedToken?: string }) => Promise.resolve(request === undefined ? 'old' : 'new'));
    const { client, calls } = makeClient([cdfError(401, 'expired'), json(200, { items: [] })], { getToken });
    await client.requestJson({ method: 'GET', path: '//evil.test/x', signal: signal() }, itemsSchema);
    expect(calls.map((call) => [new URL(call.url).origin, call.headers.authorization])).toEqual([
      ['http://cdf.test', 'Bearer old'],
      ['http://cdf.test', 'Bearer new'],
    ]);
  });
});

describe('401 handling', () => {
  it('asks the provider again and retries once with the new token', async () => {
    const tokens = ['old', 'new'];
    const getToken = vi.fn(() => Promise.resolve(tokens.shift() ?? 'exhausted'));
    const { client, calls } = makeClient([cdfError(401, 'expired'), json(200, { items: [] })], { getToken });
    await client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(calls.map((call) => call.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('tells the provider which token was rejected, so a caching provider renews it', async () => {
    const getToken = vi.fn((request?: { rejectedToken?: string }) => Promise.resolve(request?.rejectedToken === 'old' ? 'renewed' : 'old'));
    const { client, calls } = makeClient([cdfError(401, 'expired'), json(200, { items: [] })], { getToken });
    await client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema);
    expect(getToken.mock.calls).toEqual([[], [{ rejectedToken: 'old' }]]);
    expect(calls.map((call) => call.headers.authorization)).toEqual(['Bearer old', 'Bearer renewed']);
  });

  it('does not retry when the provider returns the same token', async () => {
    const { client, calls } = makeClient([cdfError(401, 'Could not authenticate.', {}, { 'x-request-id': 'r1' })]);
    const error = await client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 401, message: 'Could not authenticate.', requestId: 'r1', isAuthError: true });
  });

  it('re-authenticates only once', async () => {
    let counter = 0;
    const getToken = () => Promise.resolve(`t${(counter += 1)}`);
    const { client, calls } = makeClient([cdfError(401, 'no'), cdfError(401, 'still no')], { getToken });
    await expect(client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema)).rejects.toMatchObject({ message: 'still no' });
    expect(calls).toHaveLength(2);
  });

  it('turns a failing token provider into a CdfError of kind token', async () => {
    const { client, calls } = makeClient([], { getToken: () => Promise.reject(new Error('host did not answer')) });
    await expect(client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema)).rejects.toMatchObject({
      kind: 'token',
      message: 'Could not get an access token: host did not answer',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('errors', () => {
  it('carries missing and duplicated from the CDF error body', async () => {
    const { client } = makeClient([cdfError(400, 'Files not found', { missing: [{ externalId: 'nope' }] }, { 'x-request-id': 'abc123' })]);
    const error = await client.requestJson({ method: 'POST', path: 'files/byids', body: {}, signal: signal() }, itemsSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CdfError);
    expect(error).toMatchObject({ kind: 'http', status: 400, message: 'Files not found', missing: [{ externalId: 'nope' }], requestId: 'abc123' });
  });

  it('falls back to the status line for a non-CDF error body', async () => {
    const { client } = makeClient([new Response('<html>bad gateway</html>', { status: 404, statusText: 'Not Found' })]);
    await expect(client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema)).rejects.toMatchObject({ status: 404, message: 'HTTP 404 Not Found' });
  });

  it('reports an unreachable server with its base URL', async () => {
    const { client } = makeClient([new TypeError('Failed to fetch')]);
    await expect(client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema)).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringContaining('Cannot reach http://cdf.test') as unknown,
    });
  });

  it('turns a schema mismatch into an invalid-response CdfError naming the field', async () => {
    const { client } = makeClient([json(200, { items: [{ id: 'one' }] }, { 'x-request-id': 'rid' })]);
    const error = await client.requestJson({ method: 'POST', path: 'files/list', body: {}, signal: signal() }, itemsSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CdfError);
    expect(error).toMatchObject({ kind: 'invalid-response', requestId: 'rid' });
    expect((error as CdfError).message).toContain('items.0.id');
  });

  it('turns a non-JSON 200 into an invalid-response CdfError', async () => {
    const { client } = makeClient([new Response('not json', { status: 200 })]);
    await expect(client.requestJson({ method: 'GET', path: 'files', signal: signal() }, itemsSchema)).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('lets an abort propagate as an AbortError, not a CdfError', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client } = makeClient([]);
    const error = await client.requestJson({ method: 'GET', path: 'files', signal: controller.signal }, itemsSchema).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(CdfError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});

describe('requestBlob', () => {
  it('returns the body as a Blob', async () => {
    const { client } = makeClient([new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'content-type': 'image/jpeg' } })]);
    const blob = await client.requestBlob({ method: 'GET', path: 'files/icon', query: { id: 4 }, signal: signal() });
    expect(blob.size).toBe(3);
  });
});
