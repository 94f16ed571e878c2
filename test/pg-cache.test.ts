import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../src/accounts/service.js';
import { openDb, type Db } from '../src/db/index.js';
import { createPgDatabase } from './helpers/backends.js';
import { sessionRow } from './helpers/session-rows.js';

/**
 * The PostgreSQL stamp (src/db/cache-window.ts, pg-writes.ts, pg-listen.ts) against a real
 * database: which writes notify the cache channel, and how the stamp follows them and the
 * listener. Which writes notify is read on the channel itself, in commit order: writes that must
 * not notify run first, then one that must, and only its notification may arrive.
 */
describe.skipIf(!inject('pgAdminUrl'))('the PostgreSQL session-check cache stamp', () => {
  let database: { url: string; drop(): Promise<void> };
  let cached: Db;
  let other: Db;
  let listener: pg.Client;
  const heard: string[] = [];
  let workspaceId: string;
  let accountId: string;
  let loginId: string;

  beforeAll(async () => {
    database = await createPgDatabase();
    other = await openDb({ databaseUrl: database.url, poolSize: 2 });
    cached = await openDb({ databaseUrl: database.url, poolSize: 2, cache: { nodeId: 'stamp-test', windowMs: 50 } });
    const { workspace, admin } = await createAccountService(other).createWorkspace({
      slug: 'acme',
      name: 'Acme',
      adminName: 'O',
      adminEmail: 'o@acme.test',
      adminPasswordHash: 'x',
      now: Date.now(),
    });
    workspaceId = workspace.id;
    accountId = admin.id;
    loginId = admin.login_id;
    listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (m) => {
      if (!m.payload?.startsWith('h:')) heard.push(m.payload ?? '');
    });
    await listener.query('listen gatehouse_cache');
  });
  afterAll(async () => {
    await listener?.end();
    await cached?.close();
    await other?.close();
    await database?.drop();
  });

  const rename = (db: Db, name: string) => db.kysely.updateTable('accounts').set({ name }).where('id', '=', accountId).execute();

  /** Runs `writes`, then one write that must notify; returns what the channel carried meanwhile. */
  const notified = async (writes: () => Promise<unknown>) => {
    heard.length = 0;
    await writes();
    await rename(other, `marker ${Math.random()}`);
    await expect.poll(() => heard.length).toBeGreaterThan(0);
    // Anything the writes sent was committed, and so delivered, before the marker.
    return heard.slice(0, -1);
  };

  it('opens once its own heartbeats come back, and moves with every change another node commits', async () => {
    await expect.poll(() => cached.stamp(), { timeout: 10_000 }).not.toBeNull();
    const before = cached.stamp();
    await rename(other, 'Olivia');
    await expect.poll(() => cached.stamp() !== null && cached.stamp() !== before).toBe(true);
  });

  it('moves at once with a change of its own, before the call returns', async () => {
    await expect.poll(() => cached.stamp(), { timeout: 10_000 }).not.toBeNull();
    const before = cached.stamp();
    await rename(cached, 'Olivia Owner');
    expect(cached.stamp()).not.toBe(before);
  });

  it('notifies inside a transaction that changes what a check reads, and for a write on its own', async () => {
    heard.length = 0;
    await other.kysely.transaction().execute((trx) => trx.updateTable('workspaces').set({ agent_idle_minutes: 60 }).where('id', '=', workspaceId).execute());
    await expect.poll(() => heard).toEqual(['i:gatehouse']);
    heard.length = 0;
    await other.run('update logins set password_changed_at = $1 where workspace_id = $2', [Date.now(), workspaceId]);
    await expect.poll(() => heard).toEqual(['i:gatehouse']);
  });

  it('does not notify for writes no check reads, writes that changed nothing, or transactions that keep the stamp', async () => {
    const quiet = await notified(async () => {
      // Tables no cached answer reads.
      await other.kysely.insertInto('login_guard').values({ key: 'ip:203.0.113.1', failures: 1, last_failure_at: 1, expires_at: 2 }).execute();
      await other.kysely.deleteFrom('login_guard').execute();
      await other.run('insert into gatehouse_health (id, node_id, checked_at) values (1, $1, $2) on conflict (id) do update set checked_at = excluded.checked_at', ['n', 1], {
        keepsStamp: true,
      });
      // A write that matched no row.
      await other.kysely.updateTable('accounts').set({ name: 'nobody' }).where('id', '=', 'acc_none').execute();
      // A transaction that keeps the stamp (a sign-in, the sweep).
      await other.transactionKeepingStamp((trx) => trx.updateTable('accounts').set({ name: 'kept' }).where('id', '=', accountId).execute());
      // Reads, raw ones included.
      await sql`select 1`.execute(other.kysely);
    });
    expect(quiet).toEqual([]);
  });

  it('notifies for a transaction that keeps the stamp and then takes that back', async () => {
    heard.length = 0;
    await other.transactionKeepingStamp(async (trx, stamp) => {
      await trx.updateTable('accounts').set({ name: 'moved' }).where('id', '=', accountId).execute();
      stamp.move();
    });
    await expect.poll(() => heard).toEqual(['i:gatehouse']);
  });

  it('does not notify for a change that rolled back', async () => {
    const quiet = await notified(async () => {
      await other.kysely
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('accounts').set({ name: 'rolled back' }).where('id', '=', accountId).execute();
          throw new Error('roll back');
        })
        .catch(() => {});
    });
    expect(quiet).toEqual([]);
  });

  it('starts over when its listener is cut: nothing read before is current afterwards', async () => {
    await expect.poll(() => cached.stamp(), { timeout: 10_000 }).not.toBeNull();
    const before = cached.stamp();
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = 'gatehouse-listen-cache-stamp-test'`.execute(other.kysely);
    expect(rows).toHaveLength(1);
    await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(other.kysely);
    await expect.poll(() => cached.stamp() !== null && cached.stamp() !== before, { timeout: 10_000 }).toBe(true);
    const again = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = 'gatehouse-listen-cache-stamp-test'`.execute(other.kysely);
    expect(again.rows.map((r) => r.pid)).not.toContain(rows[0]!.pid);
  });

  it('names the sessions an end changed, and leaves the stamp for them', async () => {
    heard.length = 0;
    await other.kysely
      .insertInto('sessions')
      .values(
        ['ses_n1', 'ses_n2'].map((id) =>
          sessionRow(
            { id: accountId, workspace_id: workspaceId, login_id: loginId, role: 'admin' },
            { id, token_hash: id, created_at: 1, last_seen_at: 1, ip: '203.0.113.1', user_agent: 'x', browser: 'x', os: 'x' },
          ),
        ),
      )
      .execute();
    // The insert's own notification comes first; the end's is awaited after it.
    await expect.poll(() => heard).toEqual(['i:gatehouse']);
    const named: string[][] = [];
    const off = cached.onSessionsChanged((ids) => named.push([...ids]));
    // This test's listener having heard the insert says nothing of the cache's own listener, which
    // may hear it later (a loaded machine): a marker committed after the insert reaches it after
    // the insert, so once the marker is named the insert has moved the stamp, and no later.
    await sql`select pg_notify('gatehouse_cache', 's:marker:ses_marker')`.execute(other.kysely);
    await expect.poll(() => named.flat()).toContain('ses_marker');
    // And this test's listener too, before it starts counting again: else the marker may be the
    // one notification it counts below.
    await expect.poll(() => heard).toContain('s:marker:ses_marker');
    await expect.poll(() => cached.stamp(), { timeout: 10_000 }).not.toBeNull();
    named.length = 0;
    heard.length = 0;
    const before = cached.stamp();
    await other.kysely
      .transaction()
      .execute((trx) => trx.updateTable('sessions').set({ ended_at: 2, end_reason: 'ended_by_admin' }).where('id', 'in', ['ses_n1', 'ses_n2']).returning(['id']).execute());
    await expect.poll(() => heard).toHaveLength(1);
    expect(heard[0]!.startsWith('s:gatehouse:')).toBe(true);
    expect(heard[0]!.slice('s:gatehouse:'.length).split(',').sort()).toEqual(['ses_n1', 'ses_n2']);
    await expect.poll(() => named.flat().sort()).toEqual(['ses_n1', 'ses_n2']);
    expect(cached.stamp() === null || cached.stamp() === before).toBe(true);
    // Without the ids it returns, an update of sessions is a change to everything.
    heard.length = 0;
    await other.kysely.updateTable('sessions').set({ end_reason: 'signed_out' }).where('id', '=', 'ses_n1').execute();
    await expect.poll(() => heard).toEqual(['i:gatehouse']);
    off();
  });
});
