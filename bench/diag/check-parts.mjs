// In-process CPU cost of one cached session check and of its parts, and of a whole /api/me
// through Fastify's inject. Diagnostic only: writes nothing to RESULTS.md.
//   npm run build:server && node bench/diag/check-parts.mjs
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, freshDatabase } from '../lib/common.mjs';
import { analyze, openBenchDb, seedSessions, seedWorkspace, tokenOf } from '../lib/seed.mjs';
const dist = (p) => import(pathToFileURL(path.join(DIST, p)).href);
const fresh = await freshDatabase('sqlite');
let db = await openBenchDb(fresh);
const now = Date.now();
await seedWorkspace(db, { agents: 1000, now });
await seedSessions(db, { count: 10_000, agents: 1000, now, lastSeenAgoMs: 0 });
await analyze(db);
await db.close();
const { buildGatehouse } = await dist('app.js');
const { loadConfig } = await dist('config.js');
const { openDb } = await dist('db/index.js');
const { hashToken } = await dist('lib/ids.js');
db = await openDb({ sqlitePath: fresh.sqlitePath });
const { app, services } = await buildGatehouse({ config: loadConfig({ ...fresh.env, LOG_LEVEL: 'silent' }), db, logger: false });
await app.ready();
const tokens = Array.from({ length: 1000 }, (_, i) => tokenOf(i * 10));
const svc = services.sessions;
async function time(label, fn, n = 200_000) {
  for (let i = 0; i < 20_000; i++) await fn(i);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i);
  const c = process.cpuUsage(c0);
  console.log(label.padEnd(28), ((c.user + c.system) / n).toFixed(2), 'µs');
}
await time('authenticate (cached)', (i) => svc.authenticate(tokens[i % 1000]));
await time('hashToken', (i) => hashToken(tokens[i % 1000]));
await time('db.stamp', () => db.stamp());
const r = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `gatehouse_session=${tokens[0]}` } });
console.log(r.statusCode, r.body.length, 'bytes', JSON.stringify(r.headers).length, 'header bytes');
await time('inject /api/me', (i) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `gatehouse_session=${tokens[i % 1000]}` } }), 30_000);
await time('inject /healthz', () => app.inject({ method: 'GET', url: '/healthz' }), 30_000);
await app.close();
await db.close();
await fresh.drop();
