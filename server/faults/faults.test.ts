/**
 * The fault-injection controls (`POST /_emulator/faults`, `POST /_emulator/reset`) and each fault type's effect.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCdfError, assertMatchesResponse, checkResponse } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';
import { FIXTURE_FILES } from '../fixtures/manifest';
import { pathMatches } from './controller';

const COFFEE_ID = FIXTURE_FILES[0]?.id ?? 0;

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  const response = await emulator.request('POST', '/_emulator/reset');
  expect(response.status).toBe(200);
});
afterAll(async () => {
  await emulator.close();
});

const setFaults = (faults: unknown[]) => emulator.request('POST', '/_emulator/faults', { body: { faults } });

async function expectBadFaults(faults: unknown, pattern: RegExp) {
  const response = await emulator.request('POST', '/_emulator/faults', { body: { faults } });
  expect(response.status).toBe(400);
  const body: unknown = await response.json();
  assertCdfError(body);
  expect((body as { error: { message: string } }).error.message).toMatch(pattern);
}

describe('path patterns', () => {
  it('match "*" to exactly one non-empty segment', () => {
    expect(pathMatches('/api/v1/projects/demo/files/*', '/api/v1/projects/demo/files/123')).toBe(true);
    expect(pathMatches('/api/v1/projects/*/files/list', '/api/v1/projects/demo/files/list')).toBe(true);
    expect(pathMatches('/api/v1/projects/demo/files/*', '/api/v1/projects/demo/files/123/x')).toBe(false);
    expect(pathMatches('/api/v1/projects/demo/files/*', '/api/v1/projects/demo/files/')).toBe(false);
    expect(pathMatches('/api/v1/projects/demo/files/list', '/api/v1/projects/demo/files/lists')).toBe(false);
  });
});

describe('POST /_emulator/faults validation', () => {
  it('rejects what it does not understand, naming the field', async () => {
    await expectBadFaults([{ type: 'explode' }], /faults\[0\]\.type/);
    await expectBadFaults([{ type: 'http', path: '/x', status: 200 }], /faults\[0\]\.status: status must be 400-599/);
    await expectBadFaults([{ type: 'http', path: '/x', status: 500, colour: 'red' }], /Unrecognized field: faults\[0\]\.colour/);
    await expectBadFaults([{ type: 'http', path: 'no-slash', status: 500 }], /faults\[0\]\.path/);
    await expectBadFaults([{ type: 'http', path: '/files/ab*', status: 500 }], /whole path segment/);
    await expectBadFaults([{ type: 'http', path: '/x', status: 500, method: 'FETCH' }], /faults\[0\]\.method/);
    await expectBadFaults([{ type: 'http', path: '/x', status: 500, times: 0 }], /times must be at least 1/);
    await expectBadFaults([{ type: 'job-delay', delayMs: -5 }], /faults\[0\]\.delayMs/);
    await expectBadFaults([{ type: 'job-failure', times: 1 }], /faults\[0\]\.errorMessage/);
    await expectBadFaults('all of them', /faults/);
    const noList = await emulator.request('POST', '/_emulator/faults', { body: { fault: [] } });
    expect(noList.status).toBe(400);
  });

  it('refuses header values with CR, LF or control characters, and framing or hop-by-hop headers, naming the header', async () => {
    const withHeaders = (headers: Record<string, string>) => [{ type: 'http', path: '/x', status: 503, headers }];
    await expectBadFaults(withHeaders({ 'Retry-After': '1\r\nX-Injected: yes' }), /faults\[0\]\.headers\.Retry-After: .*CR, LF/);
    await expectBadFaults(withHeaders({ 'X-Note': 'a\nb' }), /faults\[0\]\.headers\.X-Note: /);
    await expectBadFaults(withHeaders({ 'X-Note': 'a\u0000b' }), /faults\[0\]\.headers\.X-Note: /);
    await expectBadFaults(withHeaders({ 'X-Note': 'snowman \u2603' }), /faults\[0\]\.headers\.X-Note: /);
    const framing = ['Content-Length', 'transfer-encoding', 'Content-Encoding', 'Connection', 'Keep-Alive', 'Proxy-Connection', 'TE', 'Trailer', 'Upgrade'];
    for (const name of framing) {
      await expectBadFaults(withHeaders({ [name]: '5' }), new RegExp(`faults\\[0\\]\\.headers\\.${name}: .*framing`));
    }
    expect((await setFaults(withHeaders({ 'Retry-After': '1', 'X-Note': 'tab\tand latin-1 \u00e9' }))).status).toBe(200);
  });

  it('leaves the previous faults in place when the new list is rejected', async () => {
    expect((await setFaults([{ type: 'job-delay', delayMs: 700 }])).status).toBe(200);
    await expectBadFaults([{ type: 'job-delay', delayMs: 'soon' }], /delayMs/);
    expect(emulator.context.faults.jobDelayMs()).toBe(700);
  });
});

