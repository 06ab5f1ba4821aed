/**
 * A second emulator for one spec, started as its own process exactly as `npm run emulator` runs it (`tsx
 * server/main.ts`, settings in the environment), on a free port and a fresh data directory. Used where a spec needs
 * settings the shared Playwright emulator does not have, e.g. JWT verification against an issuer that the spec
 * itself starts (its URL is known only at run time, so it cannot be a `webServer` of playwright.config.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface EmulatorProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..');
const START_TIMEOUT_MS = 60_000;

/** Starts `server/main.ts` with `env` (EMULATOR_* settings) on top of a quiet, light default, and waits until it listens. */
export async function startEmulatorProcess(env: Record<string, string>): Promise<EmulatorProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'annotator-e2e-emulator-'));
  // Playwright's own loader settings must not leak into the child; tsx is the emulator's loader.
  const { NODE_OPTIONS: _ignored, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...parentEnv,
      EMULATOR_HOST: '127.0.0.1',
      EMULATOR_PORT: '0',
      EMULATOR_DATA_DIR: dataDir,
      // GrabCut on one worker: this emulator runs beside the shared one on a small machine.
      EMULATOR_SEGMENTER: 'grabcut',
      EMULATOR_WORKERS: '1',
      EMULATOR_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  try {
    const url = await listeningUrl(child, output);
    return {
      url,
      close: async () => {
        await stop(child);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`The emulator did not start: ${(error as Error).message}\n${output.join('')}`, { cause: error });
  }
}

/** Resolves with the URL main.ts prints once it listens; rejects if the process exits first or takes too long. */
function listeningUrl(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /listening on (http:\/\/[^\s]+)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the process exited (code ${code}, signal ${signal})`));
    });
  });
}

/** SIGTERM (main.ts closes cleanly on it) and wait for the exit. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
