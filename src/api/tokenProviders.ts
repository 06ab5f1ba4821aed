/**
 * Where the bearer token comes from. The shape `() => Promise<string>` is the same as `@cognite/sdk`'s
 * `oidcTokenProvider`, so any host that can give the SDK a token can give the app one. The client calls the provider
 * before every request and once more after a 401, so providers should answer from their own cache (as MSAL's
 * `acquireTokenSilent` does) and refresh when asked again after a rejection.
 */
import { TOKEN_ERROR_TYPE, TOKEN_REQUEST_TYPE, TOKEN_RESPONSE_TYPE, type HostChannel } from '../lib/hostProtocol';

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
 * Tokens from the page that embeds the app (host protocol, lib/hostProtocol.ts):
 *
 *   app  → parent: `{ type: 'cdf-token-request', requestId: string, refresh?: true }`
 *   parent → app:  `{ type: 'cdf-token', requestId, token: string }`
 *            or    `{ type: 'cdf-token-error', requestId, message: string }`
 *
 * The channel accepts only messages from `window.parent` on an allowed origin (config.json's `auth.allowedOrigins`)
 * and posts only to those origins; this provider takes only the answer to a request it sent. The parent should answer
 * from its token cache, except when the request has `refresh: true`: the app asks again because CDF answered 401 to
 * the last token, so the parent should renew it rather than hand out the cached one. The flag is all the parent
 * learns; the rejected token is never posted.
 */
export interface HostTokenProviderOptions {
  /** The channel to the embedding page (shared with the other host messages). */
  channel: HostChannel;
  /** How long to wait for the host before failing the request. */
  timeoutMs: number;
}

export function hostTokenProvider({ channel, timeoutMs }: HostTokenProviderOptions): TokenProvider {
  let requestCounter = 0;
  return (request) =>
    new Promise<string>((resolve, reject) => {
      requestCounter += 1;
      const refresh = request?.rejectedToken !== undefined;
      const requestId = `${Date.now().toString(36)}-${requestCounter}`;
      const unsubscribe = channel.subscribe((message) => {
        if ((message.type !== TOKEN_RESPONSE_TYPE && message.type !== TOKEN_ERROR_TYPE) || message.requestId !== requestId) return;
        cleanUp();
        if (message.type === TOKEN_RESPONSE_TYPE) resolve(message.token);
        else reject(new Error(`The host page could not provide a token: ${message.message}`));
      });
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`The host page did not answer the token request within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanUp = () => {
        clearTimeout(timer);
        unsubscribe();
      };
      // postMessage with an exact target origin drops the message when the parent is on another origin, so only an
      // allowed parent ever sees the request.
      channel.post(refresh ? { type: TOKEN_REQUEST_TYPE, requestId, refresh: true } : { type: TOKEN_REQUEST_TYPE, requestId });
    });
}
