/**
 * The HTTP base every endpoint shares: health, CORS, request ids, auth, CDF error bodies for bad input.
 * Runs the real emulator on port 0; every error body is checked against Cognite's ErrorResponse schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmulator } from '../app';
import { DEFAULT_CONFIG } from '../config';
import { assertCdfError } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ jsonBodyLimitBytes: 64 * 1024 });
});
afterAll(async () => {
  await emulator.close();
});

async function expectCdfError(response: Response, status: number, messagePattern: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body: unknown = await response.json();
  assertCdfError(body);
  const { error } = body as { error: { code: number; message: string } };
  expect(error.code).toBe(status);
  expect(error.message).toMatch(messagePattern);
  expect(error.message).not.toMatch(/\n\s+at /); // no stack trace
  return error;
}

describe('health', () => {
  it('answers without a token', async () => {
    const response = await emulator.request('GET', '/_emulator/health', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', segmenter: 'sam' });
  });
});

describe('request ids and CORS', () => {
  it('puts a fresh 16-hex x-request-id on every response and exposes it', async () => {
    const first = await emulator.request('GET', '/_emulator/health');
    const second = await emulator.request('GET', '/_emulator/health');
    const firstId = first.headers.get('x-request-id');
    expect(firstId).toMatch(/^[0-9a-f]{16}$/);
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    expect(second.headers.get('x-request-id')).not.toBe(firstId);
    expect(first.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(first.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
  });

  it('echoes the Origin, or * without one', async () => {
    const withOrigin = await emulator.request('POST', '/files/list', { body: {}, headers: { origin: 'http://app.test:5173' } });
    expect(withOrigin.status).toBe(200);
    expect(withOrigin.headers.get('access-control-allow-origin')).toBe('http://app.test:5173');
    expect(withOrigin.headers.get('vary')).toMatch(/Origin/);
    const without = await emulator.request('POST', '/files/list', { body: {} });
    expect(without.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers preflights with 204, the methods and the requested headers, without a token', async () => {
    const response = await fetch(`${emulator.projectUrl}/context/vision/segment`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, cdf-version, x-custom-thing',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,DELETE,PATCH,OPTIONS');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    for (const header of ['authorization', 'content-type', 'accept', 'cdf-version', 'x-cdp-app', 'x-cdp-sdk', 'x-request-id', 'x-custom-thing']) {
      expect(allowed).toContain(header);
    }
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('allows private-network access when a preflight asks for it', async () => {
    const response = await fetch(`${emulator.projectUrl}/files/list`, {
      method: 'OPTIONS',
      headers: { origin: 'https://fusion.example', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('puts CORS headers and a request id on errors and 404s', async () => {
    for (const response of [
      await emulator.request('POST', '/files/list', { body: {}, token: null, headers: { origin: 'http://app.test' } }),
      await emulator.request('GET', '/_emulator/nothing-here', { headers: { origin: 'http://app.test' } }),
      await emulator.request('POST', '/files/byids', { body: '{"items": [', headers: { origin: 'http://app.test', 'content-type': 'application/json' } }),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test');
      expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
      assertCdfError(await response.json());
    }
  });
});

describe('auth', () => {
  it('needs a bearer token on CDF paths', async () => {
    await expectCdfError(await emulator.request('POST', '/files/list', { body: {}, token: null }), 401, /missing Authorization/);
    await expectCdfError(await emulator.request('POST', '/files/list', { body: {}, token: 'wrong' }), 401, /not valid/);
    await expectCdfError(
      await emulator.request('POST', '/files/list', { body: {}, token: null, headers: { authorization: 'Basic ZGV2OmRldg==' } }),
      401,
      /not valid/,
    );
  });

  it('needs a bearer token on control paths', async () => {
    await expectCdfError(await emulator.request('POST', '/_emulator/reset', { token: null }), 401, /Unauthorized/);
    await expectCdfError(await emulator.request('POST', '/_emulator/faults', { body: { faults: [] }, token: null }), 401, /Unauthorized/);
  });

  it('checks the token before telling whether a route exists', async () => {
    await expectCdfError(await emulator.request('GET', '/api/v1/projects/demo/nothing', { token: null }), 401, /Unauthorized/);
  });

  it('refuses another project with 403 naming it', async () => {
    const error = await expectCdfError(
      await emulator.request('POST', '/api/v1/projects/someone-else/files/list', { body: {} }),
      403,
      /"someone-else"/,
    );
    expect(error.message).toMatch(/"demo"/);
  });
});

describe('bad input', () => {
  it('404s unknown routes with a CDF body', async () => {
    await expectCdfError(await emulator.request('GET', '/files-nope/list'), 404, /No such endpoint: GET \/api\/v1\/projects\/demo\/files-nope\/list/);
    await expectCdfError(await emulator.request('GET', `${emulator.baseUrl}/`, { token: null }), 404, /No such endpoint: GET \//);
  });

  it('rejects malformed JSON', async () => {
    await expectCdfError(
      await emulator.request('POST', '/files/byids', { body: '{"items": [{"id": 1}', headers: { 'content-type': 'application/json' } }),
      400,
      /not valid JSON/,
    );
  });

  it('rejects a missing body', async () => {
    await expectCdfError(
      await emulator.request('POST', '/files/byids', { body: '', headers: { 'content-type': 'application/json' } }),
      400,
      /Request body is missing/,
    );
  });

  it('names the field path of a wrong type', async () => {
    await expectCdfError(await emulator.request('POST', '/files/byids', { body: { items: [{ id: 1000001 }, { id: 'seven' }] } }), 400, /items\[1\]\.id/);
    await expectCdfError(await emulator.request('POST', '/files/list', { body: { limit: '5' } }), 400, /limit/);
    await expectCdfError(await emulator.request('POST', '/files/list', { body: { filter: { mimeType: 3 } } }), 400, /filter\.mimeType/);
    await expectCdfError(await emulator.request('POST', '/files/list', { body: { filter: { color: 'red' } } }), 400, /Unrecognized field: filter\.color/);
  });

  it('rejects an over-long body with 413', async () => {
    const items = Array.from({ length: 20_000 }, (_, index) => ({ externalId: `a-rather-long-external-id-${index}` }));
    await expectCdfError(await emulator.request('POST', '/files/byids', { body: { items } }), 413, /too large/);
  });

  it('rejects an unsupported content type', async () => {
    const response = await emulator.request('POST', '/files/list', { body: 'limit=5', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await expectCdfError(response, 415, /Unsupported content type/);
  });

  it('rejects JSON nested deeper than 100 levels (it could not be serialized back)', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const body = `{"name":"deep","geoLocation":{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":${deep}}}}`;
    await expectCdfError(await emulator.request('POST', '/files', { body, headers: { 'content-type': 'application/json' } }), 400, /nested too deeply/);
    const list = await emulator.request('POST', '/files/list', { body: { limit: 1000 } });
    expect(list.status).toBe(200);
  });

  it('answers a malformed %-escape or an over-long path segment with a CDF error, CORS and a request id', async () => {
    for (const [target, status] of [['/files/%FF', 400], [`/context/vision/segment/${'1'.repeat(200)}`, 414]] as const) {
      const response = await emulator.request('GET', target, { headers: { origin: 'http://app.test', 'cdf-version': 'beta' } });
      await expectCdfError(response, status, /not a valid URL|too long/);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test');
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('answers bytes that are not HTTP with a CDF error, CORS and a request id', async () => {
    const { port } = new URL(emulator.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.end(Buffer.concat([Buffer.from('GET /files/'), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nhost: x\r\n\r\n')]));
    });
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\naccess-control-allow-origin: \*\r\n/);
    expect(head).toMatch(/\r\nx-request-id: [0-9a-f]{16}\r\n/);
    assertCdfError(JSON.parse(body));
  });
});

describe('unexpected errors', () => {
  it('answer 500 with a CDF body and no stack trace', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cdf-emulator-bug-'));
    try {
      const { app } = await buildEmulator({ ...DEFAULT_CONFIG, dataDir, logLevel: 'silent', port: 0 });
      app.get('/_emulator/test-bug', () => {
        throw new TypeError('cannot read properties of undefined (secret internals)');
      });
      const response = await app.inject({ method: 'GET', url: '/_emulator/test-bug', headers: { authorization: 'Bearer dev-token', origin: 'http://app.test' } });
      expect(response.statusCode).toBe(500);
      const body: unknown = response.json();
      assertCdfError(body);
      expect(JSON.stringify(body)).not.toMatch(/secret internals|at .*\.ts/);
      expect(response.headers['access-control-allow-origin']).toBe('http://app.test');
      expect(JSON.stringify(body)).toContain(String(response.headers['x-request-id']));
      await app.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
