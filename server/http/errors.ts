/**
 * CDF error bodies: `{"error": {"code", "message", "missing"?, "duplicated"?}}` (CDF-API.md §2.1). Route code throws
 * `CdfHttpError`; the error handler registered by `registerErrorHandling` turns it, Fastify's own 4xx errors (bad
 * JSON, body too large, unsupported media type) and unexpected bugs into that body, so no response ever carries a
 * stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { CdfErrorBody } from '../../src/api/contract';

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
const fastifyMessages = ({ jsonBodyLimitBytes }: ErrorHandlingOptions): Record<string, (error: FastifyError) => string> => ({
  FST_ERR_CTP_INVALID_JSON_BODY: () => 'Request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'Request body is empty; expected a JSON object',
  FST_ERR_CTP_BODY_TOO_LARGE: () => `Request body is too large (limit ${jsonBodyLimitBytes} bytes)`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (error) => `Unsupported content type: ${error.message.replace(/^Unsupported Media Type:?\s*/i, '')}`,
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

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  const FASTIFY_MESSAGES = fastifyMessages(options);
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof CdfHttpError) {
      return sendCdfError(reply, error.statusCode, error.message, error);
    }
    const statusCode = statusCodeOf(error) ?? 500;
    if (statusCode >= 400 && statusCode < 500) {
      const reword = isFastifyError(error) ? FASTIFY_MESSAGES[error.code] : undefined;
      const message = reword && isFastifyError(error) ? reword(error) : error instanceof Error ? error.message : 'Bad request';
      return sendCdfError(reply, statusCode, message);
    }
    request.log.error({ err: error }, 'Unhandled error while answering %s %s', request.method, request.url);
    return sendCdfError(reply, 500, `Internal emulator error (request id ${request.id})`);
  });

  app.setNotFoundHandler((request, reply) =>
    sendCdfError(reply, 404, `No such endpoint: ${request.method} ${request.url.split('?')[0] ?? request.url}`),
  );
}
