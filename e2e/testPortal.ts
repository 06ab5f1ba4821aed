/**
 * A small portal for the token browser tests, on its own loopback origin: a page that embeds the app in an iframe and
 * answers its `cdf-token-request` messages (the wire format in src/api/tokenProviders.ts), and a token service behind
 * it that gets JWT access tokens from the test OpenID provider with the client-credentials grant and caches one.
 * As the app asks hosts to: the cached token is handed out until the app asks with `refresh: true` (CDF answered
 * 401 to it), and only then is a new one fetched. Its counters tell the test how often the app asked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestPortalOptions {
  /** The app URL the iframe opens; its origin is the only one the page answers. */
  appUrl: string;
  /** The provider's token endpoint and the confidential client the portal uses. */
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export interface TestPortal {
  /** The portal page, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  readonly origin: string;
  /** Every token the portal handed out, newest last. */
  issuedTokens(): readonly string[];
  /** Token requests from the app: all of them, and those with `refresh: true`. */
  requests(): { all: number; refresh: number };
  close(): Promise<void>;
}

function portalPage(appUrl: string): string {
  const appOrigin = new URL(appUrl).origin;
  // The page's script answers only its own iframe on the app's origin, and posts only to that origin.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test portal</title>
<style>body{margin:0;font:14px sans-serif} header{padding:4px 8px;background:#234;color:#fff} iframe{border:0;width:100vw;height:calc(100vh - 28px)}</style>
</head><body>
<header>Test portal (host page on its own origin)</header>
<iframe id="annotator" title="Annotator" src=${JSON.stringify(appUrl)}></iframe>
<script>
const appOrigin = ${JSON.stringify(appOrigin)};
const frame = document.getElementById('annotator');
window.addEventListener('message', async (event) => {
  if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
  const request = event.data;
  if (typeof request !== 'object' || request === null || request.type !== 'cdf-token-request' || typeof request.requestId !== 'string') return;
  let answer;
  try {
    const response = await fetch(request.refresh === true ? '/token?refresh=1' : '/token', { method: 'POST' });
    if (!response.ok) throw new Error('token service answered ' + response.status);
    answer = { type: 'cdf-token', requestId: request.requestId, token: (await response.json()).token };
  } catch (error) {
    answer = { type: 'cdf-token-error', requestId: request.requestId, message: String(error) };
  }
  frame.contentWindow.postMessage(answer, appOrigin);
});
</script>
</body></html>`;
}

export async function startTestPortal(options: TestPortalOptions): Promise<TestPortal> {
  const issued: string[] = [];
  let all = 0;
  let refresh = 0;

  async function newToken(): Promise<string> {
    const response = await fetch(options.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: options.scope }),
    });
    if (!response.ok) throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
    const { access_token: token } = (await response.json()) as { access_token: string };
    issued.push(token);
    return token;
  }

  // Concurrent requests share one fetch, as a token cache (MSAL, oidc-client-ts) does.
  let pending: Promise<string> | undefined;
  function sharedNewToken(): Promise<string> {
    pending ??= newToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://portal.invalid');
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(portalPage(options.appUrl));
      return;
    }
    if (request.method === 'POST' && url.pathname === '/token') {
      all += 1;
      const renew = url.searchParams.get('refresh') === '1';
      if (renew) refresh += 1;
      const cached = issued.at(-1);
      const token = renew || cached === undefined ? await sharedNewToken() : cached;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      return;
    }
    response.writeHead(404).end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    issuedTokens: () => issued,
    requests: () => ({ all, refresh }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
