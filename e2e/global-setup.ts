import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The browser tests run the real server from dist/, so build it once per run: the server
 * (tsc) and the console (Vite). E2E_SKIP_BUILD=1 reuses an existing build while iterating.
 */
export default function setup(): void {
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync('dist/src/cli.js') && existsSync('dist/web/index.html')) return;
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
