/**
 * The test controls `POST /_emulator/faults` and `POST /_emulator/reset`, and the request hook that answers matching
 * requests with an injected error or a malformed body. The hook runs after auth, so an injected fault looks like the
 * server's answer to a valid request; the control paths themselves are never faulted, so a test can always clear them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CdfHttpError, cdfErrorBody } from '../http/errors';
import { requestPath } from '../http/auth';
import { parseOrThrow } from '../http/validation';
import type { FaultController } from './controller';
import { faultsRequestSchema, type HttpFault } from './schema';

const UNFAULTABLE_PATHS = new Set(['/_emulator/faults', '/_emulator/reset', '/_emulator/health']);

/** 200 with JSON that breaks every response schema the app parses: no status/jobId, `items` not an array. */
export const MALFORMED_BODY = { malformed: true, items: 'deliberately broken by an emulator "malformed" fault' };

export function registerFaultHook(app: FastifyInstance, faults: FaultController): void {
  /** Requests carried out normally whose answer an `afterProcessing` fault replaces once the route has finished. */
  const answersToReplace = new WeakMap<FastifyRequest, HttpFault>();
  app.addHook('onRequest', (request, reply, done) => {
    const path = requestPath(request.url);
    const fault =
      request.method === 'OPTIONS' || UNFAULTABLE_PATHS.has(path) ? undefined : faults.takeRequestFault(request.method, path);
    if (!fault) {
      done();
    } else if (fault.type === 'http' && fault.afterProcessing === true) {
      answersToReplace.set(request, fault);
      done();
    } else if (fault.type === 'http') {
      done(new CdfHttpError(fault.status, fault.message ?? `Injected ${fault.status}`, { headers: fault.headers ?? {} }));
    } else {
      // Sending from a callback hook ends the request here; done() must then not be called.
      reply.code(200).type('application/json; charset=utf-8').send(MALFORMED_BODY);
    }
  });
  // onSend runs after the route's work (and its persistence) is done, whatever it answered; only the bytes change.
  app.addHook('onSend', (request, reply, _payload, done) => {
    const fault = answersToReplace.get(request);
    if (!fault) {
      done();
      return;
    }
    answersToReplace.delete(request);
    for (const [name, value] of Object.entries(fault.headers ?? {})) reply.header(name, value);
    reply.code(fault.status).type('application/json; charset=utf-8');
    reply.removeHeader('content-length');
    done(null, JSON.stringify(cdfErrorBody(fault.status, fault.message ?? `Injected ${fault.status} after processing`)));
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
