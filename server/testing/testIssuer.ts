/**
 * A minimal token issuer for the emulator's JWT tests: an RSA key pair made with jose, its public half served as a
 * JWKS on a loopback port behind a discovery document, and a `sign` that issues access tokens with any claims. A
 * second, unpublished key pair (same `kid`) forges tokens whose signature must fail.
 *
 *   const issuer = await startTestIssuer();
 *   const emulator = await startEmulator({ oidc: { issuer: issuer.issuer, audience: AUDIENCE, projectClaim: 'cdf_projects' } });
 *   await emulator.request('POST', '/files/list', { token: await issuer.sign({ cdf_projects: ['demo'] }) });
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';

export interface SignOptions {
  /** Seconds from `nowSeconds` until `exp`; negative for a token that has already expired. */
  expiresInSeconds?: number;
  audience?: string;
  issuer?: string;
  /** Sign with the unpublished key: a forged signature. */
  forged?: boolean;
  /** `iat` and the base of `exp`, in seconds since the epoch. */
  nowSeconds?: number;
}

export interface TestIssuer {
  readonly issuer: string;
  readonly audience: string;
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
  /** How many times the key set was fetched. */
  jwksFetches(): number;
  /** While true, the key set URL answers 500 (an issuer having trouble). */
  setJwksFailing(failing: boolean): void;
  close(): Promise<void>;
}

const KEY_ID = 'test-key-1';
export const TEST_AUDIENCE = 'https://emulator.test';

export async function startTestIssuer(): Promise<TestIssuer> {
  const published = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(published.publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' }] };
  let jwksFetches = 0;
  let jwksFailing = false;

  const server = createServer((request, response) => {
    const send = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/.well-known/openid-configuration') {
      send({ issuer, jwks_uri: `${issuer}/jwks` });
    } else if (request.url === '/jwks') {
      jwksFetches += 1;
      if (jwksFailing) response.writeHead(500).end();
      else send(jwks);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    audience: TEST_AUDIENCE,
    async sign(claims, options = {}) {
      const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
      const key: CryptoKey = options.forged ? forger.privateKey : published.privateKey;
      return new SignJWT({ sub: 'tester', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'at+jwt' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? TEST_AUDIENCE)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + (options.expiresInSeconds ?? 300))
        .sign(key);
    },
    jwksFetches: () => jwksFetches,
    setJwksFailing: (failing) => {
      jwksFailing = failing;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
