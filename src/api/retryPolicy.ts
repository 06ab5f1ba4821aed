/**
 * Cognite's retry policy, as `@cognite/sdk` implements it (CDF-API.md §2.5), plus `Retry-After`, which the SDK ignores
 * but a throttling proxy or the emulator may send.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'DELETE' | 'PUT' | 'POST' | 'PATCH';

/** Hard cap on retries of one call, as in the SDK (`MAX_RETRY_ATTEMPTS`). */
export const MAX_RETRIES = 5;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 15_000;

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT']);

/**
 * POST endpoints that only read (or are safe to repeat), so a 5xx may be retried. Copied from the SDK's
 * `retryValidator`; matched as substrings of the request path like the SDK does.
 */
const IDEMPOTENT_POST_PATHS: readonly RegExp[] = [
  /\/assets\/(list|byids|search)/,
  /\/events\/(list|byids|search)/,
  /\/files\/(list|byids|search|initupload|downloadlink)/,
  /\/timeseries\/(byids|search|data|data\/list|data\/latest|data\/delete|synthetic\/query)/,
  /\/timeseries\/subscriptions\/data\/list/,
  /\/records\//,
];

/**
 * Whether a failed call may be sent again. 429 is retried for every method (the request was not processed); other
 * 5xx/1xx only when repeating the call cannot do anything twice. POST /context/vision/segment is therefore retried
 * only on 429: a 5xx might have created a job.
 */
export function isRetryable(method: HttpMethod, urlPath: string, status: number): boolean {
  if (status === 429) return true;
  const retryableStatus = (status >= 500 && status < 600) || (status >= 100 && status < 200);
  if (!retryableStatus) return false;
  if (IDEMPOTENT_METHODS.has(method)) return true;
  return method === 'POST' && IDEMPOTENT_POST_PATHS.some((pattern) => pattern.test(urlPath));
}

/**
 * Exponential backoff with full jitter: `floor(random * min(250 * 2^(retryIndex+1), 15000))` ms, `retryIndex` counting
 * from 0 for the first retry, so the caps are 500, 1000, 2000, 4000, 8000 ms.
 */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  const capMs = Math.min(BACKOFF_BASE_MS * 2 ** (retryIndex + 1), BACKOFF_CAP_MS);
  return Math.floor(random() * capMs);
}

/**
 * Parses a `Retry-After` header: delay-seconds (`"2"`) or an HTTP date. Returns the wait in ms (never negative), or
 * undefined when the header is absent or unreadable, so the caller falls back to backoff.
 */
export function parseRetryAfterMs(headerValue: string | null, nowMs: number): number | undefined {
  if (headerValue === null) return undefined;
  const trimmed = headerValue.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
