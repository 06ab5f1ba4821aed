/**
 * Auth decides on what the router routes, not on the bytes of the request target (issue 11): a path with
 * %-escapes, mixed-case escapes, double encoding, an encoded "/" or an absolute-form target (`POST http://x/path`)
 * reaches the same route as its plain form, so it must meet the same token and project checks. Also: a request
 * without a Host header gets a CDF error body with CORS, not Node's bare 400.
 *
 * Raw sockets, because fetch and node:http's URL handling would normalise these targets before sending them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCdfError } from '../testing/openapi';
import { rawRequest, type RawAnswer } from '../testing/rawHttp';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(() => {
  emulator.context.faults.replace([]);
});
afterAll(async () => {
  await emulator.close();
});

const HOST = { host: 'emulator.test' };
const withToken = () => ({ ...HOST, authorization: `Bearer ${emulator.config.token}` });
const A_FAULT = { faults: [{ type: 'http', path: '/api/v1/projects/demo/files/list', status: 503 }] };

/** The answer's CDF error, after checking status, body shape, CORS and request id. */
function cdfError(answer: RawAnswer | undefined, status: number): { code: number; message: string } {
  expect(answer, 'no answer').toBeDefined();
  const { status: actual, headers, body } = answer as RawAnswer;
  expect(actual, body.toString('utf8')).toBe(status);
  expect(headers['content-type']).toMatch(/^application\/json/);
  expect(headers['access-control-allow-origin']).toBeTruthy();
  expect(headers['x-request-id']).toMatch(/^[0-9a-f]{16}$/);
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  assertCdfError(parsed);
  return (parsed as { error: { code: number; message: string } }).error;
}

describe('percent-encoded paths', () => {
  // Each routes to POST /api/v1/projects/:project/files/list with project "demo".
  const encodedListPaths = [
    '/%61pi/v1/projects/demo/files/list',
    '/api/v1/projects/demo/files/%6Cist',
    '/api/v1/projects/demo/files/%6cist',
    '/%61%70%69/%76%31/projects/demo/files/list',
    '/api/v1/projects/%64emo/files/list',
  ];

  it.each(encodedListPaths)('%s needs the token', async (target) => {
    const error = cdfError(await rawRequest(emulator.baseUrl, 'POST', target, { headers: HOST, body: {} }), 401);
    expect(error.message).toMatch(/missing Authorization/);
  });

  it.each(encodedListPaths)('%s with the token answers like the plain path', async (target) => {
    const answer = await rawRequest(emulator.baseUrl, 'POST', target, { headers: withToken(), body: { limit: 1 } });
    expect(answer?.status, answer?.body.toString('utf8')).toBe(200);
  });

  it.each([
    ['/%61pi/v1/projects/other/files/list', 'other'],
    ['/api/v1/projects/ot%68er/files/list', 'other'],
    ['/api/v1/projects/ot%2568er/files/list', 'ot%68er'],
    ['/api/v1/projects/de%2Fmo/files/list', 'de/mo'],
    ['/api/v1/projects/%44EMO/files/list', 'DEMO'],
  ])('%s is another project: 403 naming %s', async (target, project) => {
    const error = cdfError(await rawRequest(emulator.baseUrl, 'POST', target, { headers: withToken(), body: {} }), 403);
    expect(error.message).toContain(`"${project}"`);
  });

  it.each(['/%5Femulator/faults', '/%5femulator/faults', '/_emulator/%66aults', '/_emulator/fault%73', '/%5F%65mulator/faults'])(
    '%s needs the token and installs nothing without it',
    async (target) => {
      cdfError(await rawRequest(emulator.baseUrl, 'POST', target, { headers: HOST, body: A_FAULT }), 401);
      expect(emulator.context.faults.describe().requestFaults).toBe(0);
    },
  );

  it.each(['/%5Femulator/reset', '/_emulator/r%65set'])('%s needs the token', async (target) => {
    cdfError(await rawRequest(emulator.baseUrl, 'POST', target, { headers: HOST, body: {} }), 401);
  });

  it.each(['/%2561pi/v1/projects/demo/files/list', '/api%2Fv1/projects/demo/files/list', '/%5F%2565mulator/faults'])(
    '%s (double encoding, encoded "/") reaches no route and leaks nothing without the token',
    async (target) => {
      const answer = await rawRequest(emulator.baseUrl, 'POST', target, { headers: HOST, body: A_FAULT });
      expect([401, 404]).toContain(cdfError(answer, answer?.status ?? 0).code);
      expect(emulator.context.faults.describe().requestFaults).toBe(0);
    },
  );

  it('keeps the public paths public when encoded', async () => {
    const answer = await rawRequest(emulator.baseUrl, 'GET', '/%5Femulator/h%65alth', { headers: HOST });
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer?.body.toString('utf8') ?? '')).toEqual({ status: 'ok', segmenter: 'sam' });
  });
});

describe('absolute-form request targets', () => {
  it.each(['http://x/_emulator/reset', 'http://127.0.0.1/_emulator/reset', 'HTTP://x/%5Femulator/reset'])('%s needs the token', async (target) => {
    cdfError(await rawRequest(emulator.baseUrl, 'POST', target, { headers: HOST, body: {} }), 401);
  });

  it('cannot install faults without the token', async () => {
    cdfError(await rawRequest(emulator.baseUrl, 'POST', 'http://x/_emulator/faults', { headers: HOST, body: A_FAULT }), 401);
    expect(emulator.context.faults.describe().requestFaults).toBe(0);
  });

  it('meets the project check', async () => {
    const target = 'http://x/api/v1/projects/other/files/list';
    cdfError(await rawRequest(emulator.baseUrl, 'POST', target, { headers: HOST, body: {} }), 401);
    const error = cdfError(await rawRequest(emulator.baseUrl, 'POST', target, { headers: withToken(), body: {} }), 403);
    expect(error.message).toContain('"other"');
  });
});

describe('a request without a Host header', () => {
  it.each([
    ['GET', '/_emulator/health'],
    ['POST', '/api/v1/projects/demo/files/list'],
  ])('%s %s (HTTP/1.1) gets a 400 CDF error with CORS and a request id', async (method, target) => {
    const error = cdfError(await rawRequest(emulator.baseUrl, method, target, { body: {} }), 400);
    expect(error.message).toMatch(/Host/);
  });
});