describe('http faults', () => {
  const path = '/api/v1/projects/demo/files/*';

  it('answer matching requests `times` times with the status, CDF body, headers, CORS and a request id', async () => {
    const applied = await setFaults([
      { type: 'http', method: 'GET', path, status: 429, times: 2, headers: { 'Retry-After': '1' }, message: 'Injected 429' },
    ]);
    expect(applied.status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await emulator.request('GET', `/files/${COFFEE_ID}`, { headers: { origin: 'http://app.test' } });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test');
      expect(response.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
      const body: unknown = await response.json();
      assertCdfError(body);
      expect(body).toEqual({ error: { code: 429, message: 'Injected 429' } });
    }
    const third = await emulator.request('GET', `/files/${COFFEE_ID}`);
    expect(third.status).toBe(200);
  });

  it('match only the given method, and any method when none is given', async () => {
    await setFaults([{ type: 'http', method: 'POST', path: '/api/v1/projects/demo/files/list', status: 503 }]);
    expect((await emulator.request('GET', `/files/${COFFEE_ID}`)).status).toBe(200);
    expect((await emulator.request('POST', '/files/list', { body: {} })).status).toBe(503);
    await setFaults([{ type: 'http', path, status: 500 }]);
    expect((await emulator.request('GET', `/files/${COFFEE_ID}`)).status).toBe(500);
    // Without `times` the fault stays until replaced.
    expect((await emulator.request('GET', `/files/${COFFEE_ID}`)).status).toBe(500);
    const body: unknown = await (await emulator.request('GET', `/files/${COFFEE_ID}`)).json();
    expect(body).toEqual({ error: { code: 500, message: 'Injected 500' } });
  });

  it('come after auth: an unauthenticated request gets 401 and does not use the fault up', async () => {
    await setFaults([{ type: 'http', path, status: 500, times: 1 }]);
    expect((await emulator.request('GET', `/files/${COFFEE_ID}`, { token: null })).status).toBe(401);
    expect((await emulator.request('GET', `/files/${COFFEE_ID}`)).status).toBe(500);
    expect((await emulator.request('GET', `/files/${COFFEE_ID}`)).status).toBe(200);
  });

  it('never hit the control paths, so a test can always clear them', async () => {
    await setFaults([{ type: 'http', path: '/_emulator/*', status: 500 }]);
    expect((await emulator.request('GET', '/_emulator/health')).status).toBe(200);
    expect((await setFaults([])).status).toBe(200);
  });

  it('apply to routes that do not exist and to unauthenticated link paths', async () => {
    await setFaults([{ type: 'http', path: '/_emulator/download/*', status: 503, times: 1 }]);
    const response = await fetch(`${emulator.baseUrl}/_emulator/download/anything`);
    expect(response.status).toBe(503);
    assertCdfError(await response.json());
  });
});

describe('malformed faults', () => {
  it('answer 200 with a body that breaks the response schema, `times` times', async () => {
    await setFaults([{ type: 'malformed', method: 'GET', path: '/api/v1/projects/demo/files/*', times: 1 }]);
    const broken = await emulator.request('GET', `/files/${COFFEE_ID}`);
    expect(broken.status).toBe(200);
    expect(broken.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    const brokenBody: unknown = await broken.json();
    expect(checkResponse('FileMetadataResponse', brokenBody).valid).toBe(false);
    expect(checkResponse('FileMetadataWithCursorResponse', brokenBody).valid).toBe(false);
    expect(checkResponse('VisionSegmentGetResponse', brokenBody).valid).toBe(false);
    const healthy = await emulator.request('GET', `/files/${COFFEE_ID}`);
    assertMatchesResponse('FileMetadataResponse', await healthy.json());
  });
});

describe('job faults', () => {
  it('expose the delay and consume failures one job at a time', async () => {
    const response = await setFaults([
      { type: 'job-delay', delayMs: 1500 },
      { type: 'job-failure', errorMessage: 'Injected failure', times: 2 },
    ]);
    expect(response.status).toBe(200);
    const { faults } = emulator.context;
    expect(faults.jobDelayMs()).toBe(1500);
    expect(faults.takeJobFailure()).toBe('Injected failure');
    expect(faults.takeJobFailure()).toBe('Injected failure');
    expect(faults.takeJobFailure()).toBeUndefined();
    expect(faults.jobDelayMs()).toBe(1500);
  });

  it('are cleared by an empty list and by reset, which also calls reset listeners', async () => {
    const { faults } = emulator.context;
    await setFaults([{ type: 'job-delay', delayMs: 100 }, { type: 'job-failure', errorMessage: 'x' }]);
    expect((await setFaults([])).status).toBe(200);
    expect(faults.jobDelayMs()).toBe(0);
    expect(faults.takeJobFailure()).toBeUndefined();

    let resets = 0;
    faults.onReset(() => {
      resets += 1;
    });
    await setFaults([{ type: 'job-failure', errorMessage: 'x' }, { type: 'http', path: '/api/v1/projects/demo/files/list', status: 500 }]);
    const reset = await emulator.request('POST', '/_emulator/reset');
    expect(reset.status).toBe(200);
    expect(resets).toBe(1);
    expect(faults.takeJobFailure()).toBeUndefined();
    expect((await emulator.request('POST', '/files/list', { body: {} })).status).toBe(200);
  });
});
