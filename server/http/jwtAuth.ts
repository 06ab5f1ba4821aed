/**
 * JWT access tokens from an OpenID provider (config `oidc`, env EMULATOR_OIDC_*), checked as CDF checks them: the
 * signature against the issuer's published keys, expiry, issuer, audience, and that the token grants the project
 * asked for. The keys come from the provider's discovery document (`jwks_uri`) through jose's remote key set, which
 * caches them and refetches when a token names a key it has not seen (the provider rotated its keys).
 *
 * Outcomes: 401 for a token that is missing, malformed, badly signed, expired, or for another issuer or audience
 * (the client should get a new token); 403 for a good token that does not grant the project (a new token will not
 * help); 503 when the provider's documents cannot be fetched (neither the token's fault nor fixed by a new one).
 * CDF-API.md §5.1: a CDF project accepts tokens from its own identity provider; the project claim stands in for the
 * group lookup real CDF does.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { OidcSettings } from '../config';
import { CdfHttpError } from './errors';

/** What a verified token grants. */
export interface VerifiedToken {
  /** The projects named by the project claim; empty when the claim is absent. */
  readonly projects: readonly string[];
}

export interface JwtVerifier {
  /** Resolves with what the token grants, or rejects with the CdfHttpError (401/503) to answer. */
  verify(token: string): Promise<VerifiedToken>;
}

export interface JwtVerifierDependencies {
  /** Clock in ms since the epoch, for `exp`/`nbf` (the emulator's clock, fake in some tests). */
  now: () => number;
}

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url({ protocol: /^https?$/ }) });

/** Algorithms whose keys a JWKS can publish: asymmetric only, so no shared secret can ever verify a token. */
const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** How long to wait for the discovery document and the key set. */
const FETCH_TIMEOUT_MS = 5_000;

function unavailable(message: string, cause: unknown): CdfHttpError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CdfHttpError(503, `Cannot verify tokens now: ${message} (${reason})`, { headers: { 'Retry-After': '5' } }, { cause });
}

function unauthorized(reason: string, cause?: unknown): CdfHttpError {
  return new CdfHttpError(401, `Unauthorized: ${reason}`, {}, cause === undefined ? undefined : { cause });
}

/** The project claim as a list: a single string or an array of strings; anything else grants nothing. */
export function projectsOf(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** The issuer's key set could not be fetched or read: not the token's fault. */
class KeySetUnavailable extends Error {
  override name = 'KeySetUnavailable';
}

/**
 * The remote key set, with its failures sorted: a token naming a key the set does not have is the token's problem;
 * anything else (network error, timeout, a non-200 answer, a body that is not a key set) is the issuer's.
 */
function sortingKeyFailures(keys: ReturnType<typeof createRemoteJWKSet>, issuer: string): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable(`the key set of ${issuer} could not be fetched`, { cause: error });
    }
  };
}

/** A failure while verifying → the CDF error a client should see; anything unexpected is rethrown (a 500, a bug). */
function describeVerificationError(error: unknown, settings: OidcSettings): CdfHttpError {
  if (error instanceof KeySetUnavailable) {
    return unavailable(error.message, error.cause);
  }
  if (error instanceof errors.JWTExpired) return unauthorized('the access token has expired', error);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return unauthorized(`the access token is not for audience "${settings.audience}"`, error);
    if (error.claim === 'iss') return unauthorized(`the access token was not issued by ${settings.issuer}`, error);
    return unauthorized(`the access token's "${error.claim}" claim is not acceptable (${error.reason})`, error);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return unauthorized(`the access token's signature does not match a key of ${settings.issuer}`, error);
  }
  // Malformed tokens, unsupported or disallowed algorithms, a missing `exp`.
  if (error instanceof errors.JOSEError) return unauthorized('the access token is not a valid JWT', error);
  throw error;
}

export function createJwtVerifier(settings: OidcSettings, dependencies: JwtVerifierDependencies): JwtVerifier {
  const timeoutMs = FETCH_TIMEOUT_MS;
  let keySet: Promise<JWTVerifyGetKey> | undefined;

  async function discoverKeySet(): Promise<JWTVerifyGetKey> {
    const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
      body = await response.json();
    } catch (error) {
      throw unavailable(`the discovery document of ${settings.issuer} could not be fetched`, error);
    }
    const parsed = discoverySchema.safeParse(body);
    if (!parsed.success) throw unavailable(`the discovery document at ${url} has no valid jwks_uri`, parsed.error);
    // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
    if (parsed.data.issuer !== settings.issuer) {
      throw unavailable(`the discovery document at ${url} names issuer "${parsed.data.issuer}"`, new Error('issuer mismatch'));
    }
    return sortingKeyFailures(createRemoteJWKSet(new URL(parsed.data.jwks_uri), { timeoutDuration: timeoutMs }), settings.issuer);
  }

  return {
    async verify(token) {
      // Something that is not a JWS at all is the token's fault whatever the issuer's state: a 401 at once, not a
      // 503 because discovery happens to be failing.
      try {
        decodeProtectedHeader(token);
      } catch (error) {
        throw unauthorized('the access token is not a valid JWT', error);
      }
      // One discovery shared by concurrent requests; a failed one is forgotten so the next request tries again.
      keySet ??= discoverKeySet().catch((error: unknown) => {
        keySet = undefined;
        throw error;
      });
      const keys = await keySet;
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: ALLOWED_ALGORITHMS,
          requiredClaims: ['exp'],
          currentDate: new Date(dependencies.now()),
        });
        return { projects: projectsOf(payload, settings.projectClaim) };
      } catch (error) {
        throw describeVerificationError(error, settings);
      }
    },
  };
}
