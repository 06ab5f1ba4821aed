import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Dev server only: the app under /embed-example/ (index.html through the SPA fallback) reads its config.json from
 * there, and this answers it in `host` mode for the example portal that `npm start` serves on a second origin
 * (vite.embed.config.ts). A deployment puts such a config.json next to its own index.html instead.
 */
function embedExampleConfig(): Plugin {
  const hostOrigin = process.env.EMBED_HOST_ORIGIN ?? 'http://127.0.0.1:5175';
  const config = {
    baseUrl: process.env.EMBED_CDF_BASE_URL ?? 'http://127.0.0.1:4010',
    project: process.env.EMBED_CDF_PROJECT ?? 'demo',
    auth: { mode: 'host', allowedOrigins: [hostOrigin] },
    ui: { fileList: false },
  };
  return {
    name: 'embed-example-config',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/embed-example/config.json', (_request, response) => {
        response.setHeader('Content-Type', 'application/json');
        response.end(JSON.stringify(config));
      });
    },
  };
}

// base './' keeps every asset URL relative, so the build works under any path and inside an iframe.
export default defineConfig({
  base: './',
  plugins: [react(), embedExampleConfig()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  // The main chunk (~200 kB gzip) is react-dom + konva + react-konva + zod + react-query, all needed for the first
  // paint of the canvas; only the OIDC sign-in is split off. The limit says so instead of warning on every build.
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 800 },
});
