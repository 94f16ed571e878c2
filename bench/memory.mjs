// Memory: resident memory of the server with 1,000,000 stored sessions, idle, after sign-ins
// that open geolocation (both address families; read from disk, not loaded), and after serving
// session checks over 10,000 sessions; the baseline is a plain Fastify process measured in the
// same run.
//   node bench/memory.mjs [--quick] [--backend sqlite|postgres]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { assertBuilt, BENCH_DIR, DIST, pinned, backendLabel, flags, fmt, freshDatabase, load, pgVersion, sleep, startServer } from './lib/common.mjs';
import { record } from './lib/results.mjs';
import { analyze, cookies, openBenchDb, seedSessions, seedWorkspace } from './lib/seed.mjs';

const AGENTS = 10_000;

async function signIn(base, ip) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    // A documentation-range address from a trusted proxy (the bench server trusts loopback):
    // not a local network, so the sign-in looks it up and opens that family's database.
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ workspace: 'bench', email: 'owner@bench.test', password: 'bench password', account: 'admin' }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
}

/** Opens live tabs from a pinned client process; resolves once all are ready or refused. */
async function openTabs(url, tabCookies) {
  const [cmd, args] = pinned(1, process.execPath, [path.join(BENCH_DIR, 'lib', 'tabs.mjs')]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.write(`${JSON.stringify({ url, cookies: tabCookies })}\n`);
  const line = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('tabs did not open in 120 s')), 120_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.split('\n')[0]);
      }
    });
  });
  return {
    ...JSON.parse(line),
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      await exited;
    },
  };
}

export async function memory(opts = flags()) {
  assertBuilt();
  const pgv = await pgVersion();
  const stored = opts.quick ? 200_000 : 1_000_000;
  const command = `node bench/memory.mjs${opts.quick ? ' --quick' : ''}`;
  const bare = await startServer(path.join(BENCH_DIR, 'lib', 'bare-server.mjs'));
  await sleep(500);
  const baseline = bare.rssMiB();
  await bare.stop();
  for (const backend of opts.backends) {
    if (backend === 'postgres' && !pgv) continue;
    const label = backendLabel(backend, pgv);
    console.log(`\nMemory on ${label}`);
    const fresh = await freshDatabase(backend);
    try {
      const db = await openBenchDb(fresh);
      const now = Date.now();
      await seedWorkspace(db, { agents: AGENTS, now });
      // One in ten active, as in a workspace with history: every session stays on record.
      await seedSessions(db, { count: stored, agents: AGENTS, now, activeEvery: 10, lastSeenAgoMs: 0, spreadMs: 60_000 });
      await analyze(db);
      await db.close();

      const gh = await startServer(path.join(BENCH_DIR, 'lib', 'gatehouse-server.mjs'), fresh.env);
      try {
        await sleep(500);
        const idle = gh.rssMiB();
        await signIn(gh.base, '203.0.113.7');
        await signIn(gh.base, '2001:db8::7');
        await sleep(500);
        const geo = gh.rssMiB();
        // Session checks over 10,000 active sessions (every tenth id is active).
        await load({ url: gh.base, path: '/api/me', cookies: cookies(10_000, stored, 0, 10), duration: opts.quick ? 3 : 8 });
        const loaded = gh.rssMiB();
        const peak = Math.max(idle, geo, loaded);
        const ratio = (x) => `${(x / baseline).toFixed(1)}× bare`;
        const rows = [
          { figure: `resident memory, ${fmt(stored)} sessions stored, idle`, result: `${fmt(idle)} MiB`, baseline: `plain Fastify ${fmt(baseline)} MiB`, ratio: ratio(idle) },
          { figure: '… after sign-ins from IPv4 and IPv6 (geolocation loaded)', result: `${fmt(geo)} MiB`, baseline: `plain Fastify ${fmt(baseline)} MiB`, ratio: ratio(geo) },
          {
            figure: '… after session checks over 10,000 sessions',
            result: `${fmt(loaded)} MiB (peak ${fmt(peak)} MiB)`,
            baseline: `plain Fastify ${fmt(baseline)} MiB`,
            ratio: ratio(loaded),
            target: '≤ 300 MB resident',
            met: peak * 1.048576 <= 300,
          },
        ];
        if (existsSync(path.join(DIST, 'presence', 'hub.js'))) {
          const tabs = await openTabs(gh.base, cookies(5_000, stored, 0, 10));
          await sleep(1000);
          const withTabs = gh.rssMiB();
          await tabs.close();
          rows.push({
            figure: `… with 5,000 live tabs connected (${fmt(tabs.open)} ready, ${fmt(tabs.failed)} refused)`,
            result: `${fmt(withTabs)} MiB (${fmt(((withTabs - loaded) * 1024) / Math.max(1, tabs.open), 1)} KiB a tab)`,
            baseline: `plain Fastify ${fmt(baseline)} MiB`,
            ratio: ratio(withTabs),
            target: '≤ 300 MB resident',
            met: withTabs * 1.048576 <= 300 && tabs.failed === 0,
          });
        } else rows.push({ figure: '5,000 live tabs connected', result: 'not measured: Live presence is not on this branch yet' });
        record(
          'Memory',
          rows.map((row) => ({ backend: label, command, ...row })),
        );
      } finally {
        await gh.stop();
      }
    } finally {
      await fresh.drop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await memory();
