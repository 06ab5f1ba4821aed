/**
 * The one CDF client: fetch with a bearer token from an async provider, an AbortSignal on every call, Cognite's retry
 * policy plus `Retry-After`, one re-authentication on 401, and zod-parsed responses. Everything that goes wrong becomes
 * a `CdfError` (see errors.ts); an abort propagates as the signal's AbortError so react-query can drop the call quietly.
 */
import type { z } from 'zod';
import { cdfErrorBodySchema } from '../../contract';
import { CdfError } from './errors';
import { MAX_RETRIES, backoffDelayMs, isRetryable, parseRetryAfterMs, type HttpMethod } from './retryPolicy';
import type { TokenProvider, TokenRequest } from './tokenProviders';

export type QueryValue = string | number | boolean | undefined;

export interface CdfCallOptions {
  method: HttpMethod;
  /** Path below `/api/v1/projects/{project}/`, without a leading slash, e.g. `files/list`. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  body?: unknown;
  signal: AbortSignal;
  /** Value of the `cdf-version` header, e.g. `beta` for the segment endpoints. */
  cdfVersion?: string;
}

export interface CdfClientOptions {
  /** e.g. `https://westeurope-1.cognitedata.com` or `http://127.0.0.1:4010`; no trailing slash needed. */
  baseUrl: string;
  project: string;
  getToken: TokenProvider;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Sleeps `delayMs`, rejecting with the signal's reason when aborted. Injected for tests. */
  sleep?: (delayMs: number, signal: AbortSignal) => Promise<void>;
  /** Uniform [0,1) source for backoff jitter. Injected for tests. */
  random?: () => number;
  /** Current time in ms since the epoch, for HTTP-date `Retry-After`. Injected for tests. */
  nowMs?: () => number;
  /** A `Retry-After` longer than this is not waited for: the error is shown instead of a silent long stall. */
  maxRetryAfterMs?: number;
}

export interface CdfClient {
  readonly baseUrl: string;
  readonly project: string;
  /** Sends the call and parses the JSON answer with `schema`. */
  requestJson<T>(options: CdfCallOptions, schema: z.ZodType<T>): Promise<T>;
  /** Sends the call and returns the body as a Blob (e.g. `files/icon`). */
  requestBlob(options: CdfCallOptions): Promise<Blob>;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

export function abortableSleep(delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}

export function createCdfClient(options: CdfClientOptions): CdfClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const project = options.project;
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const nowMs = options.nowMs ?? Date.now;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const projectRoot = `/api/v1/projects/${encodeURIComponent(project)}/`;

  function buildUrl(call: CdfCallOptions): URL {
    // Appended to the base URL as text, never resolved against it (`new URL(path, base)`): a path like
    // `//other.host/x` or `https://other.host/` must not move the request, and with it the token, to another origin.
    // Presigned download links are fetched without the client (files.ts downloadFileBytes), so no header goes there.
    const url = new URL(`${baseUrl}${projectRoot}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function getToken(call: CdfCallOptions, url: URL, request?: TokenRequest): Promise<string> {
    try {
      return await (request === undefined ? options.getToken() : options.getToken(request));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new CdfError({ kind: 'token', message: `Could not get an access token: ${reason}`, method: call.method, url: url.href, cause });
    }
  }

  /** Sends the call until it succeeds or the policy gives up; returns the 2xx response. */
  async function send(call: CdfCallOptions, accept: string): Promise<Response> {
    const url = buildUrl(call);
    let token = await getToken(call, url);
    let retryIndex = 0;
    let reauthenticated = false;
    for (;;) {
      call.signal.throwIfAborted();
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: accept };
      if (call.body !== undefined) headers['Content-Type'] = 'application/json';
      if (call.cdfVersion !== undefined) headers['cdf-version'] = call.cdfVersion;
      let response: Response;
      try {
        response = await fetchFn(url.href, {
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: call.signal,
        });
      } catch (cause) {
        if (call.signal.aborted) throw abortReason(call.signal);
        throw new CdfError({
          kind: 'network',
          message: `Cannot reach ${baseUrl}: the server did not answer (it may be down, the address may be wrong, or CORS blocked the call).`,
          method: call.method,
          url: url.href,
          cause,
        });
      }
      if (response.ok) return response;

      if (response.status === 401 && !reauthenticated) {
        // Like the SDK: ask the provider once more; retry only if that gave a different token.
        reauthenticated = true;
        const freshToken = await getToken(call, url, { rejectedToken: token });
        if (freshToken !== token) {
          token = freshToken;
          continue;
        }
      }
      if (retryIndex < MAX_RETRIES && isRetryable(call.method, url.pathname, response.status)) {
        const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), nowMs());
        if (retryAfterMs === undefined || retryAfterMs <= maxRetryAfterMs) {
          await sleep(retryAfterMs ?? backoffDelayMs(retryIndex, random), call.signal);
          retryIndex += 1;
          continue;
        }
      }
      throw await errorFromResponse(call, url, response);
    }
  }

  async function requestJson<T>(call: CdfCallOptions, schema: z.ZodType<T>): Promise<T> {
    const response = await send(call, 'application/json');
    const requestId = response.headers.get('x-request-id') ?? undefined;
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      if (call.signal.aborted) throw abortReason(call.signal);
      throw invalidResponse(call, response.url || buildUrl(call).href, requestId, 'the body is not JSON', cause);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw invalidResponse(call, buildUrl(call).href, requestId, issues, parsed.error);
    }
    return parsed.data;
  }

  async function requestBlob(call: CdfCallOptions): Promise<Blob> {
    const response = await send(call, '*/*');
    return response.blob();
  }

  function invalidResponse(call: CdfCallOptions, url: string, requestId: string | undefined, detail: string, cause: unknown) {
    return new CdfError({
      kind: 'invalid-response',
      message: `The answer to ${call.method} ${call.path} does not match the CDF API schema (${detail}).`,
      method: call.method,
      url,
      requestId,
      cause,
    });
  }

  return { baseUrl, project, requestJson, requestBlob };
}

/** Builds the CdfError for a non-2xx answer from CDF's error body, falling back to the status line. */
async function errorFromResponse(call: CdfCallOptions, url: URL, response: Response): Promise<CdfError> {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    if (call.signal.aborted) throw abortReason(call.signal);
    // The status alone is still a useful error; keep the read failure as the cause.
    return new CdfError({
      kind: 'http', status: response.status, requestId, method: call.method, url: url.href, cause,
      message: `HTTP ${response.status} ${response.statusText}`.trim(),
    });
  }
  let message = `HTTP ${response.status} ${response.statusText}`.trim();
  let missing: Array<Record<string, unknown>> | undefined;
  let duplicated: Array<Record<string, unknown>> | undefined;
  const json = safeJsonParse(text);
  const parsed = cdfErrorBodySchema.safeParse(json);
  if (parsed.success) {
    message = parsed.data.error.message;
    missing = parsed.data.error.missing;
    duplicated = parsed.data.error.duplicated;
  } else if (isRecord(json) && typeof json.error === 'string') {
    // The Python SDK notes that `error` may be a plain string.
    message = json.error;
  }
  return new CdfError({ kind: 'http', status: response.status, message, requestId, missing, duplicated, method: call.method, url: url.href });
}

function safeJsonParse(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON (a proxy's HTML error page): the caller falls back to the status line.
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
