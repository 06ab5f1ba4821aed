import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createCdfClient, type CdfClient } from '../api/client';
import { CdfClientContext, RuntimeConfigContext } from './cdfContext';
import { createTokenProvider, type RuntimeConfig } from './config';
import { createQueryClient } from './queryClient';

interface AppProvidersProps {
  config: RuntimeConfig;
  children: ReactNode;
  /** Injected by tests; otherwise built from `config`. */
  client?: CdfClient;
}

export function AppProviders({ config, children, client: injectedClient }: AppProvidersProps) {
  const [client] = useState(
    () =>
      injectedClient ??
      createCdfClient({ baseUrl: config.baseUrl, project: config.project, getToken: createTokenProvider(config.auth, window) }),
  );
  const [queryClient] = useState(createQueryClient);
  return (
    <RuntimeConfigContext value={config}>
      <CdfClientContext value={client}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </CdfClientContext>
    </RuntimeConfigContext>
  );
}
