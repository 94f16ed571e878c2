// Where the SQLite sweep's longest pauses come from: each batch's wall and CPU time, the GC
// pauses inside it and the write-ahead log's size, over N expired sessions, optionally with
// session checks running in the same process (--load). SYNC=OFF sets synchronous=OFF to
// compare. Diagnostic only.
//   npm run build:server && node bench/diag/sweep.mjs [N] [--load]
import path from 'node:path';
import { statSync } from 'node:fs';
import { performance, PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DIST, freshDatabase } from '../lib/common.mjs';
import { analyze, openBenchDb, seedSessions, seedWorkspace, tokenOf } from '../lib/seed.mjs';
const dist = (p) => import(pathToFileURL(path.join(DIST, p)).href);
const N = Number(process.argv[2] ?? 1_000_000);
const LOAD = process.argv.includes('--load');
const fresh = await freshDatabase('sqlite');
const HOUR = 3_600_000;
let db = await openBenchDb(fresh);
const now = Date.now();
await seedWorkspace(db, { agents: 10_000, now });
await seedSessions(db, { count: 20_000, agents: 10_000, now, lastSeenAgoMs: 0, spreadMs: 60_000 });
await seedSessions(db, { from: 20_000, count: N, agents: 8_000, now, createdAgoMs: 80 * HOUR, lastSeenAgoMs: 73 * HOUR });
await analyze(db);
await db.close();
console.log('seeded', N);
const { buildGatehouse } = await dist('app.js');
const { loadConfig } = await dist('config.js');
const { openDb } = await dist('db/index.js');
const config = loadConfig({ ...fresh.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
db = await openDb({ sqlitePath: fresh.sqlitePath });
if (process.env.SYNC) await db.run(`pragma synchronous = ${process.env.SYNC}`, []);
const { app, services } = await buildGatehouse({ config, db, logger: false });
await app.ready();
const gcs = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ t: e.startTime, d: e.duration, kind: e.detail?.kind ?? e.kind });
}).observe({ entryTypes: ['gc'] });
const svc = services.sessions;
const end = svc.end.bind(svc);
const batches = [];
const wal = fresh.sqlitePath + '-wal';
svc.end = async (...args) => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const w0 = statSync(wal).size;
  const r = await end(...args);
  const c = process.cpuUsage(c0);
  batches.push({ t: t0, ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, w0, w1: statSync(wal).size });
  return r;
};
let stop = false;
let checks = 0;
const slowChecks = [];
let t0 = 0;
if (LOAD) {
  const tokens = Array.from({ length: 20_000 }, (_, i) => tokenOf(i));
  (async () => {
    let i = 0;
    while (!stop) {
      for (let k = 0; k < 20; k++) {
        const a = performance.now();
        const ca = process.cpuUsage();
        await svc.authenticate(tokens[(i++ * 7919) % tokens.length]);
        checks++;
        const d = performance.now() - a;
        if (d > 20) {
          const cu = process.cpuUsage(ca);
          slowChecks.push({ at: a - t0, ms: d, cpu: (cu.user + cu.system) / 1000 });
        }
      }
      await new Promise((r) => setImmediate(r));
    }
  })();
}
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
t0 = performance.now();
// Every pause of the event loop over 25 ms, with when it ended, to set beside the batches.
const pauses = [];
let tick = performance.now();
const ticker = setInterval(() => {
  const t = performance.now();
  if (t - tick > 25) pauses.push({ at: t - t0, ms: t - tick });
  tick = t;
}, 2);
const ended = await svc.sweep();
h.disable();
stop = true;
clearInterval(ticker);
console.log('ended', ended, 'in', Math.round(performance.now() - t0), 'ms; loop max', (h.max / 1e6).toFixed(1), 'p99', (h.percentile(99) / 1e6).toFixed(1), 'checks', checks);
const sorted = [...batches].sort((a, b) => b.ms - a.ms);
const byMs = batches.map((b) => b.ms).sort((a, b) => a - b);
console.log('batches', batches.length, 'median', byMs[batches.length >> 1].toFixed(1));
for (const b of sorted.slice(0, 12)) {
  const g = gcs
    .filter((x) => x.t >= b.t && x.t <= b.t + b.ms)
    .map((x) => `${x.kind}:${x.d.toFixed(1)}`)
    .join(',');
  console.log(`batch @${(b.t - t0).toFixed(0)} ${b.ms.toFixed(1)} ms cpu ${b.cpu.toFixed(1)} wal ${b.w0}->${b.w1} gc[${g}]`);
}
for (const p of pauses.sort((a, b) => b.ms - a.ms).slice(0, 8)) {
  const inside = batches.filter((b) => b.t - t0 < p.at && b.t - t0 + b.ms > p.at - p.ms);
  console.log(`pause ending @${p.at.toFixed(0)} ${p.ms.toFixed(1)} ms; batches inside: ${inside.map((b) => `${b.ms.toFixed(1)} ms`).join(', ') || 'none'}`);
}
console.log('slow checks', slowChecks.map((c) => `@${c.at.toFixed(0)} ${c.ms.toFixed(1)} ms (cpu ${c.cpu.toFixed(1)})`).join(' '));
console.log(
  'gc max',
  Math.max(...gcs.map((g) => g.d)).toFixed(1),
  'gc>10ms',
  gcs
    .filter((g) => g.d > 10)
    .map((g) => `${g.kind}:${g.d.toFixed(1)}`)
    .join(' '),
);
await app.close();
await db.close();
await fresh.drop();
