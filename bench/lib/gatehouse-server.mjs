// Gatehouse as it runs in production (buildApp from dist/ on the configured database), plus a
// few routes that exist only in this benchmark process: a bare route on the same Fastify
// instance, counters, and triggers for the sweep and the bulk end, so their cost is measured
// where requests are being served.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants as perfConstants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DIST } from './common.mjs';

const dist = (p) => import(pathToFileURL(path.join(DIST, p)).href);
const built = await dist('app.js');
const { loadConfig } = await dist('config.js');
const { openDb } = await dist('db/index.js');

const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TRUST_PROXY: 'loopback' });
const db = await openDb({
  databaseUrl: config.databaseUrl,
  sqlitePath: path.join(config.dataDir, 'gatehouse.db'),
  cache: { nodeId: config.nodeId, windowMs: config.sessionCacheWindowMs },
});

// Counts last-activity writes that changed a row, to check the once-a-minute throttle.
let touches = 0;
const run = db.run.bind(db);
db.run = async (text, params, options) => {
  const changed = await run(text, params, options);
  if (changed > 0 && text.includes('set last_seen_at')) touches += changed;
  return changed;
};

// Counts database reads of the session check (cache misses, on SQLite).
let reads = 0;
const first = db.first.bind(db);
db.first = async (text, params) => {
  reads++;
  return first(text, params);
};

// bench/diag/ab.mjs also runs builds from before buildGatehouse existed (their services hung on app.gh).
const { app, services } = built.buildGatehouse ? await built.buildGatehouse({ config, db, logger: false }) : await legacy();
async function legacy() {
  const old = await built.buildApp({ config, db, logger: false });
  return { app: old, services: old.gh };
}
const hidden = { schema: { hide: true } };
app.get('/bench/bare', hidden, async () => ({ hello: 'world' }));
app.get('/bench/stats', hidden, async () => ({
  touches,
  reads,
  checks: services.sessions.checks,
  rssMiB: process.memoryUsage().rss / 2 ** 20,
  heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
}));

// Event-loop delay while a write runs: every request waits at least that long. Besides the
// histogram's maximum, every gap of over 50 ms between two turns of a 5 ms timer is counted,
// so one rare pause can be told from a steady stall; and every garbage collection of over 10 ms
// is kept, so each gap can be laid beside the collection (if any) that it overlapped.
const GC_KIND = {
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
// Where the main thread was during a gap, from the kernel's scheduler statistics of that thread
// (/proc/<pid>/task/<pid>/schedstat: nanoseconds on a core, nanoseconds runnable but waiting for
// one): running JavaScript or native code, waiting while other work held the core it is pinned
// to, or blocked (a system call such as an fsync, or a lock). Null where the kernel has none.
const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
function schedOfMainThread() {
  // The whole process's CPU (every thread: the checkpointer's, the collector's helpers, libuv's
  // pool) beside the main thread's: the difference is what the other threads ran meanwhile.
  const { user, system } = process.cpuUsage();
  try {
    const [onCpu, waiting] = readFileSync(SCHEDSTAT, 'utf8').split(' ').map(Number);
    return { onCpu, waiting, process: (user + system) * 1000 };
  } catch {
    return null;
  }
}
function splitGap(ms, before, after) {
  if (!before || !after) return { onCpuMs: null, waitingForCoreMs: null, blockedMs: null, otherThreadsMs: null };
  const onCpuMs = (after.onCpu - before.onCpu) / 1e6;
  const waitingForCoreMs = (after.waiting - before.waiting) / 1e6;
  const otherThreadsMs = Math.max(0, (after.process - before.process) / 1e6 - onCpuMs);
  const round = (x) => Math.round(x * 10) / 10;
  return {
    onCpuMs: round(onCpuMs),
    waitingForCoreMs: round(waitingForCoreMs),
    blockedMs: round(Math.max(0, ms - onCpuMs - waitingForCoreMs)),
    otherThreadsMs: round(otherThreadsMs),
  };
}

async function timed(fn) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const gaps = [];
  const gcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 10) gcs.push({ start: e.startTime, ms: e.duration, kind: GC_KIND[e.detail?.kind] ?? 'other' });
  });
  observer.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastSched = schedOfMainThread();
  const ticker = setInterval(() => {
    const now = performance.now();
    const sched = schedOfMainThread();
    if (now - last > 55) gaps.push({ start: last, end: now, ms: now - last - 5, ...splitGap(now - last, lastSched, sched) });
    last = now;
    lastSched = sched;
  }, 5);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(ticker);
  h.disable();
  // Entries are delivered after the turn they were recorded in: let the last ones arrive.
  await new Promise((r) => setTimeout(r, 20));
  observer.disconnect();
  gaps.sort((a, b) => b.ms - a.ms);
  // A gap "had" a collection when one ran inside it; its share is the collection's duration.
  // Each gap as measured (its split included), its clock readings on the system's monotonic clock
  // (seconds), the clock of `perf record -k CLOCK_MONOTONIC`, so a profile can be cut to each gap.
  const monoOffsetMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  const explained = gaps.map(({ start, end, ...gap }) => {
    const inside = gcs.filter((c) => c.start < end && c.start + c.ms > start);
    const mono = [start, end].map((t) => Math.round(t + monoOffsetMs) / 1000);
    return { ...gap, gc: inside.map((c) => `${c.kind} ${c.ms.toFixed(0)} ms`).join(' + ') || null, mono };
  });
  return {
    ...result,
    ms,
    loopDelayMaxMs: h.max / 1e6,
    loopDelayP99Ms: h.percentile(99) / 1e6,
    gapsOver50: gaps.length,
    longestGaps: gaps.slice(0, 3).map((g) => g.ms),
    gaps: explained.slice(0, 10),
    gcOver10: gcs.length,
    longestGc: gcs.reduce((m, c) => Math.max(m, c.ms), 0),
  };
}

// The same watch with nothing but the load running: the event loop's own floor, beside the sweep's.
let watch = null;
app.post('/bench/watch', hidden, async (request) => {
  const seconds = Number(request.body?.seconds ?? 10);
  watch = { done: false };
  void timed(() => new Promise((r) => setTimeout(() => r({}), seconds * 1000))).then((r) => (watch = { done: true, ...r }));
  return { started: true };
});
app.get('/bench/watch', hidden, async () => watch);

// The sweep runs in the background; GET /bench/sweep reports it (a 1,000,000-session sweep
// under load can outlast any HTTP client's patience).
let sweep = null;
app.post('/bench/sweep', hidden, async () => {
  sweep = { done: false };
  void timed(async () => ({ ended: await services.sessions.sweep() })).then(
    (r) => (sweep = { done: true, ...r }),
    (err) => (sweep = { done: true, error: String(err) }),
  );
  return { started: true };
});
app.get('/bench/sweep', hidden, async () => sweep);
app.post('/bench/end-accounts', hidden, async (request) => {
  const { workspaceId, accountIds } = request.body;
  return timed(async () => {
    const ended = await services.sessions.end({ workspaceId, accountIds }, 'ended_by_admin', { accountId: null, label: 'Bench', ip: null });
    return { ended: ended.length };
  });
});

await app.listen({ port: 0, host: '127.0.0.1' });
process.on('SIGTERM', () => {
  app
    .close()
    .then(() => db.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
});
console.log(JSON.stringify({ port: app.server.address().port }));
