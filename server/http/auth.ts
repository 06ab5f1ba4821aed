/**
 * Bearer-token auth for the CDF paths and the emulator's control paths (CDF-API.md §2.5, §5.1). The SDK sends its
 * first request without a token and re-authenticates on 401, so the 401 must be a proper CDF error body with CORS.
 *
 * The decision is made on what the router routed (`routedTarget`), never on the raw request target: the router
 * decodes %-escapes (`/%61pi/...` is `/api/...`) and takes absolute-form targets (`POST http://x/_emulator/reset`),
 * so a check on the raw bytes could be stepped round by spelling the same route differently (issue 11).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorConfig } from '../config';
import { CdfHttpError } from './errors';
import { createJwtVerifier, type JwtVerifier } from './jwtAuth';

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

/** `/api/v1/projects/{project}/...` of an already decoded path → the project name, else undefined. */
function projectOfPath(decodedPath: string): string | undefined {
  return /^\/api\/v1\/projects\/([^/]+)(?:\/|$)/.exec(decodedPath)?.[1];
}

/** What auth decides on: a path (a route's pattern, or a decoded path when no route matched) and the project. */
export interface RoutedTarget {
  path: string;
  /** The decoded `{project}` of a CDF path, as the route handler sees it; undefined for paths without one. */
  project: string | undefined;
}

/** A request target's path: absolute-form (`http://host/path?q`) reduced to its path, the query dropped. */
function originFormPath(url: string): string {
  const path = requestPath(url);
  if (path.startsWith('/')) return path;
  const authorityEnd = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path)?.[0].length;
  return authorityEnd === undefined ? path : path.slice(authorityEnd) || '/';
}

/**
 * The target as the router saw it. A matched route is named by its registered pattern (`/_emulator/faults`,
 * `/api/v1/projects/:project/files/list`), however the client spelled it, and its `project` parameter is the one
 * the router decoded. A request that matched no route reaches no handler, so its path only decides between 401/403
 * and 404: it is decoded fully, so that an unknown CDF path spelled with escapes still asks for the token first.
 */
export function routedTarget(request: FastifyRequest): RoutedTarget {
  const pattern = request.routeOptions.url;
  if (pattern !== undefined) {
    const params: unknown = request.params;
    const project = typeof params === 'object' && params !== null && 'project' in params ? params.project : undefined;
    return { path: pattern, project: typeof project === 'string' ? project : undefined };
  }
  const path = originFormPath(request.url);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // The router refuses malformed escapes before any hook runs (frameworkErrors); judge the path as written.
  }
  return { path: decoded, project: projectOfPath(decoded) };
}

export function registerAuth(app: FastifyInstance, config: EmulatorConfig, now: () => number): void {
  const verifier = config.oidc === undefined ? undefined : createJwtVerifier(config.oidc, { now });
  app.addHook('onRequest', async (request) => {
    const problem = await authProblem(routedTarget(request), request.headers.authorization, config, verifier);
    if (problem !== undefined) throw problem;
  });
}

/** The projects a presented token grants, or the 401/503 to answer instead. */
async function grantedProjects(token: string, config: EmulatorConfig, verifier: JwtVerifier | undefined): Promise<readonly string[] | CdfHttpError> {
  if (verifier === undefined) {
    // The fixed development token grants the one project this emulator serves.
    return tokensMatch(token, config.token) ? [config.project] : new CdfHttpError(401, 'Unauthorized: the bearer token is not valid for this emulator');
  }
  try {
    return (await verifier.verify(token)).projects;
  } catch (error) {
    if (error instanceof CdfHttpError) return error;
    throw error;
  }
}

/**
 * The 401/403 (503 when a JWT cannot be checked) a request deserves, or undefined when it may proceed. With `verifier`
 * (config `oidc`), the token must be a valid JWT whose project claim includes the requested project; control paths
 * need a valid token but no project.
 */
export async function authProblem(
  { path, project }: RoutedTarget,
  authorization: string | undefined,
  config: EmulatorConfig,
  verifier: JwtVerifier | undefined,
): Promise<CdfHttpError | undefined> {
  if (!needsToken(path)) return undefined;
  if (authorization === undefined) {
    return new CdfHttpError(401, 'Unauthorized: missing Authorization header (expected "Bearer <token>")');
  }
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match?.[1]) return new CdfHttpError(401, 'Unauthorized: the Authorization header is not valid (expected "Bearer <token>")');
  const granted = await grantedProjects(match[1], config, verifier);
  if (granted instanceof CdfHttpError) return granted;
  if (path.startsWith(CDF_API_PREFIX) && project !== undefined) {
    if (project !== config.project) {
      return new CdfHttpError(
        403,
        `Forbidden: project "${project}" is not available; this emulator serves project "${config.project}"`,
      );
    }
    // The development token grants the served project by construction; a JWT grants what its claim lists.
    if (config.oidc !== undefined && !granted.includes(project)) {
      const listed = granted.length === 0 ? 'no project' : granted.map((name) => `"${name}"`).join(', ');
      return new CdfHttpError(
        403,
        `Forbidden: the access token does not grant access to project "${project}" (its "${config.oidc.projectClaim}" claim lists ${listed})`,
      );
    }
  }
  return undefined;
}
