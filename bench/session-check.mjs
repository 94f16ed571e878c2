// Session check: GET /api/me with a valid cookie, 100,000 sessions stored, against a bare
// route of a plain Fastify process (the ceiling) and of the same Gatehouse instance, with
// better-auth's getSession on the same amount of data as a peer.
//   node bench/session-check.mjs [--quick] [--backend sqlite|postgres] [--cpu-prof] [--nodes 2]
// --nodes 2 (PostgreSQL): a second Gatehouse node on the same database runs beside the one
// measured, with its cache heartbeats and listener; it ends sessions (one account every 250 ms)
// during an extra /api/me run, and the cost of an end call is measured on it (the cache window
// is waited out before an end returns). The better-auth peer is left out of that mode.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, BENCH_DIR, backendLabel, durations, flags, fmt, freshDatabase, load, loadOn, pgVersion, startServer } from './lib/common.mjs';
import { record } from './lib/results.mjs';
import { agentId, analyze, cookies, openBenchDb, seedServiceKey, seedSessions, seedWorkspace, WORKSPACE_ID } from './lib/seed.mjs';
import { cookieOf, tokenOf as baToken } from './peers/better-auth-server.mjs';

const SESSIONS = 100_000;
const AGENTS = 10_000;
const FULL_HIT = 10_000; // distinct sessions the load generator cycles through (1,000 with --quick)

const nodesArg = process.argv.indexOf('--nodes');
const NODES = nodesArg >= 0 ? Number(process.argv[nodesArg + 1]) : 1;

