// Loads GET /api/me (1,000 cookies over 100,000 sessions) and the same instance's bare route,
// printing server CPU per request; with --prof the server is profiled into bench/profiles/
// (read it with `node bench/lib/profile-inclusive.mjs FILE`). Diagnostic only.
//   npm run build:server && node bench/diag/profile-check.mjs [--prof]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, freshDatabase, loadOn, startServer } from '../lib/common.mjs';
import { analyze, cookies, openBenchDb, seedSessions, seedWorkspace } from '../lib/seed.mjs';
const fresh = await freshDatabase('sqlite');
const db = await openBenchDb(fresh);
const now = Date.now();
await seedWorkspace(db, { agents: 10_000, now });
await seedSessions(db, { count: 100_000, agents: 10_000, now, lastSeenAgoMs: 0, spreadMs: 60_000 });
await analyze(db);
await db.close();
const profileDir = path.join(BENCH_DIR, 'profiles');
mkdirSync(profileDir, { recursive: true });
const prof = process.argv.includes('--prof');
const gh = await startServer(path.join(BENCH_DIR, 'lib', 'gatehouse-server.mjs'), fresh.env, prof ? { profileDir } : {});
const t = { url: gh.base, path: '/api/me', cookies: cookies(1000, 100_000) };
await loadOn(gh, { ...t, duration: 3 });
for (const route of ['/api/me', '/bench/bare', '/api/me', '/bench/bare']) {
  const x = await loadOn(gh, { ...t, path: route, duration: 5 });
  console.log(route, Math.round(x.rps), 'req/s', x.cpuUs.toFixed(1), 'µs CPU/req', 'p99', x.p99);
}
await gh.stop();
await fresh.drop();
