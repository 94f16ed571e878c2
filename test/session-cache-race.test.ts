import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { hashToken, newToken } from '../src/lib/ids.js';
import { PASSWORD } from './helpers/harness.js';
import { buildServer, call, numberedAgents, seedAcme, startTwoNodes, type Node, type PgNodes } from './helpers/nodes.js';
import { sessionRow } from './helpers/session-rows.js';

/** Sessions the load cycles through; ends pick among them. */
const SESSIONS = 240;
/** Requests in flight at any time, over both nodes. */
const CONCURRENCY = 8;
/**
 * Each load worker rests this long between requests: the suite runs beside other files (the
 * console's browser tests among them) on two cores, and a few hundred requests a second already
 * put thousands of answers after the ends.
 */
const PAUSE_MS = 4;
/** What a race must have done to prove anything: sessions ended, and answers asked after their end. */
const MIN_ENDED = 20;
const MIN_AFTER = 100;
/** A race runs its planned time, and on until it has done that, but never past this. */
const MAX_RACE_MS = 50_000;

interface Answer {
  session: number;
  node: 'a' | 'b';
  started: number;
  status: number;
}

/**
 * Rule 5 with the PostgreSQL session-check cache on: two real nodes on one database, a load on
 * both with the cookies of many sessions, and ends of random sessions through node A's API.
 * Every answer is kept with the moment (this process's monotonic clock) its request started;
 * none that started after its session's end call returned may be a 200. Then the same while the
 * nodes' LISTEN connections are killed again and again. The caches must be used meanwhile.
 */
