#!/usr/bin/env node
// Rolling restart: two Gatehouse nodes (the built dist/, `gatehouse start`) on one fresh
// PostgreSQL database behind HAProxy, which health-checks each node's GET /readyz. A load
// generator sends sign-ins, session checks (GET /api/me) and ends (sign-outs) at a steady rate
// through HAProxy, and live tabs hold /api/live through it, while each node in turn is stopped
// with SIGTERM, waited for, started again on its port and waited for until HAProxy counts it up.
//
//   npm run bench:rolling -- [--tabs N] [--rate R] [--delay-ms MS] [--rounds N]
//
// --tabs (default 200) console tabs; --rate (default 100) requests a second; --delay-ms (default
// 1000) the nodes' SHUTDOWN_DELAY_MS; --rounds (default 1) restarts of each node (0: none, a
// baseline of the same load for 10 s).
// Reports the requests sent, the failed ones (an unexpected status or no answer; the target is
// 0), the longest request, p50 and p99, each node's shutdown (exit code, how long), and how long
// tabs were without a live connection (per move: from the close to the next `ready`, max and
// p99). The tabs run the console's own client, web/src/live.ts, transpiled at start.
//
// Needs HAProxy (`apt-get install -y haproxy`) and PostgreSQL at 127.0.0.1:5432 (user postgres,
// trust auth; BENCH_PG_URL overrides): a fresh database is created for the run and dropped after.
// Exits non-zero on any failed request, any tab signed out or not connected at the end, or a
// node that did not exit 0. Everything listens on 127.0.0.1, and the run is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, freshDatabase, machine, option, pgVersion, requireRoot, sleep } from './lib/common.mjs';
import { cookies as seededCookies, openBenchDb, seedSessions, seedWorkspace } from './lib/seed.mjs';

const TABS = Number(option('--tabs', 200));
const RATE = Number(option('--rate', 100));
const DELAY_MS = Number(option('--delay-ms', 1000));
const ROUNDS = Number(option('--rounds', 1));
const SIGNERS = 20;
const PASSWORD = 'bench password';
const CHECK_INTERVAL_MS = 500;
if (!(TABS >= 0) || !(RATE > 0) || !(DELAY_MS >= 0) || !(ROUNDS >= 0)) throw new Error('--tabs, --rate, --delay-ms and --rounds take non-negative numbers');

