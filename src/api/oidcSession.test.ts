import { User } from 'oidc-client-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SignInRequiredError,
  createOidcSession,
  createUserManager,
  displayName,
  isAuthorizationResponse,
  type OidcUser,
  type ReturnState,
  type UserManagerLike,
} from './oidcSession';

const REDIRECT_URI = 'https://annotator.example.com/app/';

function user(accessToken: string, options: { expiresIn?: number; name?: string; state?: unknown } = {}): OidcUser {
  return {
    access_token: accessToken,
    expires_in: options.expiresIn ?? 3600,
    profile: { sub: 'user-1', ...(options.name === undefined ? {} : { name: options.name }) },
    state: options.state,
  };
}

/** A scripted UserManager: what getUser returns, and what signinSilent / the callback do. */
class FakeUserManager implements UserManagerLike {
  current: OidcUser | null = null;
  silent: () => Promise<OidcUser | null> = () => Promise.reject(new Error('login_required'));
  callback: (url: string) => Promise<OidcUser> = () => Promise.reject(new Error('no callback scripted'));
  redirect: (args: { state: ReturnState }) => Promise<void> = () => Promise.resolve();
  readonly signinSilentCalls = vi.fn();
  readonly signinRedirectCalls = vi.fn();
  private userLoaded: Array<(user: OidcUser) => void> = [];
  private renewErrors: Array<(error: Error) => void> = [];

  readonly events = {
    addUserLoaded: (callback: (user: OidcUser) => void) => {
      this.userLoaded.push(callback);
      return () => undefined;
    },
    addSilentRenewError: (callback: (error: Error) => void) => {
      this.renewErrors.push(callback);
      return () => undefined;
    },
  };

  getUser = () => Promise.resolve(this.current);
  signinRedirect = (args: { state: ReturnState }) => {
    this.signinRedirectCalls(args);
    return this.redirect(args);
  };
  signinRedirectCallback = async (url: string) => {
    this.current = await this.callback(url);
    return this.current;
  };
  signinSilent = async (args?: { silentRequestTimeoutInSeconds?: number }) => {
    if (args === undefined) this.signinSilentCalls();
    else this.signinSilentCalls(args);
    const renewed = await this.silent();
    this.current = renewed;
    return renewed;
  };
  clearStaleState = () => Promise.resolve();

  /** What oidc-client-ts does after its own automatic renewal. */
  emitUserLoaded(loaded: OidcUser) {
    this.current = loaded;
    for (const callback of this.userLoaded) callback(loaded);
  }
  emitSilentRenewError(error: Error) {
    for (const callback of this.renewErrors) callback(error);
  }
}

function setUp(href = `${REDIRECT_URI}?fileExternalId=sample:coffee`) {
  const userManager = new FakeUserManager();
  const location = { href };
  const history = { replaceState: vi.fn((_data: unknown, _unused: string, url?: string | URL | null) => void (location.href = new URL(String(url), location.href).href)) };
  const session = createOidcSession({ userManager, redirectUri: REDIRECT_URI, location, history });
  const statuses: string[] = [];
  session.subscribe(() => statuses.push(session.getStatus().state));
  return { userManager, location, history, session, statuses };
}

describe('isAuthorizationResponse', () => {
  it('is true for a code or an error with state at the redirect URI', () => {
    expect(isAuthorizationResponse(`${REDIRECT_URI}?code=abc&state=s1`, REDIRECT_URI)).toBe(true);
    expect(isAuthorizationResponse(`${REDIRECT_URI}?error=access_denied&state=s1`, REDIRECT_URI)).toBe(true);
  });
  it('is false for the app opened normally, a code without state, or another path', () => {
    expect(isAuthorizationResponse(`${REDIRECT_URI}?fileId=3`, REDIRECT_URI)).toBe(false);
    expect(isAuthorizationResponse(`${REDIRECT_URI}?code=abc`, REDIRECT_URI)).toBe(false);
    expect(isAuthorizationResponse('https://annotator.example.com/other/?code=abc&state=s1', REDIRECT_URI)).toBe(false);
    expect(isAuthorizationResponse('https://evil.example/app/?code=abc&state=s1', REDIRECT_URI)).toBe(false);
  });
});

describe('displayName', () => {
  it('prefers name, then preferred_username, then email, then the subject', () => {
    expect(displayName({ access_token: 't', profile: { sub: 's', name: 'Ada Lovelace', email: 'ada@example.com' } })).toBe('Ada Lovelace');
    expect(displayName({ access_token: 't', profile: { sub: 's', name: ' ', preferred_username: 'ada@corp.example' } })).toBe('ada@corp.example');
    expect(displayName({ access_token: 't', profile: { sub: 's', email: 'ada@example.com' } })).toBe('ada@example.com');
    expect(displayName({ access_token: 't', profile: { sub: 's' } })).toBe('s');
  });
});

