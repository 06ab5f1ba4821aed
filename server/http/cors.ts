/**
 * CORS and request ids on every response (CDF-API.md §2.3, §6). Browser apps call the emulator from another origin,
 * so errors, 404s and preflights must carry the headers too, or the app cannot even see a 401's status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Headers a CDF client sends: the SDK's, plus our own client's request id. */
const ALWAYS_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'cdf-version', 'x-cdp-app', 'x-cdp-sdk', 'x-request-id'];
export const ALLOWED_METHODS = 'GET,POST,PUT,DELETE,PATCH,OPTIONS';
export const EXPOSED_HEADERS = 'x-request-id, retry-after';
/** Browsers cap this anyway (Chromium: 2 h); long enough that an app makes one preflight per endpoint. */
const PREFLIGHT_MAX_AGE_S = 7200;

function allowedHeaders(request: FastifyRequest): string {
  const requested = (request.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  return [...new Set([...ALWAYS_ALLOWED_HEADERS, ...requested])].join(', ');
}

export function applyCorsHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  reply.header('access-control-allow-origin', origin ?? '*');
  if (origin) reply.header('vary', 'Origin');
  reply.header('access-control-expose-headers', EXPOSED_HEADERS);
  // Lets a page that sets Cross-Origin-Embedder-Policy still load download URLs into <img>.
  reply.header('cross-origin-resource-policy', 'cross-origin');
  reply.header('x-request-id', request.id);
}

export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS') return;
    reply.header('access-control-allow-methods', ALLOWED_METHODS);
    reply.header('access-control-allow-headers', allowedHeaders(request));
    reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
    // Chromium's Private Network Access: a page on a public origin (an app embedded in Fusion) may call this local
    // emulator only if the preflight says so.
    if (request.headers['access-control-request-private-network'] === 'true') {
      reply.header('access-control-allow-private-network', 'true');
    }
    return reply.code(204).send();
  });
  // onSend runs for every reply (routes, errors, 404s, hook short-circuits), so no response can miss the headers.
  app.addHook('onSend', async (request, reply, payload) => {
    applyCorsHeaders(request, reply);
    return payload;
  });
}
