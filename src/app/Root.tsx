import { Suspense, use } from 'react';
import { App } from './App';
import { AppProviders } from './AppProviders';
import { ErrorBoundary } from './ErrorBoundary';
import { loadConfigFile, resolveRuntimeConfig, type RuntimeConfig } from './config';

/** Loaded once per page: config.json, then the query string on top. */
let runtimeConfigPromise: Promise<RuntimeConfig> | undefined;
function loadRuntimeConfig(): Promise<RuntimeConfig> {
  runtimeConfigPromise ??= loadConfigFile((input, init) => fetch(input, init)).then((file) => resolveRuntimeConfig(file, window.location.search));
  return runtimeConfigPromise;
}

/** Loads the runtime configuration, then renders the app; a broken configuration is shown as an alert. */
export function Root() {
  return (
    <ErrorBoundary area="the app's configuration" onReset={() => (runtimeConfigPromise = undefined)}>
      <Suspense fallback={<p className="app-loading">Loading configuration…</p>}>
        <ConfiguredApp />
      </Suspense>
    </ErrorBoundary>
  );
}

function ConfiguredApp() {
  const config = use(loadRuntimeConfig());
  return (
    <AppProviders config={config}>
      <App />
    </AppProviders>
  );
}
