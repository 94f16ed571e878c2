// npm run bench: builds the server, installs the peers once, runs every benchmark in turn
// (bounded in time, loopback only) and appends their rows to bench/RESULTS.md.
//   npm run bench [-- --quick] [-- --backend sqlite|postgres] [-- --only session,writes,…]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, flags, ROOT } from './lib/common.mjs';

const argv = process.argv.slice(2);
const opts = flags(argv);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1].split(',') : null;
const started = Date.now();

const sh = (cmd, args, cwd = ROOT) => {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
};

console.log('Building the server (npm run build:server)…');
sh('npm', ['run', '--silent', 'build:server']);
if (!existsSync(path.join(BENCH_DIR, 'node_modules', 'better-auth'))) {
  console.log('Installing the benchmark peers (npm ci --prefix bench)…');
  sh('npm', ['ci', '--prefix', 'bench', '--no-audit', '--no-fund']);
}

const suites = [
  ['session', () => import('./session-check.mjs').then((m) => m.sessionCheck(opts))],
  ['writes', () => import('./writes.mjs').then((m) => m.writes(opts))],
  ['memory', () => import('./memory.mjs').then((m) => m.memory(opts))],
  ['admin', () => import('./admin-views.mjs').then((m) => m.adminViews(opts)), 'admin-views.mjs'],
  ['live', () => import('./live-tabs.mjs').then((m) => m.liveTabs(opts)), 'live-tabs.mjs'],
];
for (const [name, run, file] of suites) {
  if (only && !only.includes(name)) continue;
  if (file && !existsSync(path.join(BENCH_DIR, file))) continue;
  await run();
}
// The sign-out latency benchmark belongs to Live presence; run it when that branch has landed.
const signout = path.join(BENCH_DIR, 'live-signout.mjs');
if ((!only || only.includes('signout')) && existsSync(signout)) sh(process.execPath, [signout, ...argv.filter((a) => a !== '--only')]);

console.log(`\nDone in ${((Date.now() - started) / 60_000).toFixed(1)} min; rows appended to bench/RESULTS.md.`);
process.exit(0);
