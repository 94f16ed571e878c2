// `npm run dev`: builds the server and the console, then rebuilds each on change and restarts
// the server (with the demo workspace, like `npm start`) whenever its build changes.
//   tsc --watch          src/      -> dist/src
//   vite build --watch   web/      -> dist/web (served as files: reload the page to see a change)
//   node --watch         dist/src/cli.js start --demo, restarted when a file it loads changes
// Arguments after `--` go to `gatehouse start` in place of `--demo`.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const startArgs = process.argv.length > 2 ? process.argv.slice(2) : ['--demo'];

// One full build first, so the server starts on a complete dist/.
for (const args of [[tsc, '-p', 'tsconfig.build.json'], ['scripts/build-web.mjs']]) {
  const built = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const children = [
  spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, ['scripts/build-web.mjs', '--watch'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, ['--watch', '--watch-preserve-output', 'dist/src/cli.js', 'start', ...startArgs], { cwd: root, stdio: 'inherit' }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
// A watcher that dies takes the others with it: a half-running dev loop only misleads.
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
