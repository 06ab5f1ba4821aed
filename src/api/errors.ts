/**
 * The one error type the CDF client throws. Every failure a user can meet (an HTTP error from CDF, an unreachable
 * server, a response that breaks the schema, a token provider that fails) becomes a `CdfError` carrying what a person
 * or a support ticket needs: status, CDF's message, `missing`/`duplicated` and the `x-request-id`.
 */

export type CdfErrorKind =
  /** CDF answered with a non-2xx status. */
  | 'http'
  /** fetch itself failed: DNS, refused connection, CORS rejection, offline. */
  | 'network'
  /** A 2xx answer whose body is not JSON or does not match the zod contract. */
  | 'invalid-response'
  /** The token provider threw or timed out. */
  | 'token';

export interface CdfErrorInit {
  kind: CdfErrorKind;
  message: string;
  method: string;
  url: string;
  status?: number | undefined;
  requestId?: string | undefined;
  missing?: ReadonlyArray<Record<string, unknown>> | undefined;
  duplicated?: ReadonlyArray<Record<string, unknown>> | undefined;
  cause?: unknown;
}

export class CdfError extends Error {
  override readonly name = 'CdfError';
  readonly kind: CdfErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly missing: ReadonlyArray<Record<string, unknown>> | undefined;
  readonly duplicated: ReadonlyArray<Record<string, unknown>> | undefined;

  constructor(init: CdfErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.requestId = init.requestId;
    this.missing = init.missing;
    this.duplicated = init.duplicated;
  }

  /** True for 401/403: the token was rejected or lacks a capability. */
  get isAuthError(): boolean {
    return this.kind === 'http' && (this.status === 401 || this.status === 403);
  }
}

export const isCdfError = (error: unknown): error is CdfError => error instanceof CdfError;

/** An abort (react-query cancelling a stale query) is not an error to show; callers let it propagate. */
export const isAbortError = (error: unknown): boolean =>
  error instanceof DOMException ? error.name === 'AbortError' : error instanceof Error && error.name === 'AbortError';
