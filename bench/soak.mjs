#!/usr/bin/env node
// Soak: Gatehouse (SQLite, the built dist/) on a free loopback port, 1,000 console tabs held on
// /api/live, and a steady mix of sign-ins, session checks (GET /api/me) and ends (sign-outs) at
// half the rate the same mix reached flat out, for --minutes N (default 10).
//
//   npm run soak -- [--minutes N] [--tabs N] [--measure-seconds S]
//
// First ~10 s measure the maximum: the mix in a closed loop (every worker sends its next request
// as soon as the last one answers). Then the mix runs open-loop at 50% of that rate. Each minute
// prints requests, errors and p50/p99 per kind; the server's memory (RSS, heap) is read from
// /metrics at the start and the end. Exits non-zero on any 5xx, any error (an unexpected
// status, a refused connection), or a tab closed that nothing should have closed.
//
// The mix, per sign-in: SIGNIN_CHECKS session checks spread over the 1,000 tabs' sessions, and
// one end (the sign-out of a session an earlier sign-in made), so sessions neither pile up nor run
// out. Everything listens on 127.0.0.1, and the run is bounded by --minutes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, requireRoot, machine, option, sleep } from './lib/common.mjs';
import { COOKIE, seedSessions, seedWorkspace, tokenOf } from './lib/seed.mjs';

const WebSocket = requireRoot('ws');

const MINUTES = Number(option('--minutes', 10));
const TABS = Number(option('--tabs', 1000));
const MEASURE_SECONDS = Number(option('--measure-seconds', 10));
const SIGNIN_CHECKS = 20;
const SIGNERS = 50;
const PASSWORD = 'bench password';
if (!(MINUTES > 0) || !(TABS > 0)) throw new Error('--minutes and --tabs take positive numbers');

if (!existsSync(path.join(DIST, 'cli.js'))) {
  console.log('Building the server (npm run build:server)…');
  if (spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const dist = (p) => import(pathToFileURL(path.join(DIST, p)).href);

// ---------------------------------------------------------------- seeding and the server

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-soak-'));
async function seed() {
  const { openDb } = await dist('db/index.js');
  const { hashPassword } = await dist('lib/passwords.js');
  const db = await openDb({ sqlitePath: path.join(dataDir, 'gatehouse.db') });
  const now = Date.now();
  await seedWorkspace(db, { agents: TABS, now });
  // One active session per tab (tokens straight into the table: a thousand argon2 sign-ins would take minutes).
  await seedSessions(db, { count: TABS, agents: TABS, now });
  // The first SIGNERS agents sign in for real, with a real password hash.
  const hash = await hashPassword(PASSWORD);
  for (let k = 0; k < SIGNERS; k++) await db.run('update logins set password_hash = $1 where id = $2', [hash, `lgn_b${k}`]);
  await db.close();
}

function startServer() {
  const child = spawn(process.execPath, [path.join(DIST, 'cli.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const log = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 60_000);
    const onData = (chunk) => {
      out += chunk;
      if (out.length > 20_000) out = out.slice(-20_000);
      for (const line of String(chunk).split('\n')) if (/"level":(50|60)/.test(line)) log.push(line.slice(0, 500));
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (!m || resolve.done) return;
      resolve.done = true;
      clearTimeout(timer);
      resolve({
        url: m[1],
        errorLines: log,
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
    child.once('exit', (code) => !resolve.done && reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
}

// ---------------------------------------------------------------- tabs

function openTabs(base, cookies) {
  const wsUrl = `${base.replace(/^http/, 'ws')}/api/live`;
  const tabs = [];
  const one = (cookie) =>
    new Promise((resolve) => {
      const ws = new WebSocket(wsUrl, { headers: { cookie }, origin: base });
      const tab = { ws, ready: false, closed: false, ended: null };
      tabs.push(tab);
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data));
        if (msg.type === 'ready' && !tab.ready) {
          tab.ready = true;
          resolve();
        }
        if (msg.type === 'session.ended') tab.ended = msg.reason ?? 'unknown';
      });
      ws.once('close', () => {
        tab.closed = true;
        resolve();
      });
      ws.once('error', () => resolve());
    });
  return (async () => {
    // In waves, as tabs reconnecting after a deploy would.
    for (let i = 0; i < cookies.length; i += 250) await Promise.all(cookies.slice(i, i + 250).map(one));
    return tabs;
  })();
}

// ---------------------------------------------------------------- requests

const checkCookies = Array.from({ length: TABS }, (_, i) => `${COOKIE}=${tokenOf(i)}`);
let checkNext = 0;
let signerNext = 0;
/** Cookies of sessions sign-ins made, waiting to be ended. */
const toEnd = [];

function newStats() {
  const kind = () => ({ requests: 0, errors: 0, fives: 0, latencies: [] });
  return { signin: kind(), check: kind(), end: kind(), examples: [] };
}
let stats = newStats();
const all = { requests: 0, errors: 0, fives: 0, examples: [] };

async function timed(kind, expect, fn) {
  const s = stats[kind];
  const started = performance.now();
  let status = 0;
  let detail = '';
  let res;
  try {
    res = await fn();
    status = res.status;
    if (status !== expect) detail = (await res.text()).slice(0, 200);
    else if (kind !== 'signin') await res.arrayBuffer();
  } catch (err) {
    detail = String(err?.cause?.code ?? err?.message ?? err);
  }
  s.latencies.push(performance.now() - started);
  s.requests++;
  all.requests++;
  if (status !== expect) {
    s.errors++;
    all.errors++;
    if (status >= 500) {
      s.fives++;
      all.fives++;
    }
    if (all.examples.length < 10) all.examples.push(`${kind}: ${status || 'no answer'} ${detail}`);
    return null;
  }
  return res;
}

const ops = {
  async signin(base) {
    const k = signerNext++ % SIGNERS;
    const res = await timed('signin', 200, () =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspace: 'bench', email: `agent${k}@bench.test`, password: PASSWORD }),
      }),
    );
    if (!res) return;
    toEnd.push(res.headers.get('set-cookie').split(';')[0]);
    await res.arrayBuffer();
  },
  async check(base) {
    const cookie = checkCookies[checkNext++ % checkCookies.length];
    await timed('check', 200, () => fetch(`${base}/api/me`, { headers: { cookie } }));
  },
  async end(base) {
    const cookie = toEnd.shift();
    // Nothing to end yet (the sign-ins are behind): a check instead, so the mix keeps its rate.
    if (!cookie) return ops.check(base);
    await timed('end', 204, () => fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie } }));
  },
};

