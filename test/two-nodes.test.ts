import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { PASSWORD } from './helpers/harness.js';
import { Tab } from './helpers/live.js';
import { buildServer, call, seedAcme, startTwoNodes, type Node, type PgNodes } from './helpers/nodes.js';

/**
 * The grace period both nodes run with. Long enough that "still online right after the kill" is
 * asked well inside it on a loaded machine; the test waits it out once, so not longer.
 */
const GRACE_SECONDS = 6;

/**
 * Two real Gatehouse processes on one PostgreSQL database, as behind a load balancer. The only
 * timing assertions of the suite live here, where the product promises them: a tab signed out
 * within a second, and a dead node's tabs offline within the grace period.
 */
describe.skipIf(!inject('pgAdminUrl'))('two nodes on one PostgreSQL database', () => {
  let nodes: PgNodes | undefined;
  let db: Db;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    buildServer();
    nodes = await startTwoNodes({ PRESENCE_GRACE_SECONDS: String(GRACE_SECONDS) }, ['node-a', 'node-b'], (db) =>
      seedAcme(db, [
        { name: 'maya', email: 'maya@acme.test' },
        { name: 'noah', email: 'noah@acme.test' },
      ]),
    );
    ({ db, a, b } = nodes);
    // The build and two starts: about 10 s on an idle machine, past a minute on a loaded one.
  }, 240_000);

  afterAll(() => nodes?.stop());

  const signIn = async (node: Node, email: string) => {
    const res = await call(node.url, 'POST', '/api/auth/login', { body: { workspace: 'acme', email, password: PASSWORD } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return { cookie: res.cookie!, sessionId: res.json.session.id as string, accountId: res.json.account.id as string };
  };

  it('signs a tab on node B out within a second of an end call on node A, and B refuses the token once the call returns', async () => {
    const tabSession = await signIn(b, 'maya@acme.test');
    const caller = await signIn(a, 'maya@acme.test');
    const tab = await Tab.open(b.url, tabSession.cookie);

    const ended = await call(a.url, 'DELETE', `/api/me/sessions/${tabSession.sessionId}`, { cookie: caller.cookie });
    const returned = Date.now();
    expect(ended).toMatchObject({ status: 200, json: { ended: 1 } });
    const onB = await call(b.url, 'GET', '/api/me', { cookie: tabSession.cookie });
    expect(onB.status).toBe(401);
    expect(onB.json.error).toMatchObject({ code: 'session_expired', reason: 'ended_by_user' });

    const event = await tab.next('session.ended');
    expect(event).toMatchObject({ reason: 'ended_by_user' });
    expect(tab.receivedAt(event) - returned).toBeLessThan(1000);
    expect((await tab.closed).code).toBe(4001);
    // The caller's own session, on the other node, is untouched.
    expect((await call(b.url, 'GET', '/api/me', { cookie: caller.cookie })).status).toBe(200);
  });

  it("counts a SIGKILLed node's tabs offline within the grace period, as seen from the other node", async () => {
    // Every wait below is on a condition, bounded far above what it needs, and every timing
    // assertion is made against moments the test has measured: a loaded machine (a full run on
    // two shared cores) slows this test down, it does not fail it.
    const agent = await signIn(b, 'noah@acme.test');
    const owner = await signIn(a, 'owner@acme.test');
    const online = async () => ((await call(a.url, 'GET', '/api/presence', { cookie: owner.cookie })).json.online as { accountId: string }[]).map((o) => o.accountId);
    /** The last heartbeat node B wrote for the agent's tab (its clock, milliseconds). */
    const lastSeen = async () => {
      const row = await db.kysely
        .selectFrom('live_connections')
        .select('seen_at')
        .where('node_id', '=', 'node-b')
        .where('session_id', '=', agent.sessionId)
        .executeTakeFirstOrThrow();
      return Number(row.seen_at);
    };

    await Tab.open(b.url, agent.cookie);
    await expect.poll(online, { timeout: 20_000 }).toContain(agent.accountId);
    // The watcher opens once the agent is online, so its first look at the workspace already
    // counts the agent: a watcher opened first could take that look after B wrote the agent's
    // row, and would then never be told "online" (whichever process the machine runs first).
    const watcher = await Tab.open(a.url, owner.cookie);
    const presenceOfAgent = () => watcher.of('presence').filter((m) => m.accountId === agent.accountId);

    // (Should B have stalled past the grace period meanwhile, the watcher hears it back online.)
    await expect.poll(() => presenceOfAgent().at(-1)?.presence ?? 'online', { timeout: 20_000 }).toBe('online');
    // Kill B just after one of its heartbeats, so the grace period starts from a known moment
    // (B refreshes its rows every GRACE/4, later when the machine is busy).
    const beforeBeat = Date.now();
    await expect.poll(lastSeen, { timeout: 20_000, interval: 20 }).toBeGreaterThan(beforeBeat);
    const killed = Date.now();
    await b.stop('SIGKILL');
    const dead = Date.now();
    const seen = await lastSeen();
    expect(seen).toBeLessThanOrEqual(dead);

    // Presence is not the socket: a killed node leaves its rows open (nobody closed them), so the
    // account stays online until the grace period after B's last heartbeat…
    const row = await db.kysely.selectFrom('live_connections').select('closed_at').where('session_id', '=', agent.sessionId).executeTakeFirstOrThrow();
    expect(row.closed_at).toBeNull();
    const nowOnline = await online();
    const answered = Date.now();
    if (answered < seen + GRACE_SECONDS * 1000) expect(nowOnline).toContain(agent.accountId);
    // (Only a stall of the whole grace period between the kill and this answer skips that check.)
    else console.warn(`two-nodes: the presence answer came ${answered - seen} ms after B's last heartbeat, past the grace period; not checked`);

    // …and offline once the grace period has passed since the kill, whatever the load on this
    // machine: B wrote its last heartbeat before it died (`dead`), and node A judges the rows by
    // its clock when it answers, which is after this wait.
    await new Promise((resolve) => setTimeout(resolve, dead + GRACE_SECONDS * 1000 + 20 - Date.now()));
    expect(await online()).not.toContain(agent.accountId);
    // The watcher on A is told, on A's next presence refresh (every second; later under load).
    await expect.poll(() => presenceOfAgent().at(-1)?.presence, { timeout: 20_000 }).toBe('offline');
    expect(watcher.receivedAt(presenceOfAgent().at(-1)!)).toBeGreaterThanOrEqual(killed);
    // Offline is not signed out: the session is still valid on the surviving node.
    expect((await call(a.url, 'GET', '/api/me', { cookie: agent.cookie })).status).toBe(200);
    await watcher.close();
  }, 90_000);
});
