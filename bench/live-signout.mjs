#!/usr/bin/env node
// Sign-out latency: from an end-session call returning to the signed-out tab receiving its
// `session.ended` event, on one node (SQLite, PostgreSQL) and across two nodes on one
// PostgreSQL database (tab on node B, call on node A). The baseline, measured in the same run,
// is a plain WebSocket echo round trip between two processes on this machine.
//
//   node bench/live-signout.mjs [--quick] [--backend sqlite,postgres] [--no-write]
//
// Self-contained: it builds the server if dist/ is missing, starts real `gatehouse start`
// processes on 127.0.0.1, and appends one row per scenario to bench/RESULTS.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const WebSocket = require('ws');
const pg = require('pg');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const backendArg = argv[argv.indexOf('--backend') + 1];
const backends = argv.includes('--backend') && backendArg ? backendArg.split(',') : ['sqlite', 'postgres'];
const noWrite = argv.includes('--no-write');
const ROUNDS = quick ? 30 : 200;
const PASSWORD = 'bench password 123';

if (!existsSync(path.join(ROOT, 'dist/src/cli.js'))) {
  console.log('Building the server (npm run build:server)…');
  if (spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist/src', p)).href);
const { openDb } = await dist('db/index.js');
const { createAccountService } = await dist('accounts/service.js');
const { hashPassword } = await dist('lib/passwords.js');

// ---------------------------------------------------------------- helpers

function percentiles(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { n: s.length, p50: at(50), p90: at(90), p99: at(99), max: s[s.length - 1] };
}
const ms = (v) => `${v.toFixed(2)} ms`;

function startNode(env) {
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${out}`)), 30_000);
    const onData = (chunk) => {
      out += chunk;
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`node exited with ${code}:\n${out}`)));
  });
}

async function signIn(base, email) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: 'bench', email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie').split(';')[0];
}

function openTab(base, cookie) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live`, { headers: { cookie }, origin: base });
  return new Promise((resolve, reject) => {
    let ended;
    const endedAt = new Promise((r) => (ended = r));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'ready') resolve({ ws, endedAt });
      if (msg.type === 'session.ended') ended(performance.now());
    });
    ws.once('error', reject);
  });
}

async function seed(db) {
  const accounts = createAccountService(db);
  const now = Date.now();
  const passwordHash = await hashPassword(PASSWORD);
  const { workspace } = await accounts.createWorkspace({
    slug: 'bench',
    name: 'Bench',
    adminName: 'Owner',
    adminEmail: 'owner@bench.test',
    adminPasswordHash: passwordHash,
    now,
  });
  await accounts.createAccount({ workspaceId: workspace.id, role: 'agent', name: 'Agent', email: 'agent@bench.test', passwordHash, now });
}

