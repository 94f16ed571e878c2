import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../access/actor.js';
import { createAccountService, type AccountService } from '../accounts/service.js';
import { createAuditLog } from '../audit/service.js';
import { openDb } from '../db/index.js';
import type { Db } from '../db/types.js';
import { ManualClock } from '../lib/clock.js';
import { createLocalBus } from './events.js';
import { createSessionService, type SessionService } from './service.js';
import { createSessionStore, type SessionStore } from './store.js';

// The session check keeps rows between requests on SQLite; these are the ways a cached row
// could go stale, each of which must be refused on the very next check.
describe('session check cache (SQLite)', () => {
  let dir: string;
  let db: Db;
  let services: { accounts: AccountService; sessions: SessionService; sessionStore: SessionStore };
  let token: string;
  let sessionId: string;
  let accountId: string;
  const clock = new ManualClock();

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cache-'));
    db = await openDb({ sqlitePath: path.join(dir, 'gatehouse.db') });
    const sessionStore = createSessionStore(db);
    const sessions = createSessionService({ db, sessions: sessionStore, audit: createAuditLog(db), bus: createLocalBus(), clock });
    services = { accounts: createAccountService(db), sessions, sessionStore };
    const { workspace } = await services.accounts.createWorkspace({
      slug: 'acme',
      name: 'Acme',
      adminName: 'Owner',
      adminEmail: 'o@acme.test',
      adminPasswordHash: 'x',
      now: clock.now(),
    });
    const agent = await services.accounts.createAccount({
      workspaceId: workspace.id,
      role: 'agent',
      name: 'Ann',
      email: 'ann@acme.test',
      passwordHash: 'x',
      now: clock.now(),
    });
    accountId = agent.id;
    const login = (await services.accounts.loginById(agent.login_id))!;
    ({ token, sessionId } = await services.sessions.start({ workspace, login, account: agent, ip: '127.0.0.1', userAgent: 'test' }));
    // Twice: the second answer comes from the cache.
    expect((await services.sessions.authenticate(token)).kind).toBe('active');
    expect((await services.sessions.authenticate(token)).kind).toBe('active');
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a session ended in this process', async () => {
    await services.sessions.end({ workspaceId: (await services.accounts.workspaceBySlug('acme'))!.id, sessionIds: [sessionId] }, 'ended_by_admin', SYSTEM);
    expect(await services.sessions.authenticate(token)).toEqual({ kind: 'ended', reason: 'ended_by_admin' });
  });

  it('refuses a session ended by another process on the same file', async () => {
    const other = await openDb({ sqlitePath: path.join(dir, 'gatehouse.db') });
    await other.kysely.updateTable('sessions').set({ ended_at: clock.now(), end_reason: 'ended_by_admin' }).where('id', '=', sessionId).execute();
    await other.close();
    // Another connection's commit is looked for at most once a millisecond.
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await services.sessions.authenticate(token)).toEqual({ kind: 'ended', reason: 'ended_by_admin' });
  });

  it('sees any other write at once: a disabled account, a revoked grant', async () => {
    await db.kysely.updateTable('accounts').set({ grants: '["audit"]' }).where('id', '=', accountId).execute();
    const active = await services.sessions.authenticate(token);
    expect(active.kind === 'active' && active.ctx.account.grants).toEqual(['audit']);
    await db.kysely.updateTable('accounts').set({ disabled: 1 }).where('id', '=', accountId).execute();
    expect(await services.sessions.authenticate(token)).toEqual({ kind: 'ended', reason: 'account_disabled' });
    const row = await db.kysely.selectFrom('sessions').select(['ended_at', 'end_reason']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('account_disabled');
  });

  it('still applies the idle timeout and writes last activity once a minute', async () => {
    clock.advance(61_000);
    const touched = await services.sessions.authenticate(token);
    expect(touched.kind === 'active' && touched.ctx.session.lastSeenAt).toBe(clock.now());
    const seen = await db.kysely.selectFrom('sessions').select('last_seen_at').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(seen.last_seen_at).toBe(clock.now());
    clock.advance(73 * 60 * 60_000);
    expect(await services.sessions.authenticate(token)).toEqual({ kind: 'ended', reason: 'idle_timeout' });
  });

  it('ends a session only on a row just read: activity written elsewhere without moving the stamp keeps it valid', async () => {
    // On PostgreSQL another node's last-activity writes keep the stamp, so a cached row can
    // hold an older last activity than the database; here a keepsStamp write plays that node.
    clock.advance(71 * 60 * 60_000);
    await db.run('update sessions set last_seen_at = $1 where id = $2', [clock.now(), sessionId], { keepsStamp: true });
    clock.advance(2 * 60 * 60_000);
    expect((await services.sessions.authenticate(token)).kind).toBe('active');
    const row = await db.kysely.selectFrom('sessions').select('ended_at').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row.ended_at).toBeNull();
  });

  it('keeps its rows through a sweep, which ends only sessions every check already refuses', async () => {
    const workspace = (await services.accounts.workspaceBySlug('acme'))!;
    const owner = await db.kysely.selectFrom('accounts').selectAll().where('workspace_id', '=', workspace.id).where('role', '=', 'admin').executeTakeFirstOrThrow();
    const ownerLogin = (await services.accounts.loginById(owner.login_id))!;
    clock.advance(71 * 60 * 60_000);
    // The owner signs in later, so only the agent's session is idle past 72 hours below.
    const fresh = await services.sessions.start({ workspace, login: ownerLogin, account: owner, ip: '127.0.0.1', userAgent: 'test' });
    expect((await services.sessions.authenticate(fresh.token)).kind).toBe('active');
    clock.advance(2 * 60 * 60_000);
    const reads = vi.spyOn(services.sessionStore, 'findContextByTokenHash');
    const before = db.stamp();
    expect(await services.sessions.sweep()).toBe(1);
    expect(db.stamp()).toBe(before);
    // The owner's row is still served from the cache. The agent's cached row says expired, so it
    // is refused; its entry is dropped, and the next check reads the session as ended.
    expect((await services.sessions.authenticate(fresh.token)).kind).toBe('active');
    expect(reads).not.toHaveBeenCalled();
    expect(await services.sessions.authenticate(token)).toEqual({ kind: 'ended', reason: 'idle_timeout' });
    expect(await services.sessions.authenticate(token)).toEqual({ kind: 'ended', reason: 'idle_timeout' });
    expect(reads).toHaveBeenCalledTimes(1);
    const audit = await db.kysely.selectFrom('audit_events').select('type').where('session_id', '=', sessionId).where('type', '=', 'session.ended').execute();
    expect(audit).toHaveLength(1);
  });

  it('keeps its rows through sign-ins and failed sign-ins elsewhere', async () => {
    const workspace = (await services.accounts.workspaceBySlug('acme'))!;
    const owner = await db.kysely.selectFrom('accounts').selectAll().where('workspace_id', '=', workspace.id).where('role', '=', 'admin').executeTakeFirstOrThrow();
    const before = db.stamp();
    const other = await services.sessions.start({
      workspace,
      login: (await services.accounts.loginById(owner.login_id))!,
      account: owner,
      ip: '127.0.0.1',
      userAgent: 'test',
    });
    await createAuditLog(db).recordAlone([{ workspaceId: workspace.id, at: clock.now(), type: 'signin.failed', actor: null, targetLabel: 'o@acme.test', ip: '127.0.0.1' }]);
    expect(db.stamp()).toBe(before);
    const reads = vi.spyOn(services.sessionStore, 'findContextByTokenHash');
    expect((await services.sessions.authenticate(token)).kind).toBe('active');
    expect(reads).not.toHaveBeenCalled();
    // The new session itself is read, and valid.
    expect((await services.sessions.authenticate(other.token)).kind).toBe('active');
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('never trusts a row read inside a transaction', async () => {
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('accounts').set({ disabled: 1 }).where('id', '=', accountId).execute();
        expect(db.stamp()).toBeNull();
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect((await services.sessions.authenticate(token)).kind).toBe('active');
  });
});
