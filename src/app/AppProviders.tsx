import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createCdfClient, type CdfClient } from '../api/client';
import { configuredLabelsReplaced } from '../store/labelSuggestions';
import type { OidcSession } from '../api/oidcSession';
import type { TokenProvider } from '../api/tokenProviders';
import type { HostChannel } from '../lib/hostProtocol';
import { CdfClientContext } from '../api/clientContext';
import { AuthSessionContext, HostChannelContext, RuntimeConfigContext, TokenProviderContext } from './cdfContext';
import { createHostChannelFor, createTokenProvider, type RuntimeConfig } from './config';
import { OutboxProvider } from './outboxContext';
import { createQueryClient } from './queryClient';

interface AppProvidersProps {
  config: RuntimeConfig;
  children: ReactNode;
  /** The sign-in session (`auth.mode: "oidc"`): its token provider feeds the client. */
  authSession?: OidcSession | null;
  /** Injected by tests; otherwise built from `config`. */
  client?: CdfClient;
  /** Injected by tests; otherwise the channel to the parent in `host` mode (null in the other modes). */
  hostChannel?: HostChannel | null;
}

export function AppProviders({ config, children, authSession = null, client: injectedClient, hostChannel: injectedHostChannel }: AppProvidersProps) {
  // An injected client (tests) brings its own tokens; then no provider is shared and saves name no user.
  const [{ client, getToken, hostChannel }] = useState((): { client: CdfClient; getToken: TokenProvider | null; hostChannel: HostChannel | null } => {
    // One channel to the embedding page for tokens and commands, so each ignored message is reported once.
    const channel = injectedHostChannel !== undefined ? injectedHostChannel : createHostChannelFor(config.auth, window);
    if (injectedClient !== undefined) return { client: injectedClient, getToken: null, hostChannel: channel };
    const provider = authSession?.getToken ?? createTokenProvider(config.auth, window, channel);
    return { client: createCdfClient({ baseUrl: config.baseUrl, project: config.project, getToken: provider }), getToken: provider, hostChannel: channel };
  });
  // Before the first render, so the Label combobox never shows an empty suggestion list for a frame.
  useState(() => configuredLabelsReplaced(config.annotation.labels));
  const [queryClient] = useState(createQueryClient);
  return (
    <RuntimeConfigContext value={config}>
      <AuthSessionContext value={authSession}>
        <CdfClientContext value={client}>
          <TokenProviderContext value={getToken}>
            <HostChannelContext value={hostChannel}>
              <QueryClientProvider client={queryClient}>
                <OutboxProvider client={client}>{children}</OutboxProvider>
              </QueryClientProvider>
            </HostChannelContext>
          </TokenProviderContext>
        </CdfClientContext>
      </AuthSessionContext>
    </RuntimeConfigContext>
  );
}

