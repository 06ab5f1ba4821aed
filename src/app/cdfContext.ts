import { createContext, useContext } from 'react';
import type { OidcSession } from '../api/oidcSession';
import type { TokenProvider } from '../api/tokenProviders';
import type { HostChannel } from '../lib/hostProtocol';
import type { RuntimeConfig } from './config';

export const RuntimeConfigContext = createContext<RuntimeConfig | null>(null);
/** The sign-in session when `auth.mode` is `oidc`; null for the emulator and host modes. */
export const AuthSessionContext = createContext<OidcSession | null>(null);

export function useAuthSession(): OidcSession | null {
  return useContext(AuthSessionContext);
}

export function useRuntimeConfig(): RuntimeConfig {
  const config = useContext(RuntimeConfigContext);
  if (config === null) throw new Error('useRuntimeConfig must be used inside <AppProviders>');
  return config;
}

/** The token provider behind the client (null when a test injected the client): read for `creatingUser` only. */
export const TokenProviderContext = createContext<TokenProvider | null>(null);

export function useTokenProvider(): TokenProvider | null {
  return useContext(TokenProviderContext);
}

/** The postMessage channel to the embedding page; null unless `auth.mode` is `host` and the app is in a frame. */
export const HostChannelContext = createContext<HostChannel | null>(null);

export function useHostChannel(): HostChannel | null {
  return useContext(HostChannelContext);
}
