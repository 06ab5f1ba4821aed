/**
 * JWT verification (config `oidc`) against a real emulator on port 0 and a local issuer whose key set is served on
 * loopback (testing/testIssuer.ts): every way a token can be wrong gets the CDF error body a client can act on.
 */
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCdfError } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';
import { startTestIssuer, type TestIssuer } from '../testing/testIssuer';

const CLAIM = 'cdf_projects';
let issuer: TestIssuer;
let emulator: StartedEmulator;
/** The emulator's clock; tests move it to expire tokens without waiting. */
let clockMs = Date.now();

beforeAll(async () => {
  issuer = await startTestIssuer();
  emulator = await startEmulator({ oidc: { issuer: issuer.issuer, audience: issuer.audience, projectClaim: CLAIM }, now: () => clockMs });
});
afterAll(async () => {
  await emulator.close();
  await issuer.close();
});

async function listFiles(token: string | null, project = 'demo'): Promise<Response> {
  return emulator.request('POST', `/api/v1/projects/${project}/files/list`, { body: { limit: 1 }, token });
}

async function expectCdfError(response: Response, status: number, messagePattern: RegExp): Promise<string> {
  expect(response.status).toBe(status);
  const body: unknown = await response.json();
  assertCdfError(body);
  const { message } = (body as { error: { message: string } }).error;
  expect(message).toMatch(messagePattern);
  return message;
}

describe('JWT access tokens', () => {
  it('accepts a valid token whose project claim includes the project', async () => {
    const response = await listFiles(await issuer.sign({ [CLAIM]: ['other', 'demo'] }));
    expect(response.status).toBe(200);
    // A single string names one project.
    expect((await listFiles(await issuer.sign({ [CLAIM]: 'demo' }))).status).toBe(200);
  });

  it('refuses an expired token with 401', async () => {
    await expectCdfError(await listFiles(await issuer.sign({ [CLAIM]: ['demo'] }, { expiresInSeconds: -5 })), 401, /expired/);
  });

  it('refuses a token once the clock passes its expiry', async () => {
    const token = await issuer.sign({ [CLAIM]: ['demo'] }, { expiresInSeconds: 60, nowSeconds: Math.floor(clockMs / 1000) });
    expect((await listFiles(token)).status).toBe(200);
    const before = clockMs;
    clockMs += 61_000;
    try {
      await expectCdfError(await listFiles(token), 401, /expired/);
    } finally {
      clockMs = before;
    }
  });

  it('refuses a token for another audience or from another issuer with 401', async () => {
    await expectCdfError(await listFiles(await issuer.sign({ [CLAIM]: ['demo'] }, { audience: 'https://elsewhere.test' })), 401, /audience "https:\/\/emulator\.test"/);
    await expectCdfError(await listFiles(await issuer.sign({ [CLAIM]: ['demo'] }, { issuer: 'https://evil.test' })), 401, /not issued by/);
  });

  it('refuses a token with a forged signature with 401', async () => {
    await expectCdfError(await listFiles(await issuer.sign({ [CLAIM]: ['demo'] }, { forged: true })), 401, /signature/);
  });

  it('refuses malformed and unsigned tokens with 401', async () => {
    for (const token of ['not-a-jwt', 'a.b.c', 'eyJhbGciOiJSUzI1NiJ9.e30.', new UnsecuredJWT({ [CLAIM]: ['demo'] }).setIssuer(issuer.issuer).setAudience(issuer.audience).setExpirationTime('5m').encode()]) {
      await expectCdfError(await listFiles(token), 401, /Unauthorized/);
    }
  });

  it('refuses hostile tokens with 401, never a 5xx', async () => {
    const valid = await issuer.sign({ [CLAIM]: ['demo'] });
    const [header = '', payload = ''] = valid.split('.');
    // Algorithm confusion: HS256 with a secret instead of the issuer's RSA key.
    const symmetric = await new SignJWT({ [CLAIM]: ['demo'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    const noExpiry = await new SignJWT({ [CLAIM]: ['demo'] }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('another secret of thirty-two bytes'));
    for (const token of [symmetric, noExpiry, `${header}.${payload}.`, `${header}.${payload}`, `${valid}x`, 'x'.repeat(8000), '..', `${header}.e30.${valid.split('.')[2] ?? ''}`]) {
      await expectCdfError(await listFiles(token), 401, /Unauthorized/);
    }
  });

  it('refuses the development token when an issuer is configured', async () => {
    await expectCdfError(await listFiles('dev-token'), 401, /not a valid JWT/);
    await expectCdfError(await listFiles(null), 401, /missing Authorization/);
  });

  it('refuses a valid token for another project with 403 naming the project and the claim', async () => {
    const message = await expectCdfError(await listFiles(await issuer.sign({ [CLAIM]: ['other'] })), 403, /project "demo"/);
    expect(message).toContain(`"${CLAIM}" claim lists "other"`);
    await expectCdfError(await listFiles(await issuer.sign({})), 403, /lists no project/);
    // A project this emulator does not serve is refused whatever the token grants.
    await expectCdfError(await listFiles(await issuer.sign({ [CLAIM]: ['demo', 'other'] }), 'other'), 403, /this emulator serves project "demo"/);
  });

  it('lets a valid token use the test controls, which belong to no project', async () => {
    const response = await emulator.request('POST', '/_emulator/reset', { token: await issuer.sign({}) });
    expect(response.status).toBe(200);
  });

  it('fetches the key set once for many tokens', async () => {
    const fetchesBefore = issuer.jwksFetches();
    for (let index = 0; index < 5; index += 1) expect((await listFiles(await issuer.sign({ [CLAIM]: ['demo'] }))).status).toBe(200);
    expect(issuer.jwksFetches()).toBe(fetchesBefore);
  });
});

describe('an issuer that cannot be reached', () => {
  it('answers 503, not 401: a new token would not help', async () => {
    const gone = await startTestIssuer();
    await gone.close();
    const orphan = await startEmulator({ oidc: { issuer: gone.issuer, audience: gone.audience, projectClaim: CLAIM } });
    try {
      const response = await orphan.request('POST', '/files/list', { body: {}, token: await gone.sign({ [CLAIM]: ['demo'] }) });
      await expectCdfError(response, 503, /discovery document/);
      expect(response.headers.get('retry-after')).toBe('5');
      // Something that is not a JWT is the token's fault whatever the issuer's state.
      await expectCdfError(await orphan.request('POST', '/files/list', { body: {}, token: 'dev-token' }), 401, /not a valid JWT/);
    } finally {
      await orphan.close();
    }
  });

  it('answers 503 while the key set fails, and verifies again once it is back', async () => {
    const troubled = await startTestIssuer();
    const emulatorOfTroubled = await startEmulator({ oidc: { issuer: troubled.issuer, audience: troubled.audience, projectClaim: CLAIM } });
    try {
      const token = await troubled.sign({ [CLAIM]: ['demo'] });
      troubled.setJwksFailing(true);
      await expectCdfError(await emulatorOfTroubled.request('POST', '/files/list', { body: {}, token }), 503, /key set of .* could not be fetched \(Expected 200 OK/);
      troubled.setJwksFailing(false);
      expect((await emulatorOfTroubled.request('POST', '/files/list', { body: {}, token })).status).toBe(200);
    } finally {
      await emulatorOfTroubled.close();
      await troubled.close();
    }
  });
});
