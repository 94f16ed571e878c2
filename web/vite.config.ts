import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is plain static files served by the Gatehouse server (src/console/routes.ts).
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The CSP forbids inline scripts; Vite's module preload polyfill would be one.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // No source maps: the server would hand the console's whole source to anyone who asked.
    sourcemap: false,
    target: 'es2022',
    // React, Radix and the icons in one file of ~130 kB gzipped: fine for a console.
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npx vite web` during development: the API runs on the Gatehouse server.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