describe('start', () => {
  it('finishes a redirect sign-in and puts the URL the user opened back', async () => {
    const { userManager, session, history, location } = setUp(`${REDIRECT_URI}?code=abc&state=s1`);
    userManager.callback = () => Promise.resolve(user('token-1', { name: 'Ada', state: { returnTo: '/app/?fileExternalId=sample:coffee#zoom' } }));
    await session.start();
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/app/?fileExternalId=sample:coffee#zoom');
    expect(location.href).toBe('https://annotator.example.com/app/?fileExternalId=sample:coffee#zoom');
    expect(session.getStatus()).toEqual({ state: 'signed-in', userName: 'Ada' });
    expect(userManager.signinSilentCalls).not.toHaveBeenCalled();
  });

  it('never returns to another origin named in the state', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 42]) {
      const { userManager, session, history } = setUp(`${REDIRECT_URI}?code=abc&state=s1`);
      userManager.callback = () => Promise.resolve(user('token-1', { state: { returnTo } }));
      await session.start();
      expect(history.replaceState).toHaveBeenCalledWith(null, '', '/app/');
    }
  });

  it('reports a refused sign-in, takes the code out of the URL and keeps the file', async () => {
    const { userManager, session, history } = setUp(`${REDIRECT_URI}?error=access_denied&state=s1`);
    userManager.callback = () =>
      Promise.reject(Object.assign(new Error('End-User aborted interaction'), { error: 'access_denied', error_description: 'End-User aborted interaction', state: { returnTo: '/app/?fileId=42' } }));
    await session.start();
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/app/?fileId=42');
    const status = session.getStatus();
    expect(status).toMatchObject({ state: 'signed-out', reason: 'needed' });
    expect(status.state === 'signed-out' && status.error?.message).toBe('The identity provider answered "access_denied": End-User aborted interaction');
  });

  it('reports a callback that cannot be matched to a request (e.g. a reused link)', async () => {
    const { userManager, session, history } = setUp(`${REDIRECT_URI}?code=abc&state=stale`);
    userManager.callback = () => Promise.reject(new Error('No matching state found in storage'));
    await session.start();
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/app/');
    expect(session.getStatus()).toMatchObject({ state: 'signed-out', error: { message: 'No matching state found in storage' } });
  });

  it('signs in silently when the provider still has a session', async () => {
    const { userManager, session, statuses } = setUp();
    userManager.silent = () => Promise.resolve(user('token-1', { name: 'Ada' }));
    await session.start();
    await vi.waitFor(() => expect(session.getStatus()).toEqual({ state: 'signed-in', userName: 'Ada' }));
    expect(statuses).toEqual(['signed-in']);
    expect(userManager.signinSilentCalls).toHaveBeenCalledWith({ silentRequestTimeoutInSeconds: 5 });
  });

  it('asks for a sign-in, without an error, when the silent attempt finds no session', async () => {
    const { session } = setUp();
    await session.start();
    await vi.waitFor(() => expect(session.getStatus()).toEqual({ state: 'signed-out', reason: 'needed' }));
  });
});

describe('signIn', () => {
  it('redirects with the current path, query and fragment as the state to come back to', async () => {
    const { userManager, session, statuses } = setUp(`${REDIRECT_URI}?fileId=42#view`);
    await session.signIn();
    expect(userManager.signinRedirectCalls).toHaveBeenCalledWith({ state: { returnTo: '/app/?fileId=42#view' } });
    expect(statuses).toEqual(['redirecting']);
  });

  it('shows why the redirect could not start (e.g. the provider is unreachable)', async () => {
    const { userManager, session } = setUp();
    userManager.redirect = () => Promise.reject(new TypeError('Failed to fetch'));
    await session.signIn();
    expect(session.getStatus()).toMatchObject({ state: 'signed-out', reason: 'needed', error: { message: 'Failed to fetch' } });
  });
});

