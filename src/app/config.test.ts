import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../lib/configError';
import { createTokenProvider, defaultEmulatorToken, loadConfigFile, parseConfigFile, resolveRuntimeConfig } from './config';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resolveRuntimeConfig', () => {
  it('defaults to the local emulator with its dev token', () => {
    expect(resolveRuntimeConfig({}, '')).toEqual({
      baseUrl: 'http://127.0.0.1:4010',
      project: 'demo',
      initialFile: null,
      auth: { mode: 'emulator', token: 'dev-token' },
      annotation: { labels: ['object'], status: 'approved' },
      ui: { fileList: true },
    });
  });

  it('uses VITE_EMULATOR_TOKEN (the emulator token npm start passes through) as the loopback default, never a URL token', () => {
    expect(defaultEmulatorToken({})).toBe('dev-token');
    expect(defaultEmulatorToken({ VITE_EMULATOR_TOKEN: '' })).toBe('dev-token');
    expect(defaultEmulatorToken({ VITE_EMULATOR_TOKEN: 'team-token' })).toBe('team-token');
    vi.stubEnv('VITE_EMULATOR_TOKEN', 'team-token');
    expect(resolveRuntimeConfig({}, '?token=stolen').auth).toEqual({ mode: 'emulator', token: 'team-token' });
    expect(resolveRuntimeConfig(parseConfigFile('{"auth": {"mode": "emulator"}}'), '').auth).toEqual({ mode: 'emulator', token: 'team-token' });
    expect(resolveRuntimeConfig(parseConfigFile('{"auth": {"mode": "emulator", "token": "wrong"}}'), '').auth).toEqual({ mode: 'emulator', token: 'wrong' });
    expect(() => resolveRuntimeConfig({}, '?baseUrl=https://westeurope-1.cognitedata.com')).toThrow(/No token source/);
  });

  it('lets config.json set defaults and query parameters override them', () => {
    const file = parseConfigFile('{"baseUrl": "http://localhost:9000/", "project": "acme"}');
    expect(resolveRuntimeConfig(file, '')).toMatchObject({ baseUrl: 'http://localhost:9000', project: 'acme' });
    expect(resolveRuntimeConfig(file, '?baseUrl=http://127.0.0.1:4021&project=demo&fileExternalId=sample:coffee')).toMatchObject({
      baseUrl: 'http://127.0.0.1:4021',
      project: 'demo',
      initialFile: { externalId: 'sample:coffee' },
    });
  });

  it('reads fileId as a positive integer and rejects nonsense', () => {
    expect(resolveRuntimeConfig({}, '?fileId=12').initialFile).toEqual({ id: 12 });
    expect(() => resolveRuntimeConfig({}, '?fileId=abc')).toThrow(ConfigError);
    expect(() => resolveRuntimeConfig({}, '?fileId=0')).toThrow(/positive integer/);
    expect(() => resolveRuntimeConfig({}, '?fileId=1&fileExternalId=x')).toThrow(/not both/);
  });

  it('rejects a baseUrl parameter that is not http(s)', () => {
    expect(() => resolveRuntimeConfig({}, '?baseUrl=javascript:alert(1)')).toThrow(/http\(s\) URL/);
  });

  it('never takes a token from the URL', () => {
    const config = resolveRuntimeConfig({}, '?token=stolen&access_token=stolen');
    expect(config.auth).toEqual({ mode: 'emulator', token: 'dev-token' });
  });

  it('requires an auth setting for a non-loopback server', () => {
    expect(() => resolveRuntimeConfig({}, '?baseUrl=https://westeurope-1.cognitedata.com')).toThrow(/No token source/);
  });

  it('uses the host provider config and refuses a baseUrl parameter that would send its token elsewhere', () => {
    const file = parseConfigFile(
      JSON.stringify({ baseUrl: 'https://westeurope-1.cognitedata.com', project: 'p', auth: { mode: 'host', allowedOrigins: ['https://portal.example.com'] } }),
    );
    expect(resolveRuntimeConfig(file, '').auth).toEqual({ mode: 'host', allowedOrigins: ['https://portal.example.com'], timeoutMs: 10_000 });
    expect(() => resolveRuntimeConfig(file, '?baseUrl=https://evil.example')).toThrow(/cannot change the server/);
  });

  it('takes an explicit emulator token (e.g. a deliberately wrong one in tests)', () => {
    expect(resolveRuntimeConfig(parseConfigFile('{"auth": {"mode": "emulator", "token": "wrong"}}'), '').auth).toEqual({ mode: 'emulator', token: 'wrong' });
  });
});

