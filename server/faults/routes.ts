/**
 * The test controls `POST /_emulator/faults` and `POST /_emulator/reset`, and the request hook that answers matching
 * requests with an injected error or a malformed body. The hook runs after auth, so an injected fault looks like the
 * server's answer to a valid request; the control paths themselves are never faulted, so a test can always clear them.
 */
import type { FastifyInstance } from 'fastify';
import { CdfHttpError } from '../http/errors';
import { requestPath } from '../http/auth';
import { parseOrThrow } from '../http/validation';
import type { FaultController } from './controller';
import { faultsRequestSchema } from './schema';

const UNFAULTABLE_PATHS = new Set(['/_emulator/faults', '/_emulator/reset', '/_emulator/health']);

/** 200 with JSON that breaks every response schema the app parses: no status/jobId, `items` not an array. */
export const MALFORMED_BODY = { malformed: true, items: 'deliberately broken by an emulator "malformed" fault' };

export function registerFaultHook(app: FastifyInstance, faults: FaultController): void {
  app.addHook('onRequest', (request, reply, done) => {
    const path = requestPath(request.url);
    const fault =
      request.method === 'OPTIONS' || UNFAULTABLE_PATHS.has(path) ? undefined : faults.takeRequestFault(request.method, path);
    if (!fault) {
      done();
    } else if (fault.type === 'http') {
      done(new CdfHttpError(fault.status, fault.message ?? `Injected ${fault.status}`, { headers: fault.headers ?? {} }));
    } else {
      // Sending from a callback hook ends the request here; done() must then not be called.
      reply.code(200).type('application/json; charset=utf-8').send(MALFORMED_BODY);
    }
  });
}

export function registerFaultRoutes(app: FastifyInstance, faults: FaultController): void {
  app.post('/_emulator/faults', (request) => {
    const { faults: requested } = parseOrThrow(faultsRequestSchema, request.body);
    faults.replace(requested);
    return { applied: requested.length, active: faults.describe() };
  });

  app.post('/_emulator/reset', async () => {
    await faults.reset();
    return { reset: true };
  });
}
