/**
 * Builds the CDF emulator: one Fastify instance answering the CDF paths the annotator uses, byte-compatible with
 * Cognite's schemas (contract/openapi/cdf-openapi-subset.json), plus the `/_emulator/*` test controls.
 *
 * Hook order on every request: Host header check → CORS preflight → auth (401/403) → injected faults → route.
 * Every reply, errors and 404s included, gets CORS headers and an `x-request-id` in onSend.
 */
import { mkdir } from 'node:fs/promises';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { registerAnnotationRoutes } from './annotations/routes';
import { AnnotationStore } from './annotations/store';
import { validateConfig, type EmulatorConfig } from './config';
import type { CloseHook, EmulatorContext } from './context';
import { FaultController } from './faults/controller';
import { registerFaultHook, registerFaultRoutes } from './faults/routes';
import { seedFixtures } from './files/seed';
import { FileStore } from './files/store';
import { LinkSigner, loadOrCreateLinkSecret } from './files/links';
import { registerFileRoutes } from './files/routes';
import { registerSegmentRoutes } from './jobs/routes';
import { registerAuth } from './http/auth';
import { registerJsonBodyParsing } from './http/bodyParsing';
import { registerCors } from './http/cors';
import { registerErrorHandling } from './http/errors';
import { clientErrorHandler, frameworkErrorHandler, registerHostHeaderCheck } from './http/lowLevelErrors';
import { newRequestId } from './http/requestId';

export interface EmulatorDependencies {
  /** Clock in ms since the epoch; tests pass a fake one to expire links. */
  now?: () => number;
}

export async function buildEmulator(
  config: EmulatorConfig,
  dependencies: EmulatorDependencies = {},
): Promise<{ app: FastifyInstance; context: EmulatorContext }> {
  const validConfig = validateConfig(config);
  const now = dependencies.now ?? Date.now;
  await mkdir(validConfig.dataDir, { recursive: true });
  // Open the store before the server exists, so a corrupt data directory fails start-up without leaking anything.
  const files = await FileStore.open(validConfig.dataDir, now);
  await seedFixtures(files);
  const annotations = await AnnotationStore.open(validConfig.dataDir, now, files);
  const links = new LinkSigner(await loadOrCreateLinkSecret(validConfig.dataDir), now);

  const app = Fastify({
    logger: validConfig.logLevel === 'silent' ? false : { level: validConfig.logLevel },
    genReqId: newRequestId,
    // Request logging per call drowns the useful lines; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: validConfig.jsonBodyLimitBytes,
    // Closing (Ctrl+C, a test's afterAll) must not wait on a client that keeps a request or keep-alive open.
    forceCloseConnections: true,
    // `/files/list/` answers like `/files/list`, as CDF's router does.
    routerOptions: { ignoreTrailingSlash: true },
    // Malformed %-escapes, over-long path segments and unparsable HTTP would otherwise get Fastify's or Node's own
    // bodies without CORS or request id (http/lowLevelErrors.ts).
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Node's own Host check answers a bare 400; registerHostHeaderCheck makes the same refusal a CDF error.
    http: { requireHostHeader: false },
  });

  const closeHooks: CloseHook[] = [];
  const context: EmulatorContext = {
    config: validConfig,
    now,
    files,
    annotations,
    links,
    faults: new FaultController(),
    onClose(hook) {
      closeHooks.push(hook);
    },
  };
  app.addHook('onClose', async () => {
    for (const hook of closeHooks.toReversed()) await hook();
    await files.flush();
    await annotations.flush();
  });

  registerErrorHandling(app, { jsonBodyLimitBytes: validConfig.jsonBodyLimitBytes });
  registerHostHeaderCheck(app);
  registerJsonBodyParsing(app, validConfig.jsonBodyLimitBytes);
  registerCors(app);
  registerAuth(app, validConfig, now);
  registerFaultHook(app, context.faults);

  registerFaultRoutes(app, context.faults);
  registerFileRoutes(app, context);
  registerAnnotationRoutes(app, context);

  // Segment jobs: their segmenter starts here (or on the first job) and stops through context.onClose.
  const segmenter = registerSegmentRoutes(app, context);
  app.get('/_emulator/health', () => ({ status: 'ok', segmenter }));

  return { app, context };
}
