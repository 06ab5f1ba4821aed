import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Browser tests drive Debian's Chromium (Playwright downloads no browser here) against the real emulator and the
 * production build served by `vite preview`. They use their own ports so a running `npm start` does not interfere,
 * and a fresh emulator data directory per run. One worker: emulator faults are global, so tests must not overlap.
 */
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4011);
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 5174);
/** The example portal (embed/, built and previewed) for the embedding tests: a second origin next to the app. */
export const E2E_HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 5176);
process.env.E2E_HOST_PORT = String(E2E_HOST_PORT);
const dataDir = process.env.E2E_EMULATOR_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'annotator-e2e-'));
process.env.E2E_EMULATOR_DATA_DIR = dataDir;
const appDir = process.env.E2E_APP_DIR ?? mkdtempSync(path.join(tmpdir(), 'annotator-e2e-app-'));
process.env.E2E_APP_DIR = appDir;
const hostDir = process.env.E2E_HOST_DIR ?? mkdtempSync(path.join(tmpdir(), 'annotator-e2e-host-'));
process.env.E2E_HOST_DIR = hostDir;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-quic'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: 'npx tsx server/main.ts',
      url: `http://127.0.0.1:${E2E_EMULATOR_PORT}/_emulator/health`,
      env: { EMULATOR_PORT: String(E2E_EMULATOR_PORT), EMULATOR_DATA_DIR: dataDir, EMULATOR_HOST: '127.0.0.1' },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Built into the run's own folder, so two runs (or a running `npm run build`) never serve each other's files.
      command: `npx vite build --logLevel warn --emptyOutDir --outDir ${appDir} && npx vite preview --outDir ${appDir} --port ${E2E_APP_PORT} --strictPort`,
      url: `http://127.0.0.1:${E2E_APP_PORT}/`,
      env: { VITE_EMULATOR_TOKEN: process.env.EMULATOR_TOKEN ?? 'dev-token' },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      // The host helper as built for portal authors (dist/embed/), with the example page, on its own port; the test
      // portal pages come from a real server too (a page Playwright fulfils counts as a public address, and Chromium's
      // local network access checks would block its iframe from loading the app on 127.0.0.1).
      command: `npx vite build -c vite.embed.config.ts --logLevel warn --emptyOutDir --outDir ${hostDir} && cp e2e/embed-pages/*.html ${hostDir}/ && npx vite preview -c vite.embed.config.ts --outDir ${hostDir} --port ${E2E_HOST_PORT} --strictPort`,
      url: `http://127.0.0.1:${E2E_HOST_PORT}/mountAnnotator.js`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
