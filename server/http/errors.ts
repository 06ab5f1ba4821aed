/**
 * CDF error bodies: `{"error": {"code", "message", "missing"?, "duplicated"?}}` (CDF-API.md §2.1). Route code throws
 * `CdfHttpError`; the error handler registered by `registerErrorHandling` turns it, Fastify's own 4xx errors (bad
 * JSON, body too large, unsupported media type) and unexpected bugs into that body, so no response ever carries a
 * stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CdfErrorBody } from '../../contract';

export type CdfLookup = Record<string, unknown>;

export interface CdfErrorDetails {
  missing?: CdfLookup[];
  duplicated?: CdfLookup[];
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
}

export class CdfHttpError extends Error {
  override name = 'CdfHttpError';
  readonly missing: CdfLookup[] | undefined;
  readonly duplicated: CdfLookup[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly statusCode: number,
    message: string,
    details: CdfErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.missing = details.missing;
    this.duplicated = details.duplicated;
    this.headers = details.headers;
  }

  toBody(): CdfErrorBody {
    return cdfErrorBody(this.statusCode, this.message, this);
  }
}

export function cdfErrorBody(code: number, message: string, details: CdfErrorDetails = {}): CdfErrorBody {
  return {
    error: {
      code,
      message,
      ...(details.missing ? { missing: details.missing } : {}),
      ...(details.duplicated ? { duplicated: details.duplicated } : {}),
    },
  };
}

/** Sends a CDF error body; CORS and x-request-id are added by the onSend hook like on every other response. */
export function sendCdfError(reply: FastifyReply, code: number, message: string, details: CdfErrorDetails = {}) {
  for (const [name, value] of Object.entries(details.headers ?? {})) reply.header(name, value);
  return reply.code(code).type('application/json; charset=utf-8').send(cdfErrorBody(code, message, details));
}

export interface ErrorHandlingOptions {
  jsonBodyLimitBytes: number;
}

/** Fastify's own client-error codes, reworded where its message would confuse a CDF client. */
const fastifyMessages = ({
  jsonBodyLimitBytes,
}: ErrorHandlingOptions): Record<string, (error: FastifyError, request: FastifyRequest) => string> => ({
  FST_ERR_CTP_INVALID_JSON_BODY: () => 'Request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'Request body is empty; expected a JSON object',
  FST_ERR_CTP_BODY_TOO_LARGE: () => `Request body is too large (limit ${jsonBodyLimitBytes} bytes)`,
  // Fastify's message never names the type; the header does.
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (_error, request) =>
    `Unsupported content type: ${JSON.stringify(request.headers['content-type'] ?? '(none)')}; send application/json`,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'Request body size did not match Content-Length',
});

/** Fastify's errors (and SyntaxErrors from its JSON parser) carry the HTTP status they stand for. */
function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';
}

/**
 * The client closed the connection mid-request (an upload cut short). Not a bug of ours: there is nobody left to
 * answer, and logging it as an unhandled error would hide real ones (found by http/robustness.test.ts).
 */
function clientWentAway(error: unknown, request: FastifyRequest): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') && request.raw.socket.destroyed;
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  const FASTIFY_MESSAGES = fastifyMessages(options);
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof CdfHttpError) {
      return sendCdfError(reply, error.statusCode, error.message, error);
    }
    if (clientWentAway(error, request)) {
      request.log.info('The client closed the connection during %s %s', request.method, request.url);
      return sendCdfError(reply, 400, 'The client closed the connection before the request was complete');
    }
    const statusCode = statusCodeOf(error) ?? 500;
    if (statusCode >= 400 && statusCode < 500) {
      const reword = isFastifyError(error) ? FASTIFY_MESSAGES[error.code] : undefined;
      const message = reword && isFastifyError(error) ? reword(error, request) : error instanceof Error ? error.message : 'Bad request';
      return sendCdfError(reply, statusCode, message);
    }
    request.log.error({ err: error }, 'Unhandled error while answering %s %s', request.method, request.url);
    return sendCdfError(reply, 500, `Internal emulator error (request id ${request.id})`);
  });

  app.setNotFoundHandler((request, reply) =>
    sendCdfError(reply, 404, `No such endpoint: ${request.method} ${request.url.split('?')[0] ?? request.url}`),
  );
}
