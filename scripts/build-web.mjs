// Builds the console (web/) into dist/web with Vite; the Gatehouse server serves that folder.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

await build({
  configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
  logLevel: process.env.CI ? 'warn' : 'info',
});
