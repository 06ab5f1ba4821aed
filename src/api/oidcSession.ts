/**
 * Standalone sign-in for a browser tab: OpenID Connect authorization code flow with PKCE through `oidc-client-ts`.
 * This module is loaded on demand (a dynamic import in app/Root.tsx) only when config.json says `auth.mode: "oidc"`,
 * so the emulator and iframe set-ups do not pay for it.
 *
 * Where things are kept:
 *   - tokens (the signed-in `User`): in memory only (`InMemoryWebStorage`). Never localStorage, not even
 *     sessionStorage: a script injected into the page cannot read them back from storage, and they are gone when the
 *     tab closes. The cost: a reload forgets them, so the app signs in again: first silently (a hidden iframe with
 *     `prompt=none`, which works while the provider's session cookie is usable), else the user presses "Sign in".
 *   - the pending request (`state`, PKCE `code_verifier`, the URL to come back to): sessionStorage, because it must
 *     survive the redirect to the provider and back. It holds no token, is read once by the callback and removed.
 *
 * Renewal: `automaticSilentRenew` renews a minute before the access token expires (with the refresh token when the
 * provider gave one, e.g. Entra with `offline_access`; else the hidden iframe). The token provider also renews when
 * the token has expired and when CDF rejected it with 401 (`TokenRequest.rejectedToken`). When renewal fails the
 * session says "signed-out / expired" and the UI offers "Sign in" again.
 */
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { TokenProvider, TokenRequest } from './tokenProviders';

export interface OidcSessionSettings {
  authority: string;
  clientId: string;
  scopes: readonly string[];
  /** Absolute, on the app's origin; also the silent-renew iframe's redirect. */
  redirectUri: string;
}

/** The part of an oidc-client-ts `User` the session reads. */
export interface OidcUser {
  readonly access_token: string;
  /** Seconds until the access token expires; undefined when the provider did not say. */
  readonly expires_in?: number | undefined;
  readonly profile: { readonly sub: string; readonly name?: unknown; readonly preferred_username?: unknown; readonly email?: unknown };
  /** What `signinRedirect({ state })` carried through the round trip. */
  readonly state?: unknown;
}

/** The part of oidc-client-ts's `UserManager` the session uses; unit tests pass a fake. */
export interface UserManagerLike {
  getUser(): Promise<OidcUser | null>;
  signinRedirect(args: { state: ReturnState }): Promise<void>;
  signinRedirectCallback(url: string): Promise<OidcUser>;
  signinSilent(args?: { silentRequestTimeoutInSeconds?: number }): Promise<OidcUser | null>;
  clearStaleState(): Promise<void>;
  readonly events: {
    addUserLoaded(callback: (user: OidcUser) => void): () => void;
    addSilentRenewError(callback: (error: Error) => void): () => void;
  };
}

export interface ReturnState {
  /** Path, query and fragment of the page the sign-in started from (keeps `fileId`/`fileExternalId`). */
  readonly returnTo: string;
}

export type SignInStatus =
  /** Finishing a redirect or trying a silent sign-in. */
  | { readonly state: 'starting' }
  /** Leaving for the provider's sign-in page. */
  | { readonly state: 'redirecting' }
  | { readonly state: 'signed-in'; readonly userName: string }
  /**
   * `needed`: never signed in (this page load). `expired`: was signed in, renewal failed. `error` explains a failed
   * callback or redirect; a silent attempt that simply found no session is not an error.
   */
  | { readonly state: 'signed-out'; readonly reason: 'needed' | 'expired'; readonly error?: Error };

/** A token was needed but the user must sign in (again) first. */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';
}

/** Its functions do not use `this`: they can be passed around (to `useSyncExternalStore`, the client, onClick). */
export interface OidcSession {
  readonly getStatus: () => SignInStatus;
  /** For `useSyncExternalStore`. */
  readonly subscribe: (listener: () => void) => () => void;
  /** Plug into the CDF client. */
  readonly getToken: TokenProvider;
  /** Sends the browser to the provider; comes back to the current page (its query string included). */
  readonly signIn: () => Promise<void>;
  /**
   * Finishes a redirect sign-in when the page is the provider's answer (and puts the original URL back), then, if no
   * one is signed in, starts a silent sign-in in the background. Resolves when the URL is final.
   */
  readonly start: () => Promise<void>;
}