describe('auth mode oidc', () => {
  const PAGE = 'https://annotator.example.com/tools/index.html?fileId=7';
  const oidcFile = (auth: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    parseConfigFile(
      JSON.stringify({
        baseUrl: 'https://westeurope-1.cognitedata.com',
        project: 'acme',
        auth: {
          mode: 'oidc',
          authority: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
          clientId: 'a-client-id',
          scopes: ['https://westeurope-1.cognitedata.com/user_impersonation', 'https://westeurope-1.cognitedata.com/IDENTITY', 'offline_access'],
          ...auth,
        },
        ...extra,
      }),
    );

  it('resolves the issuer, the client, the scopes (openid and profile first) and the redirect URI of the page', () => {
    const config = resolveRuntimeConfig(oidcFile(), '?fileId=7', PAGE);
    expect(config.auth).toEqual({
      mode: 'oidc',
      authority: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      clientId: 'a-client-id',
      scopes: ['openid', 'profile', 'https://westeurope-1.cognitedata.com/user_impersonation', 'https://westeurope-1.cognitedata.com/IDENTITY', 'offline_access'],
      redirectUri: 'https://annotator.example.com/tools/',
    });
    expect(config.initialFile).toEqual({ id: 7 });
  });

  it('does not repeat openid or profile, and takes the .default scope as given', () => {
    const auth = resolveRuntimeConfig(oidcFile({ scopes: ['profile', 'https://westeurope-1.cognitedata.com/.default', 'openid'] }), '', PAGE).auth;
    expect(auth).toMatchObject({ scopes: ['openid', 'profile', 'https://westeurope-1.cognitedata.com/.default'] });
  });

  it('resolves redirectPath against the page and keeps it on the app origin', () => {
    expect(resolveRuntimeConfig(oidcFile({ redirectPath: '/auth/callback' }), '', PAGE).auth).toMatchObject({ redirectUri: 'https://annotator.example.com/auth/callback' });
    expect(resolveRuntimeConfig(oidcFile({ redirectPath: 'signed-in?x=1#y' }), '', PAGE).auth).toMatchObject({ redirectUri: 'https://annotator.example.com/tools/signed-in' });
    expect(() => resolveRuntimeConfig(oidcFile({ redirectPath: 'https://evil.example/cb' }), '', PAGE)).toThrow(/must stay on the app's origin/);
    expect(() => resolveRuntimeConfig(oidcFile({ redirectPath: '//evil.example/cb' }), '', PAGE)).toThrow(/must stay on the app's origin/);
  });

  it('refuses a baseUrl parameter that would send the signed-in token to another server', () => {
    expect(() => resolveRuntimeConfig(oidcFile(), '?baseUrl=https://evil.example', PAGE)).toThrow(/cannot change the server when the app signs you in/);
    expect(resolveRuntimeConfig(oidcFile(), '?baseUrl=https://westeurope-1.cognitedata.com/', PAGE).baseUrl).toBe('https://westeurope-1.cognitedata.com');
  });

  it('names what is wrong in an oidc setting', () => {
    expect(() => oidcFile({ authority: 'http://login.example.com' })).toThrow(/auth.authority: must use https/);
    expect(oidcFile({ authority: 'http://127.0.0.1:4031' }).auth).toMatchObject({ authority: 'http://127.0.0.1:4031' });
    expect(() => oidcFile({ authority: 'login.example.com' })).toThrow(/auth.authority: must be an http\(s\) URL/);
    expect(() => oidcFile({ clientId: '' })).toThrow(/auth.clientId/);
    expect(() => oidcFile({ scopes: [] })).toThrow(/auth.scopes/);
    expect(() => oidcFile({ scopes: ['openid profile'] })).toThrow(/auth.scopes.0: must be one scope/);
    expect(() => oidcFile({ clientSecret: 'never' })).toThrow(/clientSecret/);
    expect(() => oidcFile({ authority: undefined })).toThrow(/auth.authority/);
  });

  it('points at the oidc mode when a real server has no token source', () => {
    expect(() => resolveRuntimeConfig({}, '?baseUrl=https://westeurope-1.cognitedata.com')).toThrow(/"mode": "oidc"/);
  });

  it('has no token provider outside the sign-in session', async () => {
    const auth = resolveRuntimeConfig(oidcFile(), '', PAGE).auth;
    await expect(createTokenProvider(auth, window)()).rejects.toThrow(/sign-in session has not started/);
  });
});

describe('parseConfigFile', () => {
  it('names what is wrong in a malformed file', () => {
    expect(() => parseConfigFile('{"baseUrl": ')).toThrow(/not valid JSON/);
    expect(() => parseConfigFile('{"baseUrl": "ftp://x"}')).toThrow(/baseUrl: must be an http\(s\) URL/);
    expect(() => parseConfigFile('{"auth": {"mode": "host", "allowedOrigins": ["*"]}}')).toThrow(/exact origin/);
    expect(() => parseConfigFile('{"tokne": "x"}')).toThrow(/tokne/);
  });
});

describe('loadConfigFile', () => {
  it('treats a missing file, or an SPA fallback page, as empty', async () => {
    await expect(loadConfigFile(() => Promise.resolve(new Response('', { status: 404 })))).resolves.toEqual({});
    await expect(loadConfigFile(() => Promise.resolve(new Response('<html>', { headers: { 'content-type': 'text/html' } })))).resolves.toEqual({});
  });
  it('parses a present file and fails clearly on a broken one', async () => {
    await expect(loadConfigFile(() => Promise.resolve(new Response('{"project": "x"}', { headers: { 'content-type': 'application/json' } })))).resolves.toEqual({
      project: 'x',
    });
    await expect(loadConfigFile(() => Promise.resolve(new Response('{oops', { headers: { 'content-type': 'application/json' } })))).rejects.toThrow(ConfigError);
    await expect(loadConfigFile(() => Promise.resolve(new Response('', { status: 500 })))).rejects.toThrow(/HTTP 500/);
  });
});

describe('createTokenProvider', () => {
  /** A fake embedding: the app's window (an EventTarget) and a parent that records postMessage calls. */
  function embedding() {
    const posted: Array<{ message: unknown; origin: string }> = [];
    const parent = { postMessage: vi.fn((message: unknown, origin: string) => posted.push({ message, origin })) } as unknown as Window;
    const self = Object.assign(new EventTarget(), { parent }) as unknown as Window;
    const deliver = (data: unknown, origin: string, source: unknown = parent) =>
      self.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
    return { self, parent, posted, deliver };
  }

  it('gives the static emulator token', async () => {
    await expect(createTokenProvider({ mode: 'emulator', token: 'dev-token' }, window)()).resolves.toBe('dev-token');
  });

  it('asks the host page and accepts only an answer from an allowed origin for its own request', async () => {
    const { self, posted, deliver } = embedding();
    const getToken = createTokenProvider({ mode: 'host', allowedOrigins: ['https://portal.test'], timeoutMs: 1000 }, self);
    const pending = getToken();
    expect(posted).toHaveLength(1);
    const request = posted[0]?.message as { type: string; requestId: string };
    expect(request.type).toBe('cdf-token-request');
    expect(posted[0]?.origin).toBe('https://portal.test');
    deliver({ type: 'cdf-token', requestId: request.requestId, token: 'evil' }, 'https://evil.test');
    deliver({ type: 'cdf-token', requestId: 'other', token: 'wrong-request' }, 'https://portal.test');
    deliver({ type: 'cdf-token', requestId: request.requestId, token: 'not-from-parent' }, 'https://portal.test', {});
    deliver({ type: 'cdf-token', requestId: request.requestId, token: 'good' }, 'https://portal.test');
    await expect(pending).resolves.toBe('good');
  });

  it('asks the host to refresh (a flag, never the token) when asked again after a rejected token', async () => {
    const { self, posted, deliver } = embedding();
    const getToken = createTokenProvider({ mode: 'host', allowedOrigins: ['https://portal.test'], timeoutMs: 1000 }, self);
    const first = getToken();
    const firstRequest = posted[0]?.message as { requestId: string };
    expect(posted[0]?.message).toEqual({ type: 'cdf-token-request', requestId: firstRequest.requestId });
    deliver({ type: 'cdf-token', requestId: firstRequest.requestId, token: 'cached-token' }, 'https://portal.test');
    await expect(first).resolves.toBe('cached-token');

    const again = getToken({ rejectedToken: 'cached-token' });
    const retryRequest = posted[1]?.message as { requestId: string };
    expect(posted[1]?.message).toEqual({ type: 'cdf-token-request', requestId: retryRequest.requestId, refresh: true });
    expect(JSON.stringify(posted[1]?.message)).not.toContain('cached-token');
    deliver({ type: 'cdf-token', requestId: retryRequest.requestId, token: 'fresh-token' }, 'https://portal.test');
    await expect(again).resolves.toBe('fresh-token');
  });

  it('rejects on the host error answer and on time-out', async () => {
    const { self, posted, deliver } = embedding();
    const getToken = createTokenProvider({ mode: 'host', allowedOrigins: ['https://portal.test'], timeoutMs: 50 }, self);
    const failing = getToken();
    const { requestId } = posted[0]?.message as { requestId: string };
    deliver({ type: 'cdf-token-error', requestId, message: 'user signed out' }, 'https://portal.test');
    await expect(failing).rejects.toThrow(/user signed out/);
    await expect(getToken()).rejects.toThrow(/did not answer the token request within 50 ms/);
  });

  it('fails clearly when host mode is configured but the app is not embedded', async () => {
    await expect(createTokenProvider({ mode: 'host', allowedOrigins: ['https://portal.test'], timeoutMs: 50 }, window)()).rejects.toThrow(/not embedded/);
  });
});

describe('ui config', () => {
  it('hides the image list with ui.fileList false or fileList=0, the parameter winning', () => {
    expect(resolveRuntimeConfig(parseConfigFile('{"ui": {"fileList": false}}'), '').ui).toEqual({ fileList: false });
    expect(resolveRuntimeConfig({}, '?fileList=0').ui).toEqual({ fileList: false });
    expect(resolveRuntimeConfig(parseConfigFile('{"ui": {"fileList": false}}'), '?fileList=1').ui).toEqual({ fileList: true });
  });

  it('rejects other values, naming them', () => {
    expect(() => resolveRuntimeConfig({}, '?fileList=no')).toThrow(/fileList parameter must be 0 .* or 1 .*"no"/);
    expect(() => parseConfigFile('{"ui": {"fileList": "no"}}')).toThrow(/ui\.fileList/);
    expect(() => parseConfigFile('{"ui": {"sidebar": false}}')).toThrow(/ui/);
  });
});

describe('annotation config', () => {
  it('takes labels and status from config.json', () => {
    const file = parseConfigFile('{"annotation": {"labels": ["pump", "valve"], "status": "suggested"}}');
    expect(resolveRuntimeConfig(file, '').annotation).toEqual({ labels: ['pump', 'valve'], status: 'suggested' });
  });

  it('lets the labels query parameter replace the configured labels, trimmed and deduplicated case-insensitively', () => {
    const file = parseConfigFile('{"annotation": {"labels": ["pump"], "status": "suggested"}}');
    expect(resolveRuntimeConfig(file, '?labels=tank,%20Valve%20,,valve').annotation).toEqual({ labels: ['tank', 'Valve'], status: 'suggested' });
  });

  it('rejects a labels parameter without labels or with a label longer than CDF allows', () => {
    expect(() => resolveRuntimeConfig({}, '?labels=,,')).toThrow(/names no label/);
    expect(() => resolveRuntimeConfig({}, `?labels=${'x'.repeat(200)}`)).toThrow(/200 characters; CDF allows at most 128/);
  });

  it('rejects a bad annotation section in config.json, naming the field', () => {
    expect(() => parseConfigFile('{"annotation": {"status": "done"}}')).toThrow(/annotation\.status/);
    expect(() => parseConfigFile('{"annotation": {"labels": [""]}}')).toThrow(/annotation\.labels\.0: a label cannot be empty/);
    expect(() => parseConfigFile('{"annotation": {"colour": "red"}}')).toThrow(/annotation/);
  });
});
