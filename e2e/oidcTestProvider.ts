/**
 * A real OpenID Connect provider for the browser tests (`oidc-provider`, a certified implementation, in memory, on a
 * free loopback port). It knows one public client, the app, with PKCE required, and signs in any login through its
 * development login and consent pages.
 *
 * Two kinds of access token:
 *   - `accessToken` (signin.spec.ts, against the emulator's default development token): this exact string is handed
 *     out as the access token; a Koa middleware rewrites `access_token` in successful token responses.
 *   - `jwt` (tokens.spec.ts, against an emulator started with EMULATOR_OIDC_ISSUER): real JWT access tokens for one
 *     resource server (resource indicators, `accessTokenFormat: 'jwt'`), with the audience and a project claim the
 *     emulator checks. `jwt.serviceClients` are confidential clients that get such tokens with the client-credentials
 *     grant: the token service of a portal that embeds the app.
 * Everything else (discovery, JWKS, authorize, PKCE, state, the ID token with the user's name, the session cookie for
 * the silent `prompt=none` renewal) is the provider's own behaviour.
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

export interface JwtAccessTokens {
  /** The resource server's identifier and the tokens' `aud`. */
  audience: string;
  /** The scope the app asks for to get a token for the resource (like CDF's `user_impersonation`). */
  scope: string;
  /** The claim that lists the token's projects, and its value for signed-in users and for each service client. */
  projectClaim: string;
  userProjects: readonly string[];
  serviceClients?: ReadonlyArray<{ clientId: string; clientSecret: string; projects: readonly string[] }>;
  /** Lifetime of the service clients' tokens (client credentials); the app's own follow `accessTokenTtlSeconds`. */
  serviceTokenTtlSeconds?: number;
}

export interface TestOidcProviderOptions {
  /** The app's redirect URI (its page), e.g. `http://127.0.0.1:5181/`. */
  redirectUri: string;
  /** Either a fixed string to issue as access token (the emulator's development token) or real JWTs. */
  accessToken: string | JwtAccessTokens;
  /** Display names by login; any other login signs in with its login as name. */
  names?: Readonly<Record<string, string>>;
  /** Access token lifetime in seconds. */
  accessTokenTtlSeconds?: number;
}

/** The provider's configuration for JWT access tokens: one resource server, its audience, the project claim. */
function jwtConfiguration(jwt: JwtAccessTokens) {
  const projectsByClient = new Map((jwt.serviceClients ?? []).map((client) => [client.clientId, client.projects]));
  return {
    clients: (jwt.serviceClients ?? []).map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    })),
    resourceIndicators: {
      enabled: true,
      // The app (oidc-client-ts) sends no `resource`: every request is for the one resource server.
      defaultResource: () => jwt.audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: jwt.scope,
        audience: jwt.audience,
        accessTokenFormat: 'jwt',
        // Lifetimes come from `ttl` (AccessToken for the app, ClientCredentials for service clients).
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string; clientId?: string }) => ({
      [jwt.projectClaim]: token.accountId === undefined ? [...(projectsByClient.get(token.clientId ?? '') ?? [])] : [...jwt.userProjects],
    }),
  };
}

export const TEST_CLIENT_ID = 'cdf-annotator-e2e';

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  let tokenResponses = 0;
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
  const jwt = typeof options.accessToken === 'string' ? undefined : jwtConfiguration(options.accessToken);
  const serviceTokenTtlSeconds = typeof options.accessToken === 'string' ? accessTokenTtlSeconds : (options.accessToken.serviceTokenTtlSeconds ?? accessTokenTtlSeconds);

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
      ...(jwt?.clients ?? []),
    ],
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx: unknown, id: string) => Promise.resolve({ accountId: id, claims: () => ({ sub: id, name: options.names?.[id] ?? id }) }),
    ttl: { AccessToken: accessTokenTtlSeconds, ClientCredentials: serviceTokenTtlSeconds, IdToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
    // Like Entra ID: the ID token itself carries the profile claims (the app does not call userinfo).
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      ...(jwt === undefined ? {} : { resourceIndicators: jwt.resourceIndicators, clientCredentials: { enabled: true } }),
    },
    ...(jwt === undefined ? {} : { extraTokenClaims: jwt.extraTokenClaims }),
    // Plain http on loopback: the cookies cannot be Secure.
    cookies: { long: { secure: false, sameSite: 'lax' }, short: { secure: false, sameSite: 'lax' } },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && typeof ctx.body === 'object' && ctx.body !== null && 'access_token' in ctx.body) {
      tokenResponses += 1;
      if (typeof options.accessToken === 'string') ctx.body = { ...ctx.body, access_token: options.accessToken };
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
