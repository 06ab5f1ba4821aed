import { QueryClient } from '@tanstack/react-query';

/**
 * react-query does not retry: the CDF client already applies Cognite's retry policy per call, and retrying on top of
 * it would multiply the attempts (and repeat non-idempotent POSTs).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
