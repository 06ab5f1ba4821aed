/**
 * `npm run emulator`: starts the CDF emulator with settings from the environment (see config.ts) and stops it
 * cleanly on SIGINT/SIGTERM.
 */
import { buildEmulator } from './app';
import { ConfigError, configFromEnv, type EmulatorConfig } from './config';

async function main(): Promise<void> {
  let config: EmulatorConfig;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const { app } = await buildEmulator(config);
  const address = await app.listen({ host: config.host, port: config.port });
  const tokens = config.oidc === undefined ? 'the development token' : `JWTs from ${config.oidc.issuer} for audience ${config.oidc.audience}`;
  console.log(`CDF emulator listening on ${address} (project "${config.project}", accepting ${tokens}, data in ${config.dataDir})`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received; closing the emulator`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Error while closing the emulator:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('The emulator failed to start:', error);
  process.exit(1);
});
