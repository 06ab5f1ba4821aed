import { createContext, useContext } from 'react';
import type { CdfClient } from './client';

/** The app's one CDF client, provided by app/AppProviders; features read it with useCdfClient. */
export const CdfClientContext = createContext<CdfClient | null>(null);

/** The app's one CDF client (configured base URL, project and token provider). */
export function useCdfClient(): CdfClient {
  const client = useContext(CdfClientContext);
  if (client === null) throw new Error('useCdfClient must be used inside <AppProviders>');
  return client;
}
