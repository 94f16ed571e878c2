// Compares two builds of the server on the same data, interleaved round by round so that a
// noisy machine slows both alike: median req/s and server CPU per request of each, per route.
// Diagnostic only (for trying a change before it is committed).
//   cp -r dist/src dist/before && <change> && npm run build:server
//   node bench/diag/ab.mjs dist/before dist/src [--rounds 8] [--routes /api/me,/bench/bare]
// When A is the older build, seed with it (BENCH_DIST=dist/before node bench/diag/ab.mjs …): its
// migrator refuses a database that holds migrations it does not know; B migrates the rest.
import path from 'node:path';
import { BENCH_DIR, freshDatabase, loadOn, option, startServer } from '../lib/common.mjs';
import { analyze, cookies, openBenchDb, seedSessions, seedWorkspace } from '../lib/seed.mjs';

const [a, b] = process.argv.slice(2).filter((x) => !x.startsWith('--') && !/^\d+$/.test(x) && !x.startsWith('/api') && !x.startsWith('/bench'));
if (!a || !b) throw new Error('usage: node bench/diag/ab.mjs DIST_A DIST_B [--rounds N] [--routes a,b]');
const rounds = Number(option('--rounds', 8));
const routes = option('--routes', '/api/me,/bench/bare').split(',');

const fresh = await freshDatabase('sqlite');
const db = await openBenchDb(fresh);
const now = Date.now();
await seedWorkspace(db, { agents: 10_000, now });
await seedSessions(db, { count: 100_000, agents: 10_000, now, lastSeenAgoMs: 0, spreadMs: 60_000 });
await analyze(db);
await db.close();

const script = path.join(BENCH_DIR, 'lib', 'gatehouse-server.mjs');
const servers = {
  A: await startServer(script, { ...fresh.env, BENCH_DIST: a }),
  B: await startServer(script, { ...fresh.env, BENCH_DIST: b }),
};
const jar = cookies(1000, 100_000);
const samples = {};
for (const s of Object.values(servers)) await loadOn(s, { url: s.base, path: routes[0], cookies: jar, duration: 3 });
for (let r = 0; r < rounds; r++) {
  for (const route of routes) {
    // Alternate which build goes first, so neither always follows the other.
    for (const name of r % 2 ? ['B', 'A'] : ['A', 'B']) {
      const s = servers[name];
      const x = await loadOn(s, { url: s.base, path: route, cookies: jar, duration: 3 });
      (samples[`${name} ${route}`] ??= []).push(x);
    }
  }
}
const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
for (const route of routes) {
  const m = Object.fromEntries(
    ['A', 'B'].map((n) => [n, { rps: median(samples[`${n} ${route}`].map((x) => x.rps)), cpu: median(samples[`${n} ${route}`].map((x) => x.cpuUs)) }]),
  );
  console.log(
    `${route}: A ${Math.round(m.A.rps)} req/s ${m.A.cpu.toFixed(1)} µs | B ${Math.round(m.B.rps)} req/s ${m.B.cpu.toFixed(1)} µs | B/A rps ${(m.B.rps / m.A.rps).toFixed(3)} cpu ${(m.B.cpu / m.A.cpu).toFixed(3)}`,
  );
}
for (const s of Object.values(servers)) await s.stop();
await fresh.drop();