const haproxyBin = process.env.HAPROXY ?? 'haproxy';
const probe = spawnSync(haproxyBin, ['-v'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.error(
    'HAProxy is needed for this benchmark and was not found.\nInstall it with: sudo apt-get install -y haproxy   (Debian, Ubuntu; or set HAPROXY=/path/to/haproxy)',
  );
  process.exit(2);
}
const haproxyVersion = /version (\S+)/i.exec(probe.stdout)?.[1] ?? '?';
const pgv = await pgVersion();
if (!pgv) {
  console.error('PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres, trust auth; or set BENCH_PG_URL).');
  process.exit(2);
}

const WebSocket = requireRoot('ws');
const dist = (p) => import(pathToFileURL(path.join(DIST, p)).href);
const work = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-rolling-'));

/** The console's live client, as the browser runs it (TypeScript to JavaScript, nothing else changed). */
async function consoleLiveClient() {
  const ts = requireRoot('typescript');
  const source = readFileSync(path.join(ROOT, 'web', 'src', 'live.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const file = path.join(work, 'live.mjs');
  writeFileSync(file, outputText);
  return import(pathToFileURL(file).href);
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---------------------------------------------------------------- the nodes and HAProxy

function startNode(name, port, databaseUrl) {
  const child = spawn(process.execPath, [path.join(DIST, 'cli.js'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      NODE_ID: `${name}-${Date.now().toString(36)}`,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'loopback',
      SHUTDOWN_DELAY_MS: String(DELAY_MS),
      SHUTDOWN_TIMEOUT_MS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const node = { name, port, child, errorLines: [], exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
  const onData = (chunk) => {
    for (const line of String(chunk).split('\n')) if (/"level":(50|60)/.test(line)) node.errorLines.push(`${name}: ${line.slice(0, 400)}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  process.once('exit', () => child.kill('SIGKILL'));
  return node;
}

async function until(what, fn, timeoutMs = 60_000, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

const readyz = (port) => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200);

/** What HAProxy thinks of each server: "UP", "DOWN", "UP 1/2"… from its stats CSV. */
async function haproxyStatus(statsPort) {
  const text = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text();
  const [header, ...rows] = text.trim().split('\n');
  const cols = header.replace(/^# /, '').split(',');
  const px = cols.indexOf('pxname');
  const sv = cols.indexOf('svname');
  const st = cols.indexOf('status');
  const out = {};
  for (const row of rows) {
    const c = row.split(',');
    if (c[px] === 'gatehouse' && !['FRONTEND', 'BACKEND'].includes(c[sv])) out[c[sv]] = c[st];
  }
  return out;
}

/**
 * HAProxy in front of the two nodes. Health checks ask /readyz every 500 ms (down after two
 * failures, up after two successes; a check may take 2 s, since a busy node can be slow to
 * answer and one slow answer must not take a healthy node out). A request whose connection to a node fails, or which a node
 * closes without answering (an idle kept-alive connection it closed at that moment), is retried
 * on the other node (`retry-on`, `option redispatch`): such a request never reached a handler.
 */
function haproxyConfig({ frontPort, statsPort, nodes }) {
  return `global
  maxconn 4000

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  option forwardfor
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response junk-response

frontend gatehouse_in
  bind 127.0.0.1:${frontPort}
  default_backend gatehouse

backend gatehouse
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
  timeout check 2s
  default-server inter ${CHECK_INTERVAL_MS}ms fall 2 rise 2
${nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check`).join('\n')}

listen stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats
`;
}

function startHaproxy(config) {
  const file = path.join(work, 'haproxy.cfg');
  writeFileSync(file, config);
  const check = spawnSync(haproxyBin, ['-c', '-f', file], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy refused its configuration:\n${check.stdout}${check.stderr}`);
  const child = spawn(haproxyBin, ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-5000)));
  process.once('exit', () => child.kill('SIGKILL'));
  return { child, file, stderr: () => err };
}

// ---------------------------------------------------------------- load

const latencies = [];
const counts = { signin: 0, check: 0, end: 0 };
const failures = [];
let sent = 0;
let longest = { ms: 0, kind: '' };

async function timed(kind, expect, fn) {
  sent++;
  counts[kind]++;
  const started = performance.now();
  let status = 0;
  let detail = '';
  let res;
  try {
    res = await fn();
    status = res.status;
    if (status !== expect) detail = (await res.text()).slice(0, 200);
  } catch (err) {
    detail = String(err?.cause?.code ?? err?.cause?.message ?? err?.message ?? err);
  }
  const ms = performance.now() - started;
  latencies.push(ms);
  if (ms > longest.ms) longest = { ms, kind, at: new Date().toISOString().slice(11, 23) };
  if (status !== expect) {
    failures.push(`${new Date().toISOString().slice(11, 23)} ${kind}: ${status || 'no answer'} ${detail}`);
    return null;
  }
  return res;
}

function loadGenerator(base, checkCookies) {
  let signer = 0;
  let checkNext = 0;
  const toEnd = [];
  const ops = {
    async signin() {
      const k = signer++ % SIGNERS;
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
    async check() {
      const cookie = checkCookies[checkNext++ % checkCookies.length];
      const res = await timed('check', 200, () => fetch(`${base}/api/me`, { headers: { cookie } }));
      await res?.arrayBuffer();
    },
    async end() {
      const cookie = toEnd.shift();
      if (!cookie) return ops.check();
      const res = await timed('end', 204, () => fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie } }));
      await res?.arrayBuffer();
    },
  };
  // Per sign-in: ten checks, one end, ten checks (as bench/soak.mjs).
  const MIX = ['signin', ...Array(10).fill('check'), 'end', ...Array(10).fill('check')];
  let stopped = false;
  const pending = new Set();
  const run = (async () => {
    const started = performance.now();
    let issued = 0;
    while (!stopped) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE);
      while (issued < due) {
        const p = ops[MIX[issued++ % MIX.length]]().finally(() => pending.delete(p));
        pending.add(p);
      }
      await sleep(5);
    }
    await Promise.all(pending);
  })();
  return {
    stop: async () => {
      stopped = true;
      await run;
    },
  };
}

// ---------------------------------------------------------------- tabs

async function openTabs(base, tabCookies) {
  const { connectLive } = await consoleLiveClient();
  const tabs = tabCookies.map((cookie) => {
    const tab = { cookie, client: null, ready: 0, downSince: null, gaps: [], openGaps: [], ended: null, moves: 0 };
    const Browserish = class extends WebSocket {
      constructor(url) {
        super(url, { headers: { cookie }, origin: base });
        this.on('message', (data) => {
          if (String(data).includes('"reconnect"')) tab.moves++;
        });
        // The socket open again (the session check and the upgrade done; `ready` follows once the tab is registered).
        this.on('open', () => tab.downSince !== null && tab.openGaps.push(performance.now() - tab.downSince));
        // The moment a connected tab loses its connection, whatever the reason.
        this.on('close', () => {
          if (tab.ready > 0) tab.downSince ??= performance.now();
        });
      }
    };
    tab.client = connectLive({
      url: `${base.replace(/^http/, 'ws')}/api/live`,
      meUrl: `${base}/api/me`,
      WebSocket: Browserish,
      fetch: (url) => fetch(url, { headers: { cookie } }),
    });
    tab.client.onReady(() => {
      tab.ready++;
      if (tab.downSince !== null) tab.gaps.push(performance.now() - tab.downSince);
      tab.downSince = null;
    });
    tab.client.onEnded((e) => (tab.ended = e.reason));
    return tab;
  });
  await until(`${tabCookies.length} tabs ready`, async () => tabs.every((t) => t.ready > 0), 60_000, 100);
  return tabs;
}

// ---------------------------------------------------------------- the run

const pct = (values, p) => {
  if (!values.length) return 0;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const f1 = (v) => v.toFixed(1);

console.log(`Rolling restart: ${machine()}, Node ${process.version}, ${pgv}, HAProxy ${haproxyVersion}; load average ${os.loadavg()[0].toFixed(2)}`);
const fresh = await freshDatabase('postgres');
let exitCode = 0;
let haproxy;
const nodes = [];
let tabs = [];
try {
  const db = await openBenchDb(fresh);
  const now = Date.now();
  await seedWorkspace(db, { agents: Math.max(TABS, SIGNERS), now });
  await seedSessions(db, { count: Math.max(TABS, 1000), agents: Math.max(TABS, SIGNERS), now });
  const { hashPassword } = await dist('lib/passwords.js');
  const hash = await hashPassword(PASSWORD);
  for (let k = 0; k < SIGNERS; k++) await db.run('update logins set password_hash = $1 where id = $2', [hash, `lgn_b${k}`]);
  await db.close();

  const [portA, portB, frontPort, statsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  nodes.push(startNode('a', portA, fresh.url));
  await until('node a ready', () => readyz(portA));
  nodes.push(startNode('b', portB, fresh.url));
  await until('node b ready', () => readyz(portB));
  haproxy = startHaproxy(haproxyConfig({ frontPort, statsPort, nodes }));
  await until('HAProxy counts both nodes up', async () => Object.values(await haproxyStatus(statsPort)).filter((s) => s === 'UP').length === 2, 30_000, 100).catch(
    async (err) => {
      const status = await haproxyStatus(statsPort).catch((e) => `no stats: ${e.cause?.code ?? e.message}`);
      throw new Error(
        `${err.message}: ${JSON.stringify(status)}; haproxy ${haproxy.child.exitCode === null ? 'running' : `exited ${haproxy.child.exitCode}`}\n${haproxy.stderr()}`,
      );
    },
  );
  const base = `http://127.0.0.1:${frontPort}`;
  console.log(`Nodes on :${portA} and :${portB} (SHUTDOWN_DELAY_MS=${DELAY_MS}), HAProxy on :${frontPort} (checks /readyz every ${CHECK_INTERVAL_MS} ms); ${fresh.url}`);

  const allCookies = seededCookies(Math.max(TABS, 1000), Math.max(TABS, 1000));
  tabs = await openTabs(base, allCookies.slice(0, TABS));
  console.log(`${TABS} tabs live; load at ${RATE} req/s (per sign-in 20 checks and one end)`);
  const load = loadGenerator(base, allCookies);
  await sleep(3000);

  const shutdowns = [];
  // --rounds 0: the same load and tabs for about as long, no restart (a baseline for the figures).
  if (ROUNDS === 0) await sleep(10_000);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, node] of nodes.entries()) {
      const t0 = performance.now();
      const at = new Date().toISOString().slice(11, 23);
      node.child.kill('SIGTERM');
      const { code, signal } = await node.exit;
      const stopMs = performance.now() - t0;
      const restarted = startNode(node.name, node.port, fresh.url);
      restarted.errorLines.push(...node.errorLines);
      nodes[i] = restarted;
      await until(`node ${node.name} ready again`, () => readyz(node.port));
      const readyMs = performance.now() - t0;
      await until(`HAProxy counts node ${node.name} up`, async () => (await haproxyStatus(statsPort))[node.name] === 'UP', 30_000, 50);
      const upMs = performance.now() - t0;
      shutdowns.push({ node: node.name, code, signal, stopMs, readyMs, upMs });
      console.log(`  ${at} node ${node.name}: SIGTERM → exit ${code ?? signal} in ${f1(stopMs)} ms; ready again at ${f1(readyMs)} ms; HAProxy counts it up at ${f1(upMs)} ms`);
      if (code !== 0) exitCode = 1;
      await sleep(2000);
    }
  }
  await sleep(1000);
  await load.stop();
  // Every tab should be back (on one node or the other) by now.
  await until('every tab connected again', async () => tabs.every((t) => t.client.connected || t.ended), 15_000, 100).catch((err) => console.log(`  ${err.message}`));

  const gaps = tabs.flatMap((t) => t.gaps);
  const openGaps = tabs.flatMap((t) => t.openGaps);
  const stillDown = tabs.filter((t) => !t.client.connected && !t.ended).length;
  const signedOut = tabs.filter((t) => t.ended).length;
  const moved = tabs.reduce((n, t) => n + t.moves, 0);
  console.log('\nResults');
  console.log(`  requests sent ${sent} (sign-ins ${counts.signin}, checks ${counts.check}, ends ${counts.end}); failed ${failures.length}`);
  console.log(`  latency p50 ${f1(pct(latencies, 50))} ms, p99 ${f1(pct(latencies, 99))} ms, longest ${f1(longest.ms)} ms (${longest.kind} at ${longest.at})`);
  console.log(
    `  tabs: ${TABS}; reconnect messages received ${moved}; reconnections ${gaps.length}; without a live connection per reconnection: p50 ${f1(pct(gaps, 50))} ms, p99 ${f1(pct(gaps, 99))} ms, max ${f1(gaps.length ? Math.max(...gaps) : 0)} ms; signed out ${signedOut}; not connected at the end ${stillDown}`,
  );
  console.log(
    `  (of which until the new socket opened: p50 ${f1(pct(openGaps, 50))} ms, p99 ${f1(pct(openGaps, 99))} ms, max ${f1(openGaps.length ? Math.max(...openGaps) : 0)} ms)`,
  );
  console.log(`  shutdowns: ${shutdowns.map((s) => `${s.node} exit ${s.code} in ${f1(s.stopMs)} ms`).join(', ')}`);
  const errorLines = nodes.flatMap((n) => n.errorLines);
  if (errorLines.length) console.log(`  node error lines: ${errorLines.length}\n    ${errorLines.slice(0, 5).join('\n    ')}`);
  if (failures.length) console.log(`  first failures:\n    ${failures.slice(0, 10).join('\n    ')}`);
  if (failures.length || signedOut || stillDown) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  for (const t of tabs) t.client.stop();
  for (const n of nodes) if (n.child.exitCode === null) n.child.kill('SIGTERM');
  await Promise.all(nodes.map((n) => n.exit));
  haproxy?.child.kill('SIGTERM');
  await fresh.drop().catch((err) => console.error(`could not drop ${fresh.url}: ${err.message}`));
  rmSync(work, { recursive: true, force: true });
}
console.log(exitCode ? 'ROLLING RESTART: FAILED' : 'Rolling restart: no failed request');
process.exit(exitCode);
