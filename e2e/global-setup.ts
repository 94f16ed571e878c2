import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The browser tests run the real server from dist/, so build it once per run: the server
 * (tsc) and the console (Vite). E2E_SKIP_BUILD=1 reuses an existing build while iterating.
 */
export default function setup(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`The console's browser tests need Chromium at ${chromium}: install it with \`apt-get install chromium\`, or set CHROMIUM_PATH.`);
  }
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync('dist/src/cli.js') && existsSync('dist/web/index.html')) return;
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
