import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createCdfClient, type CdfClient } from '../api/client';
import { configuredLabelsReplaced } from '../store/labelSuggestions';
import type { OidcSession } from '../api/oidcSession';
import type { TokenProvider } from '../api/tokenProviders';
import { AuthSessionContext, CdfClientContext, RuntimeConfigContext, TokenProviderContext } from './cdfContext';
import { createTokenProvider, type RuntimeConfig } from './config';
import { OutboxProvider } from './outboxContext';
import { createQueryClient } from './queryClient';

interface AppProvidersProps {
  config: RuntimeConfig;
  children: ReactNode;
  /** The sign-in session (`auth.mode: "oidc"`): its token provider feeds the client. */
  authSession?: OidcSession | null;
  /** Injected by tests; otherwise built from `config`. */
  client?: CdfClient;
}

export function AppProviders({ config, children, authSession = null, client: injectedClient }: AppProvidersProps) {
  // An injected client (tests) brings its own tokens; then no provider is shared and saves name no user.
  const [{ client, getToken }] = useState((): { client: CdfClient; getToken: TokenProvider | null } => {
    if (injectedClient !== undefined) return { client: injectedClient, getToken: null };
    const provider = authSession?.getToken ?? createTokenProvider(config.auth, window);
    return { client: createCdfClient({ baseUrl: config.baseUrl, project: config.project, getToken: provider }), getToken: provider };
  });
  // Before the first render, so the Label combobox never shows an empty suggestion list for a frame.
  useState(() => configuredLabelsReplaced(config.annotation.labels));
  const [queryClient] = useState(createQueryClient);
  return (
    <RuntimeConfigContext value={config}>
      <AuthSessionContext value={authSession}>
        <CdfClientContext value={client}>
          <TokenProviderContext value={getToken}>
            <QueryClientProvider client={queryClient}>
              <OutboxProvider client={client}>{children}</OutboxProvider>
            </QueryClientProvider>
          </TokenProviderContext>
        </CdfClientContext>
      </AuthSessionContext>
    </RuntimeConfigContext>
  );
}

