/**
 * JSON bodies for the CDF and control routes. An empty body parses to `undefined` (so `POST /_emulator/reset` with
 * no body works and a CDF route can say "Request body is missing"); invalid JSON is a 400 CDF error; the size limit
 * is the configured one (413 beyond it). Fastify's secure parser keeps prototype-poisoning keys out.
 */
import type { FastifyInstance } from 'fastify';
import { CdfHttpError } from './errors';

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
        else done(null, parsed);
      });
    },
  );
}
