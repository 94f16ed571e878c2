// Shared plumbing for the benchmarks: machine facts, pinned child processes, the load
// generator, fresh databases. Everything listens on 127.0.0.1 and every run is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
// BENCH_DIST points a run at another build (bench/diag/ab.mjs compares two).
export const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist', 'src');
export const requireRoot = createRequire(path.join(ROOT, 'package.json'));
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The value after a command-line option (`--rounds 8` gives '8'), or `fallback` when it is not given. */
export function option(name, fallback, argv = process.argv.slice(2)) {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

/** Command-line flags every benchmark understands. */
export function flags(argv = process.argv.slice(2)) {
  const has = (f) => argv.includes(f);
  const backend = option('--backend', undefined, argv);
  return {
    quick: has('--quick') || process.env.BENCH_QUICK === '1',
    backends: backend ? backend.split(',') : ['sqlite', 'postgres'],
    noWrite: has('--no-write'),
    profile: has('--cpu-prof'),
  };
}

/** Seconds of load per measurement. */
export function durations(quick) {
  return quick ? { warmup: 1, run: 3, rounds: 1 } : { warmup: 2, run: 8, rounds: 3 };
}

const hasTaskset = spawnSync('sh', ['-c', 'command -v taskset'], { stdio: 'ignore' }).status === 0 && os.cpus().length >= 2;

/** `taskset -c N` when the machine has it and two cores, so server and load never share one. */
export function pinned(core, cmd, args) {
  return hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
}

let machineText;
/** "2 × AMD EPYC, 23 GiB": cores, model from /proc/cpuinfo, memory. */
export function machine() {
  if (machineText) return machineText;
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // No /proc (macOS): os.cpus() named the model already.
  }
  machineText = `${os.cpus().length} × ${model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  return machineText;
}

export function versions() {
  const v = (name) => {
    try {
      return JSON.parse(readFileSync(requireRoot.resolve(`${name}/package.json`), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  return `node ${process.version}, fastify ${v('fastify')}, better-sqlite3 ${v('better-sqlite3')}, pg ${v('pg')}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server script pinned to core 0; resolves once it prints its `{"port":…}` line.
 * The child is killed when this process exits, whatever happens.
 */
export async function startServer(script, env = {}, { profileDir } = {}) {
  const nodeArgs = ['--max-old-space-size=4096'];
  if (profileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const [cmd, args] = pinned(0, process.execPath, [...nodeArgs, script]);
  const child = spawn(cmd, args, { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const info = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${path.basename(script)} did not start in 60 s`)), 60_000);
    child.stdout.on('data', (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${info.port}`;
  return {
    ...info,
    base,
    pid: child.pid,
    /**
     * CPU seconds the server process has used (user + system). Divided by the requests of a
     * run it gives the server's cost per request, which other work on a shared machine changes
     * far less than it changes throughput or latency.
     */
    cpuSeconds() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    /** Resident memory of the server process, in MiB. */
    rssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
    },
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode !== null) return;
      // SIGTERM lets --cpu-prof write its profile.
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(kill, 10_000);
      await done;
      clearTimeout(t);
    },
  };
}

/** Runs autocannon in its own process on core 1 and returns its summary. */
export async function load(options) {
  const [cmd, args] = pinned(1, process.execPath, [path.join(BENCH_DIR, 'lib', 'load.mjs')]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify(options));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out);
}

/** A load run with the server's CPU time per request (µs) added as `cpuUs`. */
export async function loadOn(server, options) {
  const before = server.cpuSeconds();
  const result = await load(options);
  return { ...result, cpuUs: ((server.cpuSeconds() - before) * 1e6) / Math.max(1, result.total) };
}

/** A fresh database for one run: a temporary SQLite file, or a PostgreSQL database created and dropped here. */
export async function freshDatabase(backend) {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
    return { backend, url: undefined, sqlitePath: path.join(dir, 'gatehouse.db'), env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = requireRoot('pg');
  const name = `gh_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    backend,
    url: url.toString(),
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

export async function pgVersion() {
  try {
    const pg = requireRoot('pg');
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    const { rows } = await c.query('show server_version');
    await c.end();
    return `PostgreSQL ${rows[0].server_version.split(' ')[0]}`;
  } catch {
    return null;
  }
}

export function backendLabel(backend, pgv) {
  if (backend === 'postgres') return pgv ?? 'PostgreSQL';
  const v = JSON.parse(readFileSync(requireRoot.resolve('better-sqlite3/package.json'), 'utf8')).version;
  return `SQLite (better-sqlite3 ${v})`;
}

export function assertBuilt() {
  if (!existsSync(path.join(DIST, 'app.js'))) throw new Error('dist/ is missing: run `npm run build:server` first (bench/run.mjs does).');
}

export const fmt = (n, digits = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
