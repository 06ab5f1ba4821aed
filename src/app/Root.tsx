import { Suspense, use } from 'react';
import type { OidcSession } from '../api/oidcSession';
import { App } from './App';
import { AppProviders } from './AppProviders';
import { ErrorBoundary } from './ErrorBoundary';
import { SignInGate } from './SignIn';
import { loadConfigFile, resolveRuntimeConfig, type RuntimeConfig } from './config';

type LoadedApp =
  | { kind: 'app'; config: RuntimeConfig; authSession: OidcSession | null }
  /** This page is the hidden silent-renew iframe: it only passes the provider's answer to the app. */
  | { kind: 'silent-renew-frame' };

/** Loaded once per page: config.json, then the query string on top, then (oidc only) the sign-in session. */
let loadedAppPromise: Promise<LoadedApp> | undefined;
function loadApp(): Promise<LoadedApp> {
  loadedAppPromise ??= startApp();
  return loadedAppPromise;
}

async function startApp(): Promise<LoadedApp> {
  const file = await loadConfigFile((input, init) => fetch(input, init));
  const config = resolveRuntimeConfig(file, window.location.search, window.location.href);
  if (config.auth.mode !== 'oidc') return { kind: 'app', config, authSession: null };

  // The OIDC library is a separate chunk, fetched only in this mode.
  const oidc = await import('../api/oidcSession');
  const settings = config.auth;
  if (window.parent !== window && oidc.isAuthorizationResponse(window.location.href, settings.redirectUri)) {
    await oidc.completeSilentSignInInFrame(settings);
    return { kind: 'silent-renew-frame' };
  }
  const authSession = oidc.createBrowserOidcSession(settings);
  // After a redirect sign-in this puts the URL the user opened back (fileId, fileExternalId…), so resolve again.
  await authSession.start();
  return { kind: 'app', config: resolveRuntimeConfig(file, window.location.search, window.location.href), authSession };
}

/** Loads the runtime configuration, then renders the app; a broken configuration is shown as an alert. */
export function Root() {
  return (
    <ErrorBoundary area="the app's configuration" onReset={() => (loadedAppPromise = undefined)}>
      <Suspense fallback={<p className="app-loading">Loading configuration…</p>}>
        <ConfiguredApp />
      </Suspense>
    </ErrorBoundary>
  );
}

function ConfiguredApp() {
  const loaded = use(loadApp());
  if (loaded.kind === 'silent-renew-frame') return null;
  return (
    <AppProviders config={loaded.config} authSession={loaded.authSession}>
      <SignInGate>
        <App />
      </SignInGate>
    </AppProviders>
  );
}