/** The mix as a repeating sequence: one sign-in, SIGNIN_CHECKS checks, one end. */
const MIX = ['signin', ...Array.from({ length: SIGNIN_CHECKS / 2 }, () => 'check'), 'end', ...Array.from({ length: SIGNIN_CHECKS / 2 }, () => 'check')];
let mixNext = 0;
const nextOp = () => MIX[mixNext++ % MIX.length];

/** Closed loop: `workers` clients, each sending its next request as soon as the last is answered. */
async function measureMax(base, seconds, workers = 32) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        await ops[nextOp()](base);
        done++;
      }
    }),
  );
  return done / seconds;
}

/** Open loop at `rate` requests a second for `ms`; at most `cap` in flight (beyond it, requests are counted as skipped). */
async function runAt(base, rate, ms, onMinute) {
  const started = performance.now();
  let sent = 0;
  let inFlight = 0;
  let skipped = 0;
  let minute = 0;
  const cap = 2000;
  const pending = new Set();
  while (performance.now() - started < ms) {
    const elapsed = performance.now() - started;
    const due = Math.floor((elapsed / 1000) * rate);
    while (sent < due) {
      sent++;
      if (inFlight >= cap) {
        skipped++;
        continue;
      }
      inFlight++;
      const p = ops[nextOp()](base).finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
    if (elapsed >= (minute + 1) * 60_000) {
      minute++;
      await onMinute(minute, skipped);
      skipped = 0;
    }
    await sleep(5);
  }
  await Promise.all(pending);
  // What the last (partial) minute and the requests still in flight at the end added.
  if (stats.signin.requests + stats.check.requests + stats.end.requests > 0) await onMinute(minute + 1, skipped, true);
}

// ---------------------------------------------------------------- reporting

function pct(values, p) {
  if (!values.length) return 0;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const f1 = (v) => v.toFixed(1);

async function memory(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const metric = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMiB: metric('process_resident_memory_bytes') / 2 ** 20,
    heapUsedMiB: metric('nodejs_heap_size_used_bytes') / 2 ** 20,
    heapTotalMiB: metric('nodejs_heap_size_total_bytes') / 2 ** 20,
  };
}
const memText = (m) => `RSS ${f1(m.rssMiB)} MiB, heap used ${f1(m.heapUsedMiB)} MiB of ${f1(m.heapTotalMiB)} MiB`;

function line(label, s) {
  return `${label} ${String(s.requests).padStart(7)} req, ${String(s.errors).padStart(3)} err, p50 ${f1(pct(s.latencies, 50)).padStart(6)} ms, p99 ${f1(pct(s.latencies, 99)).padStart(7)} ms`;
}

// ---------------------------------------------------------------- the run

const loadBefore = os.loadavg();
console.log(`Soak: ${machine()}, Node ${process.version}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
console.log(`Seeding ${TABS} agents and sessions…`);
await seed();
const server = await startServer();
const base = server.url;
let exitCode = 0;
try {
  const memStart = await memory(base);
  console.log(`Server at ${base} (SQLite in ${dataDir}); memory at start: ${memText(memStart)}`);
  const tabs = await openTabs(base, checkCookies);
  const ready = tabs.filter((t) => t.ready && !t.closed).length;
  console.log(`Tabs: ${ready} of ${TABS} live`);
  if (ready !== TABS) throw new Error(`only ${ready} of ${TABS} tabs opened`);

  // Warm up (first use of each session writes its last activity), then measure.
  await measureMax(base, 2, 8);
  stats = newStats();
  const max = await measureMax(base, MEASURE_SECONDS);
  const m = stats;
  console.log(`Maximum (closed loop, 32 clients, ${MEASURE_SECONDS} s): ${f1(max)} req/s — ${line('sign-in', m.signin)}; ${line('check', m.check)}; ${line('end', m.end)}`);
  const rate = max / 2;
  console.log(`Running at 50%: ${f1(rate)} req/s for ${MINUTES} min (per sign-in ${SIGNIN_CHECKS} checks and one end)\n`);
  console.log('minute | kind     | requests | errors | p50 ms | p99 ms');
  stats = newStats();
  const runTotals = { requests: 0, errors: 0 };
  const runStarted = performance.now();
  await runAt(base, rate, MINUTES * 60_000, async (minute, skipped, last) => {
    const s = stats;
    stats = newStats();
    for (const kind of ['signin', 'check', 'end']) {
      runTotals.requests += s[kind].requests;
      runTotals.errors += s[kind].errors;
    }
    for (const [kind, label] of [
      ['signin', 'sign-in'],
      ['check', 'check  '],
      ['end', 'end    '],
    ]) {
      const k = s[kind];
      console.log(
        `${String(minute).padStart(6)}${last ? '*' : ' '}| ${label}  | ${String(k.requests).padStart(8)} | ${String(k.errors).padStart(6)} | ${f1(pct(k.latencies, 50)).padStart(6)} | ${f1(pct(k.latencies, 99)).padStart(6)}`,
      );
    }
    if (skipped) console.log(`       | ${skipped} requests skipped: ${2000} already in flight`);
  });
  const memEnd = await memory(base);
  const open = tabs.filter((t) => t.ready && !t.closed).length;
  const ended = tabs.filter((t) => t.ended).length;
  console.log(
    `\nAt 50%: ${runTotals.requests} requests in ${f1((performance.now() - runStarted) / 60_000)} min (${f1(runTotals.requests / ((performance.now() - runStarted) / 1000))} req/s), ${runTotals.errors} errors`,
  );
  console.log(
    `Whole run (measuring included): ${all.requests} requests, ${all.errors} errors (${all.fives} 5xx); tabs still live ${open} of ${TABS}${ended ? `, ${ended} told their session ended` : ''}`,
  );
  console.log(`Memory at start: ${memText(memStart)}\nMemory at end:   ${memText(memEnd)}`);
  const loadAfter = os.loadavg();
  console.log(`Load average after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores, shared with whatever else runs on the machine)`);
  if (server.errorLines.length) console.log(`Server error lines: ${server.errorLines.length}\n${server.errorLines.slice(0, 5).join('\n')}`);
  if (all.examples.length) console.log(`First errors:\n  ${all.examples.join('\n  ')}`);
  if (all.errors || all.fives || open !== TABS || server.errorLines.length) exitCode = 1;
  for (const t of tabs) t.ws.terminate();
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(exitCode ? 'SOAK FAILED' : 'Soak passed');
process.exit(exitCode);
