import { describe, expect, it } from 'vitest';
import { creatingUserFromToken, decodeJwtPayload } from './tokenClaims';

/** An unsigned-looking JWT with the given payload (the signature part is never checked). */
function jwt(payload: unknown): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}.c2lnbmF0dXJl`;
}

describe('creatingUserFromToken', () => {
  it('prefers email, then upn, then preferred_username', () => {
    expect(creatingUserFromToken(jwt({ email: 'jane@corp.com', upn: 'jane@tenant.onmicrosoft.com', preferred_username: 'jane' }))).toBe('jane@corp.com');
    expect(creatingUserFromToken(jwt({ upn: 'jane@tenant.onmicrosoft.com', preferred_username: 'jane' }))).toBe('jane@tenant.onmicrosoft.com');
    expect(creatingUserFromToken(jwt({ preferred_username: 'jane' }))).toBe('jane');
  });

  it('skips empty or non-string claims', () => {
    expect(creatingUserFromToken(jwt({ email: '', upn: 42, preferred_username: 'jo' }))).toBe('jo');
  });

  it('is null for a token without a user claim (a service principal)', () => {
    expect(creatingUserFromToken(jwt({ sub: 'app-id', oid: '123' }))).toBeNull();
  });

  it('is null for a token that is not a JWT', () => {
    expect(creatingUserFromToken('dev-token')).toBeNull();
    expect(creatingUserFromToken('a.b.c')).toBeNull();
    expect(creatingUserFromToken('')).toBeNull();
    expect(creatingUserFromToken(`x.${Buffer.from('[1,2]').toString('base64url')}.y`)).toBeNull();
  });

  it('reads non-ASCII names (UTF-8 payload) and caps at 255 characters', () => {
    expect(creatingUserFromToken(jwt({ email: 'øystein@corp.no' }))).toBe('øystein@corp.no');
    expect(creatingUserFromToken(jwt({ email: `${'a'.repeat(300)}@x` }))).toHaveLength(255);
  });
});

describe('decodeJwtPayload', () => {
  it('decodes padded and unpadded base64url payloads', () => {
    expect(decodeJwtPayload(jwt({ a: 1 }))).toEqual({ a: 1 });
    const padded = `h.${Buffer.from('{"ab":1}').toString('base64')}.s`;
    expect(decodeJwtPayload(padded)).toEqual({ ab: 1 });
  });
});
