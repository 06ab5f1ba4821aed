/**
 * Bearer-token auth for the CDF paths and the emulator's control paths (CDF-API.md §2.5, §5.1). The SDK sends its
 * first request without a token and re-authenticates on 401, so the 401 must be a proper CDF error body with CORS.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorConfig } from '../config';
import { CdfHttpError } from './errors';

/** Control paths that need no token: health (npm start and Playwright poll it) and the signed link paths. */
const PUBLIC_PREFIXES = ['/_emulator/health', '/_emulator/download/', '/_emulator/upload/'];

export const CDF_API_PREFIX = '/api/v1/';
export const CONTROL_PREFIX = '/_emulator/';

export function requestPath(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

export function needsToken(path: string): boolean {
  if (path.startsWith(CDF_API_PREFIX)) return true;
  if (!path.startsWith(CONTROL_PREFIX)) return false;
  return !PUBLIC_PREFIXES.some((prefix) => path === prefix || (prefix.endsWith('/') && path.startsWith(prefix)));
}

function tokensMatch(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/api/v1/projects/{project}/...` → the decoded project name, else undefined. */
export function projectOfPath(path: string): string | undefined {
  const match = /^\/api\/v1\/projects\/([^/]+)(?:\/|$)/.exec(path);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    // A malformed %-escape cannot name our project; report it as given.
    return match[1];
  }
}

export function registerAuth(app: FastifyInstance, config: EmulatorConfig): void {
  app.addHook('onRequest', (request, _reply, done) => {
    done(authProblem(requestPath(request.url), request.headers.authorization, config));
  });
}

/** The 401/403 a request deserves, or undefined when it may proceed. */
export function authProblem(path: string, authorization: string | undefined, config: EmulatorConfig): CdfHttpError | undefined {
  if (!needsToken(path)) return undefined;
  if (authorization === undefined) {
    return new CdfHttpError(401, 'Unauthorized: missing Authorization header (expected "Bearer <token>")');
  }
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match?.[1] || !tokensMatch(match[1], config.token)) {
    return new CdfHttpError(401, 'Unauthorized: the bearer token is not valid for this emulator');
  }
  if (path.startsWith(CDF_API_PREFIX)) {
    const project = projectOfPath(path);
    if (project !== undefined && project !== config.project) {
      return new CdfHttpError(
        403,
        `Forbidden: project "${project}" is not available; this emulator serves project "${config.project}"`,
      );
    }
  }
  return undefined;
}