export interface OidcSessionOptions {
  userManager: UserManagerLike;
  redirectUri: string;
  /** The page's location and history (injected for tests). */
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState'>;
  /** A token that expires within this many seconds is renewed before use. */
  minValiditySeconds?: number;
}

const DEFAULT_MIN_VALIDITY_SECONDS = 30;
/** The silent attempt at page load holds up the sign-in screen, so it gives up sooner than a renewal (10 s). */
const STARTUP_SILENT_TIMEOUT_SECONDS = 5;

/** True when `url` is the provider's answer to a sign-in request (code or error, with state) at the redirect URI. */
export function isAuthorizationResponse(url: string, redirectUri: string): boolean {
  const page = new URL(url);
  const redirect = new URL(redirectUri);
  if (page.origin !== redirect.origin || page.pathname !== redirect.pathname) return false;
  const params = page.searchParams;
  return params.has('state') && (params.has('code') || params.has('error'));
}

/** A user's display name: `name`, else `preferred_username`, else `email`, else the subject. */
export function displayName(user: OidcUser): string {
  for (const claim of [user.profile.name, user.profile.preferred_username, user.profile.email]) {
    if (typeof claim === 'string' && claim.trim() !== '') return claim;
  }
  return user.profile.sub;
}

/** A same-origin path to return to, or undefined when `state` does not hold a safe one. */
function returnPathOf(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null || !('returnTo' in state)) return undefined;
  const returnTo = state.returnTo;
  // A path on this origin only: "/x?y#z", never "//evil.example" or "https://…".
  return typeof returnTo === 'string' && /^\/(?![/\\])/.test(returnTo) ? returnTo : undefined;
}

function describeSignInError(cause: unknown): Error {
  if (cause instanceof Error) {
    const withCode = cause as Error & { error?: unknown; error_description?: unknown };
    if (typeof withCode.error === 'string') {
      const description = typeof withCode.error_description === 'string' && withCode.error_description !== '' ? `: ${withCode.error_description}` : '';
      return new Error(`The identity provider answered "${withCode.error}"${description}`, { cause });
    }
    return cause;
  }
  return new Error(String(cause));
}