/** Ends one account's sessions at a time on `server` through its bench route; the in-process duration of each. */
async function endAccounts(server, from, n) {
  const ms = [];
  for (let k = from; k < from + n; k++) {
    const res = await fetch(`${server.base}/bench/end-accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId: WORKSPACE_ID, accountIds: [agentId(k)] }),
    });
    ms.push((await res.json()).ms);
  }
  return ms.sort((x, y) => x - y);
}

export async function sessionCheck(opts = flags()) {
  assertBuilt();
  const pgv = await pgVersion();
  const windowEnv = process.env.SESSION_CACHE_WINDOW_MS;
  const command = `${windowEnv !== undefined ? `SESSION_CACHE_WINDOW_MS=${windowEnv} ` : ''}node bench/session-check.mjs${opts.quick ? ' --quick' : ''}${NODES > 1 ? ` --nodes ${NODES}` : ''}`;
  const HIT = opts.quick ? 1_000 : FULL_HIT;
  for (const backend of opts.backends) {
    if (backend === 'postgres' && !pgv) {
      console.log('  PostgreSQL unreachable: skipped');
      continue;
    }
    const label = backendLabel(backend, pgv);
    console.log(`\nSession check on ${label}`);
    const fresh = await freshDatabase(backend);
    try {
      const db = await openBenchDb(fresh);
      const now = Date.now();
      await seedWorkspace(db, { agents: AGENTS, now });
      await seedSessions(db, { count: SESSIONS, agents: AGENTS, now, lastSeenAgoMs: 0, spreadMs: 60_000 });
      const key = await seedServiceKey(db, { now });
      await analyze(db);
      await db.close();

      const profileDir = opts.profile ? path.join(BENCH_DIR, 'profiles') : undefined;
      if (profileDir) mkdirSync(profileDir, { recursive: true });
      // Both servers stay up on core 0 (only one is loaded at a time); the three targets are
      // measured in alternating rounds and each keeps its best round, so a burst of other work
      // on this shared machine does not land on one side of a ratio only.
      const gh = await startServer(path.join(BENCH_DIR, 'lib', 'gatehouse-server.mjs'), { ...fresh.env, NODE_ID: 'bench-a' }, { profileDir });
      const two = NODES > 1 && backend === 'postgres';
      const other = two ? await startServer(path.join(BENCH_DIR, 'lib', 'gatehouse-server.mjs'), { ...fresh.env, NODE_ID: 'bench-b' }) : null;
      const bare = await startServer(path.join(BENCH_DIR, 'lib', 'bare-server.mjs'));
      const d = durations(opts.quick);
      const targets = {
        me: [gh, { url: gh.base, path: '/api/me', cookies: cookies(HIT, SESSIONS) }],
        // Another app asking about the same sessions (POST /api/introspect with a service key).
        introspect: [
          gh,
          {
            url: gh.base,
            path: '/api/introspect',
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            bodies: cookies(HIT, SESSIONS).map((c) => JSON.stringify({ token: c.slice(c.indexOf('=') + 1) })),
          },
        ],
        plain: [bare, { url: bare.base, path: '/bench/bare' }],
        same: [gh, { url: gh.base, path: '/bench/bare' }],
      };
      // The introspection must answer what it is measured answering: an active session.
      const sample = await fetch(`${gh.base}/api/introspect`, { method: 'POST', headers: targets.introspect[1].headers, body: targets.introspect[1].bodies[0] });
      if (!(await sample.json()).active) throw new Error('introspection of a seeded session did not answer active');
      const started = Date.now();
      for (const [, t] of Object.values(targets)) await load({ ...t, duration: d.warmup });
      const best = {};
      const cpu = {};
      for (let round = 0; round < d.rounds; round++) {
        for (const [name, [server, t]] of Object.entries(targets)) {
          const x = await loadOn(server, { ...t, duration: d.run });
          if (!best[name] || x.rps > best[name].rps) best[name] = x;
          cpu[name] = Math.min(cpu[name] ?? Infinity, x.cpuUs);
        }
      }
      // Two nodes: /api/me on node A again while node B ends sessions, and what an end costs.
      let underEnds = null;
      let endMs = null;
      if (other) {
        let ending = true;
        let k = AGENTS / 2;
        const ender = (async () => {
          while (ending) {
            await endAccounts(other, k++, 1);
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        })();
        underEnds = await loadOn(gh, { ...targets.me[1], duration: d.run });
        ending = false;
        await ender;
        endMs = await endAccounts(other, 0, opts.quick ? 20 : 100);
      }
      const seconds = (Date.now() - started) / 1000;
      const stats = await (await fetch(`${gh.base}/bench/stats`)).json();
      await gh.stop();
      await other?.stop();
      await bare.stop();
      const { me, plain, same, introspect } = best;

      let peer = null;
      if (!two) {
        const ba = await startServer(path.join(BENCH_DIR, 'peers', 'better-auth-server.mjs'), { ...fresh.env, BA_USERS: String(AGENTS), BA_SESSIONS: String(SESSIONS) });
        const baCookies = Array.from({ length: HIT }, (_, j) => cookieOf(baToken(j * (SESSIONS / HIT))));
        await load({ url: ba.base, path: '/api/session', cookies: baCookies, duration: d.warmup });
        peer = await loadOn(ba, { url: ba.base, path: '/api/session', cookies: baCookies, duration: d.run });
        await ba.stop();
      }

      const r = (x) => `${fmt(x.rps)} req/s (p50 ${x.p50} ms, p99 ${x.p99} ms${x.non2xx || x.errors ? `, ${x.non2xx} non-2xx, ${x.errors} errors` : ''})`;
      const ratio = me.rps / plain.rps;
      const rows = [
        { figure: `bare route, plain Fastify process (ceiling); best of ${durations(opts.quick).rounds} alternating rounds`, result: r(plain), ratio: '1.00' },
        { figure: 'bare route, same Gatehouse instance', result: r(same), baseline: `${fmt(plain.rps)} req/s`, ratio: (same.rps / plain.rps).toFixed(2) },
        {
          figure: `GET /api/me, ${fmt(SESSIONS)} sessions, ${fmt(HIT)} cookies`,
          result: r(me),
          baseline: `plain ${fmt(plain.rps)} · same-instance ${fmt(same.rps)}`,
          ratio: `${ratio.toFixed(2)} (${(me.rps / same.rps).toFixed(2)} vs same instance)`,
          target: two ? '≥ 0.4× bare with two nodes (PostgreSQL)' : '≥ 0.5× bare (moonshot 0.6×)',
          met: ratio >= (two ? 0.4 : 0.5) && me.non2xx === 0 && me.errors === 0,
        },
        {
          figure: `POST /api/introspect (service key), ${fmt(SESSIONS)} sessions, ${fmt(HIT)} tokens`,
          result: r(introspect),
          baseline: `plain ${fmt(plain.rps)} · same-instance ${fmt(same.rps)}`,
          ratio: `${(introspect.rps / plain.rps).toFixed(2)} (${(introspect.rps / same.rps).toFixed(2)} vs same instance; ${(introspect.rps / me.rps).toFixed(2)} of /api/me)`,
          target: 'beside /api/me (the hot path of every other app)',
          met: introspect.non2xx === 0 && introspect.errors === 0,
        },
        {
          figure: 'server CPU per request (least of the rounds)',
          result: `/api/me ${fmt(cpu.me, 1)} µs · /api/introspect ${fmt(cpu.introspect, 1)} µs · same-instance bare ${fmt(cpu.same, 1)} µs · plain bare ${fmt(cpu.plain, 1)} µs${peer ? ` · better-auth ${fmt(peer.cpuUs, 1)} µs` : ''}`,
          baseline: `plain bare ${fmt(cpu.plain, 1)} µs`,
          ratio: `${(cpu.plain / cpu.me).toFixed(2)} of the ceiling's capacity per core${peer ? `; ${(peer.cpuUs / cpu.me).toFixed(1)}× better-auth's` : ''}`,
          target: peer ? '≥ 0.5 (moonshot 0.6); > 10× better-auth' : '≥ 0.5 (moonshot 0.6)',
          met: cpu.plain / cpu.me >= 0.5 && (!peer || peer.cpuUs / cpu.me > 10),
        },
        { figure: 'GET /api/me p99 at 50 connections', result: `${me.p99} ms`, target: '< 5 ms', met: me.p99 < 5 },
        {
          figure: 'last-activity writes during the run',
          result: `${fmt(stats.touches)} writes for ${fmt(HIT)} sessions over ${seconds.toFixed(0)} s (${fmt(stats.reads)} database reads of the check: cache misses)`,
          target: `≤ 1 per session per minute (≤ ${fmt(HIT * (Math.floor(seconds / 60) + 1))})`,
          // Each session may be written once per started minute of the run, never more.
          met: stats.touches <= HIT * (Math.floor(seconds / 60) + 1),
        },
      ];
      if (peer) {
        rows.push({
          figure: `better-auth getSession, ${fmt(SESSIONS)} sessions`,
          result: r(peer),
          baseline: `${fmt(plain.rps)} req/s`,
          ratio: `${(peer.rps / plain.rps).toFixed(2)}; Gatehouse ${(me.rps / peer.rps).toFixed(1)}× better-auth`,
          target: 'Gatehouse > 10× better-auth',
          met: me.rps > 10 * peer.rps,
        });
      }
      if (underEnds && endMs) {
        const window = windowEnv ?? '50 (default)';
        rows.push(
          {
            figure: `two nodes: GET /api/me on node A while node B ends one account's sessions every 250 ms (cache window ${window} ms; 401s are the ended sessions' cookies)`,
            result: `${r(underEnds)}; checks on A: ${fmt(stats.checks?.cached ?? 0)} from the cache, ${fmt(stats.checks?.read ?? 0)} read the database (whole run)`,
            baseline: `plain ${fmt(plain.rps)} req/s`,
            ratio: (underEnds.rps / plain.rps).toFixed(2),
            target: '≥ 0.4× bare with two nodes',
            // Its non-2xx are the ended sessions' cookies answered 401, as they must be.
            met: underEnds.rps / plain.rps >= 0.4 && underEnds.errors === 0,
          },
          {
            figure: `two nodes: an end of one account's sessions (10) on node B, in process, ${endMs.length} in a row (cache window ${window} ms)`,
            result: `p50 ${fmt(endMs[Math.floor(endMs.length / 2)], 1)} ms, p90 ${fmt(endMs[Math.floor(endMs.length * 0.9)], 1)} ms, max ${fmt(endMs.at(-1), 1)} ms`,
            target: 'the window and no more',
          },
        );
      }
      record(
        'Session check',
        rows.map((row) => ({ backend: label, command: `${command} --backend ${backend}`, ...row })),
      );
    } finally {
      await fresh.drop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await sessionCheck();
