/**
 * JSON bodies for the CDF and control routes. An empty body parses to `undefined` (so `POST /_emulator/reset` with
 * no body works and a CDF route can say "Request body is missing"); invalid JSON is a 400 CDF error; the size limit
 * is the configured one (413 beyond it). Fastify's secure parser keeps prototype-poisoning keys out.
 *
 * Nesting is capped at MAX_JSON_DEPTH levels. JSON.parse copes with any depth, but JSON.stringify recurses: a file
 * whose `geoLocation.geometry.coordinates` was 20 000 arrays deep (40 KB of `[`) was accepted, then every later
 * `files/list` and every metadata write failed with "Maximum call stack size exceeded" (http/robustness.test.ts).
 * No CDF payload comes near the cap (GeoJSON MultiPolygon coordinates are 4 levels deep).
 */
import type { FastifyInstance } from 'fastify';
import { CdfHttpError } from './errors';

export const MAX_JSON_DEPTH = 100;

/** Nesting depth of a parsed JSON value (a scalar is 0, `[]` and `{}` are 1), walked without recursion. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

export function registerJsonBodyParsing(app: FastifyInstance, jsonBodyLimitBytes: number): void {
  const secureParse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: jsonBodyLimitBytes },
    (request, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      void secureParse(request, text, (error, parsed) => {
        if (error) done(new CdfHttpError(400, `Request body is not valid JSON: ${error.message}`), undefined);
        else if (jsonDepthExceeds(parsed, MAX_JSON_DEPTH)) {
          done(new CdfHttpError(400, `Request body is nested too deeply: at most ${MAX_JSON_DEPTH} levels of objects and arrays`), undefined);
        } else done(null, parsed);
      });
    },
  );
}
