import { defineConfig } from 'vite';
import path from 'node:path';

/**
 * The host helper and its example page, apart from the app: `embed/` is their root. `vite build -c vite.embed.config.ts`
 * (part of `npm run build`, after the app) writes dist/embed/mountAnnotator.js, an ES module that keeps its exports
 * for portal authors, and dist/embed/example/. `npm start` serves the example with the dev server on a second origin
 * (http://127.0.0.1:5175 while the app is on http://127.0.0.1:5173), so it shows the protocol working cross-origin.
 */
const embedDir = path.resolve(import.meta.dirname, 'embed');
const HOST_PORT = Number(process.env.EMBED_HOST_PORT ?? 5175);

export default defineConfig({
  root: embedDir,
  base: './',
  // Its own cache: with the app's dev server beside it, a shared dependency cache would be re-optimised under the
  // app's feet ("Outdated Optimize Dep"). The helper has no dependencies to optimise anyway.
  cacheDir: path.resolve(import.meta.dirname, 'node_modules/.vite-embed'),
  optimizeDeps: { noDiscovery: true },
  server: { host: '127.0.0.1', port: HOST_PORT, strictPort: true },
  preview: { host: '127.0.0.1', port: HOST_PORT, strictPort: true },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/embed'),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
    // A few kB either way; readable output is what a portal author copies and reviews.
    minify: false,
    rollupOptions: {
      input: { mountAnnotator: path.join(embedDir, 'mountAnnotator.ts'), example: path.join(embedDir, 'example/index.html') },
      // An app build drops the exports of entry chunks; the helper is a library, so its exports must stay.
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: '[name].js' },
    },
  },
});
