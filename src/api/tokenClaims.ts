/**
 * Who is saving: `creatingUser` of an annotation comes from the access token's claims (CDF-API.md §4.1: 1..255
 * characters, `null` = created by a service). The payload is decoded, never verified: the token is only read for a
 * display name that CDF itself will not check, and the signature is CDF's business when the token is sent.
 */

/** Claims tried in order: Entra ID puts the sign-in name in `upn` or `preferred_username`; most providers use `email`. */
const USER_CLAIMS = ['email', 'upn', 'preferred_username'] as const;
/** CDF's limit for `creatingUser` (schema `User`, maxLength 255). */
const MAX_CREATING_USER_LENGTH = 255;

/**
 * The user named by a JWT access token (`email`, else `upn`, else `preferred_username`), or null when the token is not
 * a JWT (the emulator's `dev-token`), its payload is unreadable, or none of those claims is a non-empty string.
 */
export function creatingUserFromToken(token: string): string | null {
  const claims = decodeJwtPayload(token);
  if (claims === null) return null;
  for (const claim of USER_CLAIMS) {
    const value = claims[claim];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, MAX_CREATING_USER_LENGTH);
  }
  return null;
}

/** The JSON payload of a compact JWS (`header.payload.signature`), or null when the token is not one. */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const payload = parts[1];
  if (payload === undefined || !/^[A-Za-z0-9_-]+={0,2}$/.test(payload)) return null;
  let json: unknown;
  try {
    json = JSON.parse(base64UrlDecodeUtf8(payload));
  } catch {
    // Not base64url JSON: a token that merely contains two dots is not a JWT, and has no user to read.
    return null;
  }
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
}

function base64UrlDecodeUtf8(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  // fatal: a payload that is not UTF-8 throws, and the caller treats it as "no JWT".
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
