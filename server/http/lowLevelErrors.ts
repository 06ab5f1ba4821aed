/**
 * Errors Fastify and Node answer before any hook or error handler runs, turned into CDF error bodies with CORS and
 * an `x-request-id` like every other response (found by http/robustness.test.ts):
 *
 * - `frameworkErrors`: a path whose %-escapes do not decode (`/files/%FF`, FST_ERR_BAD_URL) or whose parameter is
 *   longer than the router's `maxParamLength` (a 200-character job id, FST_ERR_MAX_PARAM_LENGTH). Fastify's default
 *   writes its own `{"error": "Bad Request", ...}` body straight to the socket, which a CDF client cannot parse and a
 *   browser cannot even read (no CORS header).
 * - `clientErrorHandler`: bytes Node's HTTP parser rejects (a raw non-ASCII byte in the request line, a malformed
 *   header, headers over the size limit). There is no request object yet, so the response is written by hand.
 * - `registerHostHeaderCheck`: Node answers an HTTP/1.1 request without a Host header with a bare 400 of its own,
 *   before Fastify sees it; the server is built with `requireHostHeader: false` and this hook refuses instead.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyCorsHeaders, EXPOSED_HEADERS } from './cors';
import { CdfHttpError, cdfErrorBody, sendCdfError } from './errors';
import { newRequestId } from './requestId';

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'The request path is not a valid URL: it holds a malformed %-escape',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment of the request is too long',
  FST_ERR_ASYNC_CONSTRAINT: 'The request could not be routed',
};

/** Fastify's `frameworkErrors` option. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400;
  // Such a reply belongs to no route, so the app's onSend hook may not run for it: set the headers here too.
  applyCorsHeaders(request, reply);
  void sendCdfError(reply, status, FRAMEWORK_MESSAGES[error.code] ?? 'Bad request');
}

/** Statuses for Node's parser errors, as Fastify's default handler chooses them. */
function clientErrorStatus(error: NodeJS.ErrnoException): number {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

const CLIENT_ERROR_MESSAGES: Record<number, string> = {
  400: 'The request is not valid HTTP (malformed request line or header)',
  408: 'The request was not received in time',
  431: 'The request headers are too large',
};

/** Fastify's `clientErrorHandler` option: Node's 'clientError' event, answered on the raw socket. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer (Node's own handler does the same).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = clientErrorStatus(error);
  const body = JSON.stringify(cdfErrorBody(status, CLIENT_ERROR_MESSAGES[status] ?? 'Bad request'));
  // end(), as in Node's documentation of 'clientError': the answer is flushed before the connection closes.
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'access-control-allow-origin: *',
      `access-control-expose-headers: ${EXPOSED_HEADERS}`,
      'cross-origin-resource-policy: cross-origin',
      `x-request-id: ${newRequestId()}`,
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/**
 * Node's rule (RFC 9112 §3.2: an HTTP/1.1 request must carry Host; HTTP/1.0 may omit it), answered as a CDF error.
 * Register it first, so it holds for preflights and before auth, as Node's own check did. Pairs with the server
 * option `http: { requireHostHeader: false }` (app.ts), without which Node answers before any hook runs.
 */
export function registerHostHeaderCheck(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const { httpVersionMajor, httpVersionMinor } = request.raw;
    const needsHost = httpVersionMajor > 1 || (httpVersionMajor === 1 && httpVersionMinor >= 1);
    done(needsHost && request.headers.host === undefined ? new CdfHttpError(400, 'The request has no Host header; HTTP/1.1 requires one') : undefined);
  });
}
