import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.js';
import { openPgBus } from '../../src/sessions/pg-bus.js';
import { PASSWORD } from '../helpers/harness.js';
import { Tab } from '../helpers/live.js';
import { buildServer, call, numberedAgents, seedAcme, startNode, type Node } from '../helpers/nodes.js';
import { createPgCluster, pgBinOrSkip, type PgCluster } from '../helpers/pg-cluster.js';

const PG_BIN = pgBinOrSkip('test/hardening/pg-outage.test.ts');
const NODE_ID = 'outage-node';
const CLIENTS = 3;
const OUTAGE_MS = 3000;
/** "Within about a second": the bound each request of the outage must answer within, with some room for a loaded machine. */
const ANSWER_WITHIN_MS = 1500;
/** Service is back within this long after PostgreSQL accepts connections again. */
const RECOVERY_MS = 5000;
/** The bus listener's back-off is at most 5 s; it is back within this long of the restart. */
const LISTENER_BACK_MS = 10_000;

interface Sample {
  what: string;
  startedAt: number;
  endedAt: number;
  status: number;
  code?: string;
  retryAfter: string | null;
  body: Record<string, any>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The reliability issue's finding 1, as the outside test found it: a PostgreSQL restart while a
 * few clients sign in and out killed the node (6 times in 8). Here a private cluster (never the
 * shared server) is stopped for three seconds and started again, three times, under a small load,
 * and the node must keep serving: 503 `database_unavailable` promptly during the outage, never a
 * 500 or a hang, and everything back by itself afterwards, its LISTEN connection included.
 */
describe.skipIf(!PG_BIN)('a PostgreSQL restart under load', () => {
  let cluster: PgCluster;
  let node: Node;
  let peerDb: Db | undefined;
  let exited: string | null = null;
  const samples: Sample[] = [];

  beforeAll(async () => {
    buildServer();
    cluster = await createPgCluster(PG_BIN!);
    const db = await openDb({ databaseUrl: cluster.url, poolSize: 2 });
    try {
      await seedAcme(db, [...numberedAgents(CLIENTS), { name: 'Tab Holder', email: 'tabs@acme.test' }]);
    } finally {
      await db.close();
    }
    // A long grace period makes the hub's own re-check rare (every 15 s), so a tab signed out
    // within a second can only have been told through the bus.
    node = await startNode({ DATABASE_URL: cluster.url, NODE_ID, PRESENCE_GRACE_SECONDS: '60' });
    node.process.once('exit', (code, signal) => (exited = `exit code ${code}, signal ${signal}`));
  }, 120_000);

  afterAll(async () => {
    await peerDb?.close().catch(() => {});
    await node?.stop();
    await cluster?.destroy();
  });

  /** One request, timed; a request still unanswered after 5 s counts as a hang (status 0). */
  const timed = async (what: string, method: string, path: string, options: { cookie?: string; body?: unknown } = {}): Promise<Sample> => {
    const startedAt = Date.now();
    let sample: Sample;
    try {
      const res = await fetch(`${node.url}${path}`, {
        method,
        headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      const body = text ? (JSON.parse(text) as Record<string, any>) : {};
      const setCookie = res.headers.get('set-cookie');
      if (setCookie && res.status === 200) body.cookie = setCookie.split(';')[0];
      sample = { what, startedAt, endedAt: Date.now(), status: res.status, code: body.error?.code, retryAfter: res.headers.get('retry-after'), body };
    } catch (err) {
      sample = { what, startedAt, endedAt: Date.now(), status: 0, retryAfter: null, body: { error: String(err) } };
    }
    samples.push(sample);
    return sample;
  };

  const signIn = async (email: string) => {
    const res = await call(node.url, 'POST', '/api/auth/login', { body: { workspace: 'acme', email, password: PASSWORD } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return { cookie: res.cookie!, sessionId: res.json.session.id as string, accountId: res.json.account.id as string };
  };

  /** Sign in, look at /api/me, sign out, again and again, until told to stop. */
  const client = async (email: string, running: () => boolean) => {
    while (running()) {
      const login = await timed('login', 'POST', '/api/auth/login', { body: { workspace: 'acme', email, password: PASSWORD } });
      if (login.status !== 200) {
        await sleep(100);
        continue;
      }
      await timed('me', 'GET', '/api/me', { cookie: login.body.cookie });
      await timed('logout', 'POST', '/api/auth/logout', { cookie: login.body.cookie });
    }
  };

  /** Calls that need a session signed in before the outage, and the health routes, every 100 ms. */
  const prober = async (standing: string, running: () => boolean) => {
    while (running()) {
      await Promise.all([timed('me', 'GET', '/api/me', { cookie: standing }), timed('healthz', 'GET', '/healthz'), timed('readyz', 'GET', '/readyz')]);
      await sleep(100);
    }
  };

  const listenerConnected = async () => {
    const db = (peerDb ??= await openDb({ databaseUrl: cluster.url, poolSize: 1 }));
    const rows = await db.kysely
      .selectFrom('pg_stat_activity' as any)
      .select('pid' as any)
      .where('application_name' as any, '=', `gatehouse-listen-${NODE_ID}`)
      .execute();
    return rows.length === 1;
  };

  it('keeps serving through three stops and starts: 503 database_unavailable during each, everything back after', async () => {
    const modes = ['fast', 'immediate', 'fast'] as const;
    for (const [cycle, mode] of modes.entries()) {
      const label = `cycle ${cycle + 1} (${mode})`;
      // A tab held across the outage, and sessions whose calls the outage interrupts.
      const held = await signIn('tabs@acme.test');
      const heldTab = await Tab.open(node.url, held.cookie);
      const standing = await signIn('tabs@acme.test');

      let load = true;
      const workers = [...Array(CLIENTS).keys()].map((i) => client(`agent${i}@acme.test`, () => load));
      const probing = prober(standing.cookie, () => load);
      await sleep(800);

      await cluster.stop(mode);
      const downFrom = Date.now();
      // A sign-out attempted during the outage, with a session from before it.
      const doomed = samples.length;
      await sleep(OUTAGE_MS / 2);
      await timed('logout', 'POST', '/api/auth/logout', { cookie: standing.cookie });
      await sleep(OUTAGE_MS / 2);
      const downUntil = Date.now();
      await cluster.start();
      const upFrom = Date.now();

      // Service comes back by itself: a whole sign-in, /api/me, sign-out, and readiness.
      let back: number | undefined;
      while (Date.now() - upFrom < RECOVERY_MS + 5000) {
        const login = await timed('recovery', 'POST', '/api/auth/login', { body: { workspace: 'acme', email: 'agent0@acme.test', password: PASSWORD } });
        if (login.status === 200) {
          const me = await timed('recovery', 'GET', '/api/me', { cookie: login.body.cookie });
          const out = await timed('recovery', 'POST', '/api/auth/logout', { cookie: login.body.cookie });
          const ready = await timed('recovery', 'GET', '/readyz');
          if (me.status === 200 && out.status === 204 && ready.status === 200) {
            back = Date.now();
            break;
          }
        }
        await sleep(100);
      }
      load = false;
      await Promise.all([...workers, probing]);
      expect(exited, `${label}: the node exited\n${node.output()}`).toBeNull();
      expect(back, `${label}: service did not come back\n${node.output().slice(-4000)}`).toBeDefined();
      expect(back! - upFrom, `${label}: time to service after the restart`).toBeLessThan(RECOVERY_MS);

      // During the outage: every API call answered 503 database_unavailable, promptly.
      const during = samples.filter((s) => s.startedAt >= downFrom && s.endedAt <= downUntil);
      const api = during.filter((s) => ['login', 'me', 'logout'].includes(s.what));
      for (const what of ['login', 'me', 'logout', 'healthz', 'readyz']) {
        expect(
          during.some((s) => s.what === what),
          `${label}: a ${what} call during the outage`,
        ).toBe(true);
      }
      for (const s of api) {
        expect({ what: s.what, status: s.status, code: s.code }, label).toEqual({ what: s.what, status: 503, code: 'database_unavailable' });
        expect(Number(s.retryAfter), `${label}: Retry-After`).toBeGreaterThan(0);
        expect(s.body.error.message).toMatch(/^[A-Z].*\.$/);
        expect(s.endedAt - s.startedAt, `${label}: ${s.what} answered within`).toBeLessThan(ANSWER_WITHIN_MS);
      }
      expect(samples.slice(doomed).some((s) => s.what === 'logout' && s.status === 503 && s.startedAt >= downFrom)).toBe(true);
      // Liveness stays up (an orchestrator must not restart nodes for a database failover); readiness does not.
      for (const s of during.filter((s) => s.what === 'healthz')) expect(s.status, `${label}: /healthz`).toBe(200);
      for (const s of during.filter((s) => s.what === 'readyz')) {
        expect(s.status, `${label}: /readyz`).toBe(503);
        expect(s.body).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/read/) });
        expect(s.endedAt - s.startedAt).toBeLessThan(ANSWER_WITHIN_MS);
      }
      // Never a 500 and never a hang, before, during or after.
      const faults = samples
        .filter((s) => s.status === 0 || s.status >= 500)
        .filter((s) => !(s.status === 503 && s.code === 'database_unavailable') && !(s.what === 'readyz' && s.status === 503));
      expect(faults, label).toEqual([]);

      // The bus's LISTEN connection is back by itself…
      await expect.poll(listenerConnected, { timeout: LISTENER_BACK_MS, interval: 200 }).toBe(true);
      // …and carries another node's end: the held tab (open since before the outage) is signed
      // out within a second of a peer's notification, long before the hub's own re-check.
      expect(heldTab.ws.readyState, `${label}: the tab held across the outage is still open`).toBe(heldTab.ws.OPEN);
      const peer = await openPgBus({ url: cluster.url, db: peerDb!, nodeId: 'peer', log: { warn: () => {}, error: () => {} } });
      try {
        const row = await peerDb!.kysely.selectFrom('sessions').select(['workspace_id', 'login_id']).where('id', '=', held.sessionId).executeTakeFirstOrThrow();
        await peerDb!.kysely.updateTable('sessions').set({ ended_at: Date.now(), end_reason: 'ended_by_admin' }).where('id', '=', held.sessionId).execute();
        const published = Date.now();
        await peer.publishEnded([
          { id: held.sessionId, workspaceId: row.workspace_id, accountId: held.accountId, loginId: row.login_id, role: 'agent', reason: 'ended_by_admin' },
        ]);
        const event = await heldTab.next('session.ended');
        expect(event).toMatchObject({ reason: 'ended_by_admin' });
        expect(heldTab.receivedAt(event) - published, `${label}: the held tab heard the peer's end`).toBeLessThan(1000);
        expect((await heldTab.closed).code).toBe(4001);
      } finally {
        await peer.close();
      }

      // A tab opened after the restart is signed out when its session ends on this node.
      const fresh = await signIn('tabs@acme.test');
      const freshTab = await Tab.open(node.url, fresh.cookie);
      const ended = await call(node.url, 'DELETE', `/api/me/sessions/${fresh.sessionId}`, { cookie: standing.cookie });
      expect(ended, label).toMatchObject({ status: 200, json: { ended: 1 } });
      expect(await freshTab.next('session.ended')).toMatchObject({ reason: 'ended_by_user' });
      expect((await freshTab.closed).code).toBe(4001);
      expect((await call(node.url, 'GET', '/api/me', { cookie: fresh.cookie })).status).toBe(401);
      expect((await call(node.url, 'POST', '/api/auth/logout', { cookie: standing.cookie })).status).toBe(204);
      expect(exited, `${label}: the node exited\n${node.output()}`).toBeNull();
    }
  }, 180_000);

  it('has the open tabs re-check their sessions once the listener is back, so an end it could not hear still signs them out', async () => {
    const held = await signIn('tabs@acme.test');
    const tab = await Tab.open(node.url, held.cookie);
    peerDb ??= await openDb({ databaseUrl: cluster.url, poolSize: 1 });
    // Ended behind the node's back, with no notification: what another node's end looks like
    // when it is published while this node's listener is down.
    await peerDb.kysely.updateTable('sessions').set({ ended_at: Date.now(), end_reason: 'ended_by_admin' }).where('id', '=', held.sessionId).execute();
    await cluster.stop('fast');
    await sleep(1000);
    await cluster.start();
    await expect.poll(listenerConnected, { timeout: LISTENER_BACK_MS, interval: 100 }).toBe(true);
    const back = Date.now();
    const event = await Promise.race([tab.next('session.ended'), sleep(5000).then(() => null)]);
    expect(event, 'the tab was not signed out').toMatchObject({ reason: 'ended_by_admin' });
    // The hub's own re-check runs every 15 s here; the resync answers within moments of the reconnection.
    expect(tab.receivedAt(event!) - back).toBeLessThan(3000);
    expect((await tab.closed).code).toBe(4001);
    expect(exited, node.output()).toBeNull();
  }, 60_000);
});