export function createOidcSession(options: OidcSessionOptions): OidcSession {
  const { userManager, redirectUri, location, history } = options;
  const minValiditySeconds = options.minValiditySeconds ?? DEFAULT_MIN_VALIDITY_SECONDS;
  let status: SignInStatus = { state: 'starting' };
  const listeners = new Set<() => void>();
  let renewal: Promise<OidcUser> | undefined;

  function setStatus(next: SignInStatus): void {
    status = next;
    for (const listener of listeners) listener();
  }

  function signedOut(error?: Error): SignInStatus {
    const reason = status.state === 'signed-in' || (status.state === 'signed-out' && status.reason === 'expired') ? 'expired' : 'needed';
    return error === undefined ? { state: 'signed-out', reason } : { state: 'signed-out', reason, error };
  }

  // Renewals done by oidc-client-ts itself (automaticSilentRenew) and their failures.
  userManager.events.addUserLoaded((user) => setStatus({ state: 'signed-in', userName: displayName(user) }));
  userManager.events.addSilentRenewError((error) => {
    if (status.state === 'signed-in') setStatus(signedOut(describeSignInError(error)));
  });

  const isFresh = (user: OidcUser | null): user is OidcUser =>
    user !== null && user.access_token !== '' && (user.expires_in === undefined || user.expires_in > minValiditySeconds);

  /** One renewal at a time: concurrent requests share it. */
  function renew(): Promise<OidcUser> {
    renewal ??= (async () => {
      try {
        const user = await userManager.signinSilent();
        if (user === null || user.access_token === '') throw new Error('the identity provider returned no access token');
        setStatus({ state: 'signed-in', userName: displayName(user) });
        return user;
      } catch (cause) {
        const error = describeSignInError(cause);
        setStatus(signedOut(error));
        throw new SignInRequiredError(`Sign in again: renewing the sign-in failed (${error.message}).`, { cause });
      } finally {
        renewal = undefined;
      }
    })();
    return renewal;
  }

  const getToken: TokenProvider = async (request?: TokenRequest) => {
    if (renewal !== undefined) return (await renewal).access_token;
    const user = await userManager.getUser();
    const rejected = request?.rejectedToken !== undefined && user?.access_token === request.rejectedToken;
    if (isFresh(user) && !rejected) return user.access_token;
    if (user === null && status.state !== 'signed-in') {
      throw new SignInRequiredError('Not signed in: press "Sign in" to continue.');
    }
    return (await renew()).access_token;
  };

  async function signIn(): Promise<void> {
    const previous = status;
    setStatus({ state: 'redirecting' });
    const here = new URL(location.href);
    try {
      await userManager.signinRedirect({ state: { returnTo: `${here.pathname}${here.search}${here.hash}` } });
    } catch (cause) {
      // e.g. the provider's discovery document cannot be fetched.
      setStatus({ state: 'signed-out', reason: previous.state === 'signed-out' ? previous.reason : 'needed', error: describeSignInError(cause) });
    }
  }

  async function completeRedirect(): Promise<void> {
    const cleanUrl = new URL(redirectUri);
    try {
      const user = await userManager.signinRedirectCallback(location.href);
      history.replaceState(null, '', returnPathOf(user.state) ?? `${cleanUrl.pathname}`);
      setStatus({ state: 'signed-in', userName: displayName(user) });
    } catch (cause) {
      // The code and state are single-use: take them out of the address bar whatever happened.
      const state = cause instanceof Error && 'state' in cause ? (cause as { state: unknown }).state : undefined;
      history.replaceState(null, '', returnPathOf(state) ?? cleanUrl.pathname);
      setStatus({ state: 'signed-out', reason: 'needed', error: describeSignInError(cause) });
    }
  }

  async function trySilentSignIn(): Promise<void> {
    try {
      const user = await userManager.signinSilent({ silentRequestTimeoutInSeconds: STARTUP_SILENT_TIMEOUT_SECONDS });
      if (user !== null && user.access_token !== '') setStatus({ state: 'signed-in', userName: displayName(user) });
      else setStatus({ state: 'signed-out', reason: 'needed' });
    } catch {
      // login_required, interaction_required, a timeout, third-party cookies blocked: the user signs in by hand.
      if (status.state === 'starting') setStatus({ state: 'signed-out', reason: 'needed' });
    }
  }

  async function start(): Promise<void> {
    // Housekeeping: drops the stored state of sign-ins that were started and never finished. Failing (storage blocked
    // or full) leaves a few stale entries behind but does not affect this sign-in, so it is logged, not shown.
    void userManager.clearStaleState().catch((error: unknown) => {
      console.warn('Could not clear stale sign-in state:', error);
    });
    if (isAuthorizationResponse(location.href, redirectUri)) {
      await completeRedirect();
      return;
    }
    const user = await userManager.getUser();
    if (isFresh(user)) {
      setStatus({ state: 'signed-in', userName: displayName(user) });
      return;
    }
    void trySilentSignIn();
  }

  return {
    getStatus: () => status,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getToken,
    signIn,
    start,
  };
}

/** oidc-client-ts's UserManager configured for the app (see the module comment for the storage choices). */
export function createUserManager(settings: OidcSessionSettings, sessionStorage: Storage): UserManager {
  return new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    silent_redirect_uri: settings.redirectUri,
    response_type: 'code',
    scope: settings.scopes.join(' '),
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage, prefix: 'cdf-annotator.oidc.' }),
    automaticSilentRenew: true,
    silentRequestTimeoutInSeconds: 10,
    loadUserInfo: false,
    monitorSession: false,
  });
}

/** Starts the session for the page: the real UserManager, window.location and history. */
export function createBrowserOidcSession(settings: OidcSessionSettings, win: Window = window): OidcSession {
  return createOidcSession({
    userManager: createUserManager(settings, win.sessionStorage),
    redirectUri: settings.redirectUri,
    location: win.location,
    history: win.history,
  });
}

/**
 * Inside the hidden silent-renew iframe the page is only the provider's answer: hand it to the parent window (which
 * holds the pending request) and do nothing else.
 */
export async function completeSilentSignInInFrame(settings: OidcSessionSettings, win: Window = window): Promise<void> {
  await createUserManager(settings, win.sessionStorage).signinSilentCallback(win.location.href);
}