describe.skipIf(!inject('pgAdminUrl'))('the session-check cache on PostgreSQL never lets an ended session through', () => {
  let nodes: PgNodes | undefined;
  let db: Db;
  let a: Node;
  let b: Node;
  let owner: string;
  const cookies: string[] = [];
  const ids: string[] = [];
  const agentIds: string[] = [];

  beforeAll(async () => {
    buildServer();
    nodes = await startTwoNodes({ SESSION_CACHE_WINDOW_MS: '50' }, ['race-a', 'race-b'], async (db) => {
      const { agents } = await seedAcme(db, numberedAgents(9));
      const now = Date.now();
      // Sessions written straight to the database (a sign-in each would spend seconds on argon2).
      const rows = [];
      for (let i = 0; i < SESSIONS; i++) {
        const token = newToken();
        // The ninth agent is kept out of the race, for the disable below.
        const agent = agents[i % 8]!;
        cookies.push(`gatehouse_session=${token}`);
        ids.push(`ses_race${String(i).padStart(4, '0')}`);
        rows.push(
          sessionRow(agent, {
            id: ids[i]!,
            token_hash: hashToken(token),
            created_at: now,
            last_seen_at: now,
            ip: '203.0.113.7',
            user_agent: 'race',
            browser: 'Chrome',
            os: 'Linux',
          }),
        );
      }
      agentIds.push(...agents.map((x) => x.id));
      await db.kysely.insertInto('sessions').values(rows).execute();
    });
    ({ db, a, b } = nodes);
    const login = await call(a.url, 'POST', '/api/auth/login', { body: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD } });
    expect(login.status).toBe(200);
    owner = login.cookie!;
  }, 240_000);

  afterAll(() => nodes?.stop());

  const cacheHits = async (node: Node) => {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    return Number(/gatehouse_session_checks_total\{source="cache"\} (\d+)/.exec(text)?.[1] ?? 0);
  };

  /**
   * Runs the load and the ends for `ms`, and on past it (up to MAX_RACE_MS) until the race has
   * done enough to prove anything (a loaded machine serves fewer requests in the same time), with
   * `meanwhile` running beside them; returns what was ended (when each call returned) and every
   * answer.
   */
  const race = async (pool: number[], ms: number, meanwhile: (running: () => boolean) => Promise<void> = async () => {}) => {
    const answers: Answer[] = [];
    const endedAt = new Map<number, number>();
    const stopAt = performance.now() + ms;
    const hardStopAt = performance.now() + MAX_RACE_MS;
    let afterEnd = 0;
    const running = () => {
      const now = performance.now();
      return now < stopAt || (now < hardStopAt && (endedAt.size <= MIN_ENDED || afterEnd <= MIN_AFTER));
    };
    const nodes = { a, b };
    const worker = async (n: number) => {
      const node: 'a' | 'b' = n % 2 === 0 ? 'a' : 'b';
      while (running()) {
        const session = pool[Math.floor(Math.random() * pool.length)]!;
        const started = performance.now();
        const res = await fetch(`${nodes[node].url}/api/me`, { headers: { cookie: cookies[session]! } });
        await res.arrayBuffer();
        answers.push({ session, node, started, status: res.status });
        if (endedAt.has(session) && started > endedAt.get(session)!) afterEnd++;
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    };
    const ender = async () => {
      const left = [...pool];
      while (running() && left.length > 0) {
        const session = left.splice(Math.floor(Math.random() * left.length), 1)[0]!;
        // Let the load cache the session on both nodes first.
        await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 60));
        const res = await call(a.url, 'DELETE', `/api/sessions/${ids[session]}`, { cookie: owner });
        const returned = performance.now();
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        endedAt.set(session, returned);
      }
    };
    await Promise.all([...Array.from({ length: CONCURRENCY }, (_, n) => worker(n)), ender(), meanwhile(running)]);
    return { answers, endedAt };
  };

  const judge = ({ answers, endedAt }: Awaited<ReturnType<typeof race>>) => {
    const after = answers.filter((x) => endedAt.has(x.session) && x.started > endedAt.get(x.session)!);
    const letThrough = after.filter((x) => x.status === 200);
    console.info(`session-cache race: ${answers.length} answers, ${endedAt.size} sessions ended, ${after.length} answers to requests started after their end returned`);
    expect(letThrough, `${letThrough.length} requests started after their session's end returned were let through`).toEqual([]);
    // The race was run: sessions ended while they were being asked about, and asked about after.
    expect(endedAt.size).toBeGreaterThan(MIN_ENDED);
    expect(after.length).toBeGreaterThan(MIN_AFTER);
    expect(after.every((x) => x.status === 401)).toBe(true);
    expect(answers.filter((x) => !endedAt.has(x.session) && x.status !== 200)).toEqual([]);
  };

  it(
    'refuses every ended session on both nodes once its end call has returned, with the cache in use',
    async () => {
      const [hitsA, hitsB] = [await cacheHits(a), await cacheHits(b)];
      const result = await race([...Array(SESSIONS / 2).keys()], 20_000);
      judge(result);
      console.info(`session-cache race: cache hits during the run: A ${(await cacheHits(a)) - hitsA}, B ${(await cacheHits(b)) - hitsB}`);
      // The cache answered on both nodes: without it this test would prove nothing.
      expect(await cacheHits(a)).toBeGreaterThan(hitsA);
      expect(await cacheHits(b)).toBeGreaterThan(hitsB);
    },
    MAX_RACE_MS + 30_000,
  );

  it(
    'still does while the listeners are killed again and again',
    async () => {
      const [hitsA, hitsB] = [await cacheHits(a), await cacheHits(b)];
      let kills = 0;
      const killer = async (running: () => boolean) => {
        while (running()) {
          await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
          const { rows } = await sql<{
            pid: number;
          }>`select pg_terminate_backend(pid) as pid from pg_stat_activity where datname = current_database() and application_name like 'gatehouse-listen-%'`.execute(
            db.kysely,
          );
          kills += rows.length;
        }
      };
      const result = await race(
        [...Array(SESSIONS / 2).keys()].map((i) => i + SESSIONS / 2),
        20_000,
        killer,
      );
      judge(result);
      console.info(
        `session-cache race: ${kills} listener connections killed; cache hits during the run: A ${(await cacheHits(a)) - hitsA}, B ${(await cacheHits(b)) - hitsB}`,
      );
      expect(kills).toBeGreaterThan(4);
      expect(await cacheHits(a)).toBeGreaterThan(hitsA);
      expect(await cacheHits(b)).toBeGreaterThan(hitsB);
    },
    MAX_RACE_MS + 30_000,
  );

  it('refuses a disabled account on the other node once the disable returns, its row cached there', async () => {
    const token = newToken();
    const agent = agentIds[8]!;
    const session = await db.kysely.selectFrom('sessions').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    await db.kysely
      .insertInto('sessions')
      .values({
        ...session,
        id: 'ses_disable',
        token_hash: hashToken(token),
        account_id: agent,
        login_id: (await db.kysely.selectFrom('accounts').select('login_id').where('id', '=', agent).executeTakeFirstOrThrow()).login_id,
        ended_at: null,
        end_reason: null,
        ended_by: null,
        auth_method: 'password' as const,
      })
      .execute();
    const cookie = `gatehouse_session=${token}`;
    // Read once, then answered from B's cache (the window may be shut for a moment on a loaded machine).
    const hits = await cacheHits(b);
    await expect
      .poll(
        async () => {
          expect((await call(b.url, 'GET', '/api/me', { cookie })).status).toBe(200);
          return cacheHits(b);
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(hits);
    const disabled = await call(a.url, 'PATCH', `/api/team/accounts/${agent}`, { cookie: owner, body: { disabled: true } });
    expect(disabled.status, JSON.stringify(disabled.json)).toBe(200);
    const onB = await call(b.url, 'GET', '/api/me', { cookie });
    expect(onB.status).toBe(401);
  }, 60_000);
});
