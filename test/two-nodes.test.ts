import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../src/accounts/service.js';
import { hashPassword } from '../src/lib/passwords.js';
import { openDb, type Db } from '../src/db/index.js';
import { createPgDatabase } from './helpers/backends.js';
import { PASSWORD } from './helpers/harness.js';
import { Tab } from './helpers/live.js';
import { buildServer, call, startNode, type Node } from './helpers/nodes.js';

const GRACE_SECONDS = 2;

/**
 * Two real Gatehouse processes on one PostgreSQL database, as behind a load balancer. The only
 * timing assertions of the suite live here, where the product promises them: a tab signed out
 * within a second, and a dead node's tabs offline within the grace period.
 */
describe.skipIf(!inject('pgAdminUrl'))('two nodes on one PostgreSQL database', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    buildServer();
    database = await createPgDatabase();
    db = await openDb({ databaseUrl: database.url, poolSize: 2 });
    const accounts = createAccountService(db);
    const now = Date.now();
    const passwordHash = await hashPassword(PASSWORD);
    const { workspace } = await accounts.createWorkspace({ slug: 'acme', name: 'Acme', adminName: 'Olivia Owner', adminEmail: 'owner@acme.test', adminPasswordHash: passwordHash, now });
    for (const name of ['maya', 'noah']) {
      await accounts.createAccount({ workspaceId: workspace.id, role: 'agent', name, email: `${name}@acme.test`, passwordHash, now });
    }
    const env = { DATABASE_URL: database.url, PRESENCE_GRACE_SECONDS: String(GRACE_SECONDS) };
    // One after the other: the first applies the migrations.
    a = await startNode({ ...env, NODE_ID: 'node-a' });
    b = await startNode({ ...env, NODE_ID: 'node-b' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.close();
    await database?.drop();
  });

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
    const agent = await signIn(b, 'noah@acme.test');
    const owner = await signIn(a, 'owner@acme.test');
    const watcher = await Tab.open(a.url, owner.cookie);
    await Tab.open(b.url, agent.cookie);
    const online = async () => ((await call(a.url, 'GET', '/api/presence', { cookie: owner.cookie })).json.online as { accountId: string }[]).map((o) => o.accountId);
    expect(await online()).toContain(agent.accountId);
    await expect.poll(() => watcher.of('presence').some((m) => m.accountId === agent.accountId && m.presence === 'online'), { timeout: 3000 }).toBe(true);

    const killed = Date.now();
    await b.stop('SIGKILL');
    // Presence is not the socket: right after the kill the account is still within its grace period…
    expect(await online()).toContain(agent.accountId);
    // …and offline once the grace period has passed since the kill, whatever the load on this machine
    // (the rows were last refreshed before the kill, and node A judges them by its clock).
    await new Promise((resolve) => setTimeout(resolve, killed + GRACE_SECONDS * 1000 + 20 - Date.now()));
    expect(await online()).not.toContain(agent.accountId);
    await expect.poll(() => watcher.of('presence').some((m) => m.accountId === agent.accountId && m.presence === 'offline'), { timeout: 2000 }).toBe(true);
    // Offline is not signed out: the session is still valid on the surviving node.
    expect((await call(a.url, 'GET', '/api/me', { cookie: agent.cookie })).status).toBe(200);
    await watcher.close();
  });
});
