import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './' keeps every asset URL relative, so the build works under any path and inside an iframe.
export default defineConfig({
  base: './',
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  // The main chunk (~200 kB gzip) is react-dom + konva + react-konva + zod + react-query, all needed for the first
  // paint of the canvas; only the OIDC sign-in is split off. The limit says so instead of warning on every build.
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 800 },
});
