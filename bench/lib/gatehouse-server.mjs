// Gatehouse as it runs in production (buildApp from dist/ on the configured database), plus a
// few routes that exist only in this benchmark process: a bare route on the same Fastify
// instance, counters, and triggers for the sweep and the bulk end, so their cost is measured
// where requests are being served.
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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
// so one rare pause can be told from a steady stall.
async function timed(fn) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const gaps = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last > 55) gaps.push(now - last - 5);
    last = now;
  }, 5);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(ticker);
  h.disable();
  gaps.sort((a, b) => b - a);
  return { ...result, ms, loopDelayMaxMs: h.max / 1e6, loopDelayP99Ms: h.percentile(99) / 1e6, gapsOver50: gaps.length, longestGaps: gaps.slice(0, 3) };
}

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
