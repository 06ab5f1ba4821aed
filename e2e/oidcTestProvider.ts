/**
 * A real OpenID Connect provider for the sign-in browser test only (`oidc-provider`, a certified implementation, in
 * memory, on a free loopback port). It knows one public client, the app, with PKCE required, and signs in any login
 * through its development login and consent pages.
 *
 * The emulator accepts only its own token (EMULATOR_TOKEN), not JWTs from an issuer, so this provider hands out
 * exactly that string as the access token: a Koa middleware rewrites `access_token` in successful token responses.
 * Everything else (discovery, authorize, PKCE, state, the ID token with the user's name, the session cookie for the
 * silent `prompt=none` renewal) is the provider's own behaviour.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestOidcProvider {
  /** The issuer URL (`authority` in config.json). */
  readonly issuer: string;
  readonly clientId: string;
  /** How many token responses were sent (code exchanges and refreshes). */
  tokenResponses(): number;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** The app's redirect URI (its page), e.g. `http://127.0.0.1:5181/`. */
  redirectUri: string;
  /** The string to issue as access token (the emulator's token). */
  accessToken: string;
  /** Display names by login; any other login signs in with its login as name. */
  names?: Readonly<Record<string, string>>;
  /** Access token lifetime in seconds. */
  accessTokenTtlSeconds?: number;
}

export const TEST_CLIENT_ID = 'cdf-annotator-e2e';

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  let tokenResponses = 0;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx: unknown, id: string) => Promise.resolve({ accountId: id, claims: () => ({ sub: id, name: options.names?.[id] ?? id }) }),
    ttl: { AccessToken: options.accessTokenTtlSeconds ?? 3600, IdToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
    // Like Entra ID: the ID token itself carries the profile claims (the app does not call userinfo).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    // Plain http on loopback: the cookies cannot be Secure.
    cookies: { long: { secure: false, sameSite: 'lax' }, short: { secure: false, sameSite: 'lax' } },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && typeof ctx.body === 'object' && ctx.body !== null && 'access_token' in ctx.body) {
      tokenResponses += 1;
      ctx.body = { ...ctx.body, access_token: options.accessToken };
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId: TEST_CLIENT_ID,
    tokenResponses: () => tokenResponses,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
