// Builds the console (web/) into dist/web with Vite; the Gatehouse server serves that folder.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// A build is for production whatever the caller's environment says (vitest sets NODE_ENV=test,
// which would bundle React's development build).
process.env.NODE_ENV = 'production';

// `--watch` (npm run dev) rebuilds on every change to web/ until stopped.
const watch = process.argv.includes('--watch');

await build({
  configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
  mode: 'production',
  logLevel: process.env.CI ? 'warn' : 'info',
  ...(watch ? { build: { watch: {} } } : {}),
});
