/**
 * Where the bearer token comes from. The shape `() => Promise<string>` is the same as `@cognite/sdk`'s
 * `oidcTokenProvider`, so any host that can give the SDK a token can give the app one. The client calls the provider
 * before every request and once more after a 401, so providers should answer from their own cache (as MSAL's
 * `acquireTokenSilent` does) and refresh when asked again after a rejection.
 */
import { z } from 'zod';

export interface TokenRequest {
  /**
   * Set when the client asks again because CDF answered 401 to this token: a provider with its own cache should not
   * hand it out again but renew it (oidcSession does). Providers shaped like the SDK's ignore the argument.
   */
  readonly rejectedToken?: string;
}

export type TokenProvider = (request?: TokenRequest) => Promise<string>;

/** A fixed token: the local emulator's `dev-token`, or a developer's token for a quick test. Never a production path. */
export function staticTokenProvider(token: string): TokenProvider {
  return () => Promise.resolve(token);
}

/**
 * One renewal per rejected token. When a token expires, every request in flight (opening an image sends several at
 * once) gets a 401 and asks again with the same `rejectedToken`; a provider that renews on each of those asks (the host
 * page does) would mint a new token per request. This wrapper lets the concurrent asks share one renewal, and answers
 * a late ask for a token that has already been replaced with its replacement without asking at all.
 * (oidcSession does the same itself, so only the host provider needs the wrapper.)
 */
export function withSharedRenewal(provider: TokenProvider): TokenProvider {
  /** The newest token the provider gave on a renewal, and the token it replaced. */
  let renewed: { replaced: string; token: string } | undefined;
  let pending: { rejected: string; token: Promise<string> } | undefined;
  return async (request) => {
    const rejected = request?.rejectedToken;
    if (rejected === undefined) return provider(request);
    if (renewed?.replaced === rejected) return renewed.token;
    if (pending?.rejected === rejected) return pending.token;
    const token = provider(request);
    pending = { rejected, token };
    try {
      renewed = { replaced: rejected, token: await token };
      return renewed.token;
    } finally {
      if (pending.token === token) pending = undefined;
    }
  };
}

/**
 * The postMessage protocol between the app in an iframe and the page that embeds it:
 *
 *   app  → parent: `{ type: 'cdf-token-request', requestId: string, refresh?: true }` (posted to each allowed origin)
 *   parent → app:  `{ type: 'cdf-token', requestId, token: string }`
 *            or    `{ type: 'cdf-token-error', requestId, message: string }`
 *
 * The app accepts an answer only from `window.parent` and only from an origin listed in config.json
 * (`auth.allowedOrigins`), and only for a request it sent. The parent should answer from its token cache, except when
 * the request has `refresh: true`: the app asks again because CDF answered 401 to the last token, so the parent should
 * renew it rather than hand out the cached one. The flag is all the parent learns; the rejected token is never posted.
 */
export const TOKEN_REQUEST_TYPE = 'cdf-token-request';
export const TOKEN_RESPONSE_TYPE = 'cdf-token';
export const TOKEN_ERROR_TYPE = 'cdf-token-error';

const hostAnswerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(TOKEN_RESPONSE_TYPE), requestId: z.string(), token: z.string().min(1) }),
  z.object({ type: z.literal(TOKEN_ERROR_TYPE), requestId: z.string(), message: z.string() }),
]);

export interface HostTokenProviderOptions {
  /** The app's own window (listens for answers). */
  selfWindow: Window;
  /** The embedding page, normally `window.parent`. */
  hostWindow: Window;
  /** Exact origins (`https://portal.example.com`) allowed to answer; never `*`. */
  allowedOrigins: readonly string[];
  /** How long to wait for the host before failing the request. */
  timeoutMs: number;
}

export function hostTokenProvider(options: HostTokenProviderOptions): TokenProvider {
  const { selfWindow, hostWindow, allowedOrigins, timeoutMs } = options;
  let requestCounter = 0;
  return (request) =>
    new Promise<string>((resolve, reject) => {
      requestCounter += 1;
      const refresh = request?.rejectedToken !== undefined;
      const requestId = `${Date.now().toString(36)}-${requestCounter}`;
      const onMessage = (event: MessageEvent) => {
        if (event.source !== hostWindow || !allowedOrigins.includes(event.origin)) return;
        const parsed = hostAnswerSchema.safeParse(event.data);
        if (!parsed.success || parsed.data.requestId !== requestId) return;
        cleanUp();
        if (parsed.data.type === TOKEN_RESPONSE_TYPE) resolve(parsed.data.token);
        else reject(new Error(`The host page could not provide a token: ${parsed.data.message}`));
      };
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`The host page did not answer the token request within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanUp = () => {
        clearTimeout(timer);
        selfWindow.removeEventListener('message', onMessage);
      };
      selfWindow.addEventListener('message', onMessage);
      // postMessage with an exact target origin drops the message when the parent is on another origin, so only an
      // allowed parent ever sees the request.
      for (const origin of allowedOrigins) hostWindow.postMessage(refresh ? { type: TOKEN_REQUEST_TYPE, requestId, refresh: true } : { type: TOKEN_REQUEST_TYPE, requestId }, origin);
    });
}
