/**
 * `server/main.ts` run as a process, as npm start and Playwright run it: env config, the printed URL, health, a clean
 * exit on SIGTERM, and a clear message and non-zero exit for a bad setting.
 *
 * Started as `node --import tsx`, not through the `tsx` CLI: the CLI relays SIGTERM to its child and, when the child
 * does not confirm within 30 ms (a loaded machine), kills it and exits 143, which made the exit-code check flaky.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cdf-emulator-main-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, EMULATOR_DATA_DIR: dataDir, EMULATOR_LOG_LEVEL: 'warn', EMULATOR_WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('server/main.ts', () => {
  it('starts on the configured port, answers health, and exits 0 on SIGTERM', async () => {
    const { child, exited, output } = run({ EMULATOR_PORT: '0', EMULATOR_HOST: '127.0.0.1' });
    try {
      const deadline = Date.now() + 30_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline) {
        url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
        if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(url, output()).toBeDefined();
      const health = await fetch(`${url}/_emulator/health`);
      expect(await health.json()).toEqual({ status: 'ok', segmenter: 'sam' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits non-zero naming a bad variable', async () => {
    const { exited, output } = run({ EMULATOR_PORT: 'not-a-port' });
    expect(await exited).toBe(2);
    expect(output()).toMatch(/EMULATOR_PORT must be a whole number/);
  });
});