/** One round: sign in on the tab's node, open the tab, end the session with a call on `caller`. */
async function rounds(tabNode, callerNode) {
  const afterReturn = [];
  const afterCall = [];
  for (let i = 0; i < ROUNDS + 3; i++) {
    const cookie = await signIn(tabNode.url, 'agent@bench.test');
    const tab = await openTab(tabNode.url, cookie);
    const called = performance.now();
    const res = await fetch(`${callerNode.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    await res.arrayBuffer();
    const returned = performance.now();
    if (res.status !== 204) throw new Error(`logout answered ${res.status}`);
    const event = await Promise.race([tab.endedAt, new Promise((r) => setTimeout(() => r(null), 5000))]);
    if (event === null) throw new Error('no session.ended event within 5 s');
    tab.ws.terminate();
    if (i < 3) continue; // warm-up
    afterReturn.push(event - returned);
    afterCall.push(event - called);
  }
  return { afterReturn: percentiles(afterReturn), afterCall: percentiles(afterCall) };
}

async function echoBaseline() {
  const server = spawn(
    process.execPath,
    [
      '-e',
      `const { WebSocketServer } = require('ws'); const s = new WebSocketServer({ port: 0, host: '127.0.0.1' }, () => console.log(s.address().port)); s.on('connection', (c) => c.on('message', (m) => c.send(m)));`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => ws.once('open', resolve));
  const rtts = [];
  for (let i = 0; i < ROUNDS * 5 + 50; i++) {
    const t = performance.now();
    await new Promise((resolve) => {
      ws.once('message', resolve);
      ws.send('{"type":"ping"}');
    });
    if (i >= 50) rtts.push(performance.now() - t);
  }
  ws.terminate();
  server.kill();
  return percentiles(rtts);
}

// ---------------------------------------------------------------- scenarios

const results = [];
const baseline = await echoBaseline();
console.log(`Baseline: WebSocket echo round trip between two processes: p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}`);

if (backends.includes('sqlite')) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-live-'));
  const db = await openDb({ sqlitePath: path.join(dir, 'gatehouse.db') });
  await seed(db);
  await db.close();
  const a = await startNode({ DATA_DIR: dir, NODE_ID: 'bench-a' });
  try {
    results.push({ scenario: 'one node, SQLite', ...(await rounds(a, a)) });
  } finally {
    await a.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (backends.includes('postgres')) {
  const name = `gh_bench_live_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const nodes = [];
  try {
    const db = await openDb({ databaseUrl: url.toString(), poolSize: 2 });
    await seed(db);
    await db.close();
    const env = { DATABASE_URL: url.toString() };
    const a = await startNode({ ...env, NODE_ID: 'bench-a' });
    nodes.push(a);
    const b = await startNode({ ...env, NODE_ID: 'bench-b' });
    nodes.push(b);
    results.push({ scenario: 'one node, PostgreSQL', ...(await rounds(a, a)) });
    results.push({ scenario: 'two nodes, PostgreSQL (tab on B, call on A)', ...(await rounds(b, a)) });
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

// ---------------------------------------------------------------- report

console.log('\nSign-out latency (negative: the tab had its event before the call returned)');
for (const r of results) {
  const a = r.afterReturn;
  console.log(
    `  ${r.scenario.padEnd(46)} call return → event: p50 ${ms(a.p50)}  p90 ${ms(a.p90)}  p99 ${ms(a.p99)}  max ${ms(a.max)}` +
      `   call start → event: p50 ${ms(r.afterCall.p50)}  p99 ${ms(r.afterCall.p99)}  (${(r.afterCall.p50 / baseline.p50).toFixed(1)}× echo p50)`,
  );
}

if (!noWrite) {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const heading = '## Live sign-out latency (bench/live-signout.mjs)';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  if (!text.includes(heading)) {
    writeFileSync(
      file,
      `${text.trimEnd()}\n\n${heading}\n\nFrom an end-session call (POST /api/auth/logout) returning to the signed-out tab's \`session.ended\` event, ` +
        `and from the call's start to the event. Negative values: the event reached the tab before the HTTP answer reached the caller. ` +
        `Baseline: a WebSocket echo round trip between two processes on the same machine, same run.\n\n` +
        `| date | machine | node | command | scenario | rounds | return→event p50 / p90 / p99 / max (ms) | start→event p50 / p99 (ms) | echo RTT p50 (ms) | start→event p50 ÷ echo p50 |\n` +
        `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n`,
    );
  }
  const cpu = (/model name\s*:\s*(.+)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? os.cpus()[0]?.model ?? 'unknown').trim();
  const machine = `nproc ${os.cpus().length}, ${cpu}`;
  const command = `node bench/live-signout.mjs${argv.length ? ` ${argv.join(' ')}` : ''}`;
  const f = (v) => v.toFixed(2);
  // Rows go right after the section's last row, so other benchmarks' sections stay whole.
  const rows = results.map((r) => {
    const a = r.afterReturn;
    return (
      `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC | ${machine} | ${process.version} | \`${command}\` | ${r.scenario} | ${a.n} | ` +
      `${f(a.p50)} / ${f(a.p90)} / ${f(a.p99)} / ${f(a.max)} | ${f(r.afterCall.p50)} / ${f(r.afterCall.p99)} | ${f(baseline.p50)} | ${(r.afterCall.p50 / baseline.p50).toFixed(1)}× |`
    );
  });
  const lines = readFileSync(file, 'utf8').split('\n');
  let i = lines.indexOf(heading) + 1;
  while (i < lines.length && !lines[i].startsWith('|')) i++;
  while (i < lines.length && lines[i].startsWith('|')) i++;
  lines.splice(i, 0, ...rows);
  writeFileSync(file, lines.join('\n'));
  console.log(`\nRows appended to ${path.relative(ROOT, file)}.`);
}
process.exit(0);
