import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createCdfClient, type CdfClient } from '../api/client';
import type { OidcSession } from '../api/oidcSession';
import { AuthSessionContext, CdfClientContext, RuntimeConfigContext } from './cdfContext';
import { createTokenProvider, type RuntimeConfig } from './config';
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
  const [client] = useState(
    () =>
      injectedClient ??
      createCdfClient({
        baseUrl: config.baseUrl,
        project: config.project,
        getToken: authSession?.getToken ?? createTokenProvider(config.auth, window),
      }),
  );
  const [queryClient] = useState(createQueryClient);
  return (
    <RuntimeConfigContext value={config}>
      <AuthSessionContext value={authSession}>
        <CdfClientContext value={client}>
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        </CdfClientContext>
      </AuthSessionContext>
    </RuntimeConfigContext>
  );
}