describe('getToken', () => {
  async function signedIn(token = 'token-1', expiresIn = 3600) {
    const setup = setUp();
    setup.userManager.silent = () => Promise.resolve(user(token, { name: 'Ada', expiresIn }));
    await setup.session.start();
    await vi.waitFor(() => expect(setup.session.getStatus().state).toBe('signed-in'));
    setup.userManager.signinSilentCalls.mockClear();
    return setup;
  }

  it('answers from memory while the token is valid', async () => {
    const { session, userManager } = await signedIn();
    await expect(session.getToken()).resolves.toBe('token-1');
    await expect(session.getToken()).resolves.toBe('token-1');
    expect(userManager.signinSilentCalls).not.toHaveBeenCalled();
  });

  it('renews a token that expires within 30 s', async () => {
    const { session, userManager } = await signedIn('token-1', 20);
    userManager.silent = () => Promise.resolve(user('token-2', { name: 'Ada' }));
    await expect(session.getToken()).resolves.toBe('token-2');
    expect(userManager.signinSilentCalls).toHaveBeenCalledTimes(1);
  });

  it('renews when CDF rejected the current token, but not for an older rejected one', async () => {
    const { session, userManager } = await signedIn();
    userManager.silent = () => Promise.resolve(user('token-2', { name: 'Ada' }));
    await expect(session.getToken({ rejectedToken: 'token-0' })).resolves.toBe('token-1');
    expect(userManager.signinSilentCalls).not.toHaveBeenCalled();
    await expect(session.getToken({ rejectedToken: 'token-1' })).resolves.toBe('token-2');
    expect(userManager.signinSilentCalls).toHaveBeenCalledTimes(1);
  });

  it('shares one renewal among concurrent requests', async () => {
    const { session, userManager } = await signedIn('token-1', 5);
    let finish: (renewed: OidcUser) => void = () => undefined;
    userManager.silent = () => new Promise((resolve) => (finish = resolve));
    const tokens = Promise.all([session.getToken(), session.getToken(), session.getToken({ rejectedToken: 'token-1' })]);
    await vi.waitFor(() => expect(userManager.signinSilentCalls).toHaveBeenCalledTimes(1));
    finish(user('token-2'));
    await expect(tokens).resolves.toEqual(['token-2', 'token-2', 'token-2']);
    expect(userManager.signinSilentCalls).toHaveBeenCalledTimes(1);
  });

  it('asks the user to sign in again when renewal fails, and the session says expired', async () => {
    const { session, userManager } = await signedIn('token-1', 5);
    userManager.silent = () => Promise.reject(Object.assign(new Error('login_required'), { error: 'login_required' }));
    const failure = await session.getToken().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SignInRequiredError);
    expect((failure as Error).message).toMatch(/^Sign in again: renewing the sign-in failed \(The identity provider answered "login_required"\)/);
    expect(session.getStatus()).toMatchObject({ state: 'signed-out', reason: 'expired' });
  });

  it('refuses to give a token before anyone signed in', async () => {
    const { session } = setUp();
    await session.start();
    await vi.waitFor(() => expect(session.getStatus().state).toBe('signed-out'));
    await expect(session.getToken()).rejects.toThrow(SignInRequiredError);
  });

  it("follows oidc-client-ts's own renewals and their failures", async () => {
    const { session, userManager } = await signedIn();
    userManager.emitUserLoaded(user('token-2', { name: 'Ada L.' }));
    expect(session.getStatus()).toEqual({ state: 'signed-in', userName: 'Ada L.' });
    await expect(session.getToken()).resolves.toBe('token-2');
    userManager.emitSilentRenewError(new Error('Frame window timed out'));
    expect(session.getStatus()).toMatchObject({ state: 'signed-out', reason: 'expired', error: { message: 'Frame window timed out' } });
  });
});

describe('createUserManager', () => {
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  const settings = { authority: 'https://login.example.com/tenant/v2.0', clientId: 'client-1', scopes: ['openid', 'profile', 'api/.default'], redirectUri: REDIRECT_URI };

  it('requests the code flow with the configured client, scopes and redirect URIs', () => {
    const manager = createUserManager(settings, sessionStorage);
    expect(manager.settings).toMatchObject({
      authority: 'https://login.example.com/tenant/v2.0',
      client_id: 'client-1',
      response_type: 'code',
      scope: 'openid profile api/.default',
      redirect_uri: REDIRECT_URI,
      silent_redirect_uri: REDIRECT_URI,
      automaticSilentRenew: true,
      loadUserInfo: false,
    });
  });

  it('keeps the signed-in user in memory: nothing reaches localStorage or sessionStorage', async () => {
    const manager = createUserManager(settings, sessionStorage);
    await manager.storeUser(new User({ access_token: 'secret-access-token', token_type: 'Bearer', id_token: 'secret-id-token', profile: { sub: 's', iss: 'i', aud: 'a', exp: 0, iat: 0 } }));
    expect((await manager.getUser())?.access_token).toBe('secret-access-token');
    expect(localStorage.length).toBe(0);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('secret');
    // A new page load (a new manager) starts with nobody signed in.
    expect(await createUserManager(settings, sessionStorage).getUser()).toBeNull();
  });
});
