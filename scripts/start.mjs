#!/usr/bin/env node
// `npm start`: the CDF emulator, the app's dev server and the example portal (embed/example, on a second origin)
// side by side; prints the URLs once each answers. Ctrl+C stops them all.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const emulatorHost = process.env.EMULATOR_HOST ?? '127.0.0.1';
const emulatorPort = process.env.EMULATOR_PORT ?? '4010';
const appPort = process.env.APP_PORT ?? '5173';
const emulatorProject = process.env.EMULATOR_PROJECT ?? 'demo';
const emulatorUrl = `http://${emulatorHost}:${emulatorPort}`;
// The app defaults to the emulator at 127.0.0.1:4010 and project demo; point it at another address or project with
// the baseUrl and project parameters.
const appRootUrl = `http://127.0.0.1:${appPort}/`;
const appParams = new URLSearchParams();
if (emulatorUrl !== 'http://127.0.0.1:4010') appParams.set('baseUrl', emulatorUrl);
if (emulatorProject !== 'demo') appParams.set('project', emulatorProject);
const appUrl = appParams.size === 0 ? appRootUrl : `${appRootUrl}?${appParams.toString()}`;
// The example portal runs on another port: another origin, the same site (as annotator.example.com is to
// portal.example.com). A cross-site portal works too, but browsers that block third-party storage then deny the app
// IndexedDB and localStorage (README, Embedding).
const embedHostPort = process.env.EMBED_HOST_PORT ?? '5175';
const embedHostOrigin = `http://127.0.0.1:${embedHostPort}`;
const embedExampleUrl = `${embedHostOrigin}/example/?${new URLSearchParams({ appUrl: `${appRootUrl}embed-example/?fileList=0` }).toString()}`;
// The emulator's token (its development token, not a secret) reaches the app at build time, never through the URL:
// the app sends it to a loopback emulator by default (see src/app/config.ts).
const viteEnv = {
  ...process.env,
  ...(process.env.EMULATOR_TOKEN ? { VITE_EMULATOR_TOKEN: process.env.EMULATOR_TOKEN } : {}),
  // The dev server's /embed-example/config.json (vite.config.ts): host mode, trusting the example portal's origin.
  EMBED_HOST_ORIGIN: embedHostOrigin,
  EMBED_CDF_BASE_URL: emulatorUrl,
  EMBED_CDF_PROJECT: emulatorProject,
};

// Each child leads its own process group, so stopping it also stops what npx and tsx start beneath it.
const children = [
  spawn('npx', ['tsx', 'server/main.ts'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], detached: true }),
  spawn('npx', ['vite', '--port', appPort, '--strictPort', '--clearScreen', 'false'], {
    cwd: root,
    env: viteEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  }),
  spawn('npx', ['vite', '--config', 'vite.embed.config.ts', '--port', embedHostPort, '--strictPort', '--clearScreen', 'false'], {
    cwd: root,
    env: { ...process.env, EMBED_HOST_PORT: embedHostPort },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  }),
];

function stopAll(code) {
  for (const child of children) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch (error) {
      // ESRCH: the group is already gone, which is what we want.
      if (error.code !== 'ESRCH') throw error;
    }
  }
  process.exitCode = code;
}
for (const child of children) {
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      console.error(`A process exited with code ${code}; stopping.`);
      stopAll(code);
    }
  });
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet: keep waiting until the deadline
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

try {
  await Promise.all([waitFor(`${emulatorUrl}/_emulator/health`, 60_000), waitFor(appRootUrl, 60_000), waitFor(`http://127.0.0.1:${embedHostPort}/example/`, 60_000)]);
  console.log(`\nCDF emulator:    ${emulatorUrl} (project ${emulatorProject})`);
  console.log(`Annotator:       ${appUrl}`);
  console.log(`Example portal:  ${embedExampleUrl}\n`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
}
