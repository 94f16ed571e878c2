import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountService } from '../../src/accounts/service.js';
import { createAccountStore } from '../../src/accounts/store.js';
import type { Db } from '../../src/db/index.js';
import type { AccountRow, SessionRow, WorkspaceRow } from '../../src/db/schema.js';
import { hashToken, newId, newToken } from '../../src/lib/ids.js';
import { createSessionStore, type SessionStore } from '../../src/sessions/store.js';
import { sessionRow } from '../helpers/session-rows.js';

const T0 = Date.UTC(2026, 0, 5, 9);

/** The behaviour every SessionStore must have, whatever database is under it. */
export function testSessionStore(name: string, open: () => Promise<{ db: Db; cleanup(): Promise<void> }>): void {
  describe(`SessionStore on ${name}`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let store: SessionStore;
    let ws: WorkspaceRow;
    let other: WorkspaceRow;
    let agent: AccountRow;
    let admin: AccountRow;
    let stranger: AccountRow;

    beforeAll(async () => {
      ({ db, cleanup } = await open());
      store = createSessionStore(db);
      const accounts = createAccountService(db);
      ({ workspace: ws, admin } = await accounts.createWorkspace({ slug: 'one', name: 'One', adminName: 'Ada', adminEmail: 'ada@one.test', adminPasswordHash: 'x', now: T0 }));
      ({ workspace: other, admin: stranger } = await accounts.createWorkspace({
        slug: 'two',
        name: 'Two',
        adminName: 'Bo',
        adminEmail: 'bo@two.test',
        adminPasswordHash: 'x',
        now: T0,
      }));
      agent = await accounts.createAccount({ workspaceId: ws.id, role: 'agent', name: 'Ada', email: 'ada@one.test', now: T0 });
    });
    afterAll(() => cleanup?.());

    const make = (account: AccountRow, overrides: Partial<SessionRow> = {}): SessionRow & { token: string } => {
      const token = newToken();
      const row = sessionRow(account, {
        id: newId('ses'),
        token_hash: hashToken(token),
        created_at: T0,
        last_seen_at: T0,
        ip: '127.0.0.1',
        user_agent: 'test',
        browser: 'Chrome 131',
        os: 'Windows 10',
        country: 'GB',
        city: 'London',
        ...overrides,
      });
      return { token, ...row };
    };
    const insert = async (row: SessionRow & { token: string }) => {
      const { token: _token, ...stored } = row;
      await store.insert(stored);
      return row;
    };

    it('finds a session with its account, login, workspace and linked account by token hash', async () => {
      const s = await insert(make(agent));
      const row = await store.findContextByTokenHash(s.token_hash);
      expect(row).toMatchObject({
        id: s.id,
        account_id: agent.id,
        role: 'agent',
        email: 'ada@one.test',
        workspace_slug: 'one',
        agent_idle_minutes: 4320,
        linked_id: admin.id,
        linked_role: 'admin',
        ended_at: null,
      });
      expect(await store.findContextByTokenHash(hashToken(newToken()))).toBeUndefined();
    });

    it('moves last activity at most once per interval', async () => {
      const s = await insert(make(agent));
      expect(await store.touch(s.id, T0 + 30_000, 60_000)).toBe(false);
      expect(await store.touch(s.id, T0 + 60_000, 60_000)).toBe(true);
      expect(await store.touch(s.id, T0 + 61_000, 60_000)).toBe(false);
      expect((await store.findContextByTokenHash(s.token_hash))?.last_seen_at).toBe(T0 + 60_000);
    });

    it('ends only active sessions, only in the given workspace, and returns exactly those', async () => {
      const a = await insert(make(agent));
      const b = await insert(make(agent, { ended_at: T0, end_reason: 'signed_out' }));
      const c = await insert(make(stranger));
      const ended = await store.end(db.kysely, { workspaceId: ws.id, sessionIds: [a.id, b.id, c.id] }, 'ended_by_admin', admin.id, T0 + 5);
      expect(ended.map((r) => r.id)).toEqual([a.id]);
      const rowA = await store.findContextByTokenHash(a.token_hash);
      expect(rowA).toMatchObject({ ended_at: T0 + 5, end_reason: 'ended_by_admin' });
      expect((await store.findContextByTokenHash(b.token_hash))?.end_reason).toBe('signed_out');
      expect((await store.findContextByTokenHash(c.token_hash))?.ended_at).toBeNull();
      expect(await store.touch(a.id, T0 + 600_000, 60_000)).toBe(false);
    });

    it('ends by account, by login except one, and in chunks past the parameter limits', async () => {
      const many = [];
      for (let i = 0; i < 1200; i++) many.push(make(agent));
      for (let i = 0; i < many.length; i += 200) {
        await db.kysely
          .insertInto('sessions')
          .values(many.slice(i, i + 200).map(({ token: _t, ...row }) => row))
          .execute();
      }
      const keep = many[0]!;
      const byLogin = await store.end(db.kysely, { workspaceId: ws.id, loginId: agent.login_id, exceptSessionId: keep.id }, 'password_changed', agent.id, T0 + 9);
      expect(byLogin.length).toBeGreaterThanOrEqual(1199);
      expect((await store.findContextByTokenHash(keep.token_hash))?.ended_at).toBeNull();
      const ids = Array.from({ length: 1100 }, (_, i) => (i === 700 ? agent.id : newId('acc')));
      const byAccount = await store.end(db.kysely, { workspaceId: ws.id, accountIds: ids }, 'ended_by_admin', admin.id, T0 + 10);
      expect(byAccount.map((r) => r.id)).toContain(keep.id);
      expect(await store.end(db.kysely, { workspaceId: ws.id, accountIds: [] }, 'ended_by_admin', admin.id, T0)).toEqual([]);
    });

    it('pages a login’s sessions active or ended since a time: current, active, ended, each newest first, with who ended them', async () => {
      const accounts = createAccountService(db);
      const lister = await accounts.createAccount({ workspaceId: ws.id, role: 'agent', name: 'Lister', email: 'lister@one.test', passwordHash: 'x', now: T0 });
      const fresh = await insert(make(lister, { created_at: T0 + 100 }));
      const current = await insert(make(lister, { created_at: T0 + 20 }));
      const twinA = await insert(make(lister, { created_at: T0 + 40 }));
      const twinB = await insert(make(lister, { created_at: T0 + 40 }));
      const ended = await insert(make(lister, { created_at: T0 + 50, ended_at: T0 + 60, end_reason: 'ended_by_admin', ended_by: admin.id }));
      const oldEnded = await insert(make(lister, { created_at: T0 - 10, ended_at: T0 - 5, end_reason: 'signed_out', ended_by: lister.id }));
      const query = { workspaceId: ws.id, loginId: lister.login_id, since: T0, current: current.id, after: null, limit: 10 };
      const list = await store.pageForLogin(query);
      expect(list.map((s) => s.id)).toEqual([current.id, fresh.id, expect.any(String), expect.any(String), ended.id]);
      // Two sessions started in the same millisecond are ordered by id (in the database's collation),
      // so a page boundary between them (below) loses neither.
      expect([list[2]!.id, list[3]!.id].sort()).toEqual([twinA.id, twinB.id].sort());
      expect(list.map((s) => Number(s.rank))).toEqual([0, 1, 1, 1, 2]);
      expect(list[4]!.ended_by_name).toBe('Ada');

      const seen: string[] = [];
      let after: readonly [number, number, string] | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.pageForLogin({ ...query, after, limit: 2 });
        seen.push(...page.map((s) => s.id));
        const last = page.at(-1);
        if (page.length < 2 || !last) break;
        after = [Number(last.rank), last.created_at, last.id];
      }
      expect(seen).toEqual(list.map((s) => s.id));

      const all = await store.pageForLogin({ ...query, since: 0 });
      expect(all.find((s) => s.id === oldEnded.id)?.ended_by_name).toBe('Lister');
      expect(await store.pageForLogin({ ...query, workspaceId: other.id, since: 0 })).toEqual([]);
    });

    it('finds expired sessions by lifetime and by idle time per role', async () => {
      const stale = await insert(make(stranger, { created_at: T0 - 1000, last_seen_at: T0 - 1000 }));
      const live = await insert(make(stranger, { created_at: T0 + 1, last_seen_at: T0 + 1 }));
      expect(await store.findExpired(other.id, 'lifetime', T0 - 500, 10)).toEqual([stale.id]);
      expect(await store.findExpired(other.id, 'idle_admin', T0 - 500, 10)).toEqual([stale.id]);
      expect(await store.findExpired(other.id, 'idle_agent', T0 - 500, 10)).toEqual([]);
      expect(await store.findExpired(ws.id, 'idle_admin', T0 - 500, 10)).toEqual([]);
      const later = await store.findExpired(other.id, 'idle_admin', T0 + 2, 10);
      expect(later).toContain(stale.id);
      expect(later).toContain(live.id);
      expect(await store.findExpired(other.id, 'idle_admin', T0 + 2, 1)).toHaveLength(1);
    });

    it('ends for the sweep only sessions expired by the settings as they stand when it writes', async () => {
      const accounts = createAccountService(db);
      const { workspace: three, admin: owner } = await accounts.createWorkspace({
        slug: 'three',
        name: 'Three',
        adminName: 'Cy',
        adminEmail: 'cy@three.test',
        adminPasswordHash: 'x',
        now: T0,
      });
      const helper = await accounts.createAccount({ workspaceId: three.id, role: 'agent', name: 'Di', email: 'di@three.test', passwordHash: 'x', now: T0 });
      const set = (agentIdle: number, lifetime: number) =>
        db.kysely.updateTable('workspaces').set({ agent_idle_minutes: agentIdle, absolute_lifetime_minutes: lifetime }).where('id', '=', three.id).execute();
      await set(60, 60 * 24 * 60); // one hour idle; a 60-day lifetime, past PostgreSQL's integer in ms
      const idle = await insert(make(helper));
      const sweep = (id: string, kind: 'lifetime' | 'idle_agent' | 'idle_admin', now: number) =>
        store.end(db.kysely, { workspaceId: three.id, sessionIds: [id], expiredAt: { now, kind } }, kind === 'lifetime' ? 'lifetime_expired' : 'idle_timeout', null, now);

      // A minute short of the timeout: left alone; the timeout lengthened before the write: left alone.
      expect(await sweep(idle.id, 'idle_agent', T0 + 59 * 60_000)).toEqual([]);
      await set(120, 60 * 24 * 60);
      expect(await sweep(idle.id, 'idle_agent', T0 + 60 * 60_000)).toEqual([]);
      // Wrong role for the pass: an agent is not an idle administrator at 72 hours minus a minute, nor at all by the admin pass.
      expect(await sweep(idle.id, 'idle_admin', T0 + 72 * 60 * 60_000 + 1)).toEqual([]);
      expect((await sweep(idle.id, 'idle_agent', T0 + 120 * 60_000)).map((r) => r.id)).toEqual([idle.id]);

      const old = await insert(make(helper));
      expect(await sweep(old.id, 'lifetime', T0 + 60 * 24 * 60 * 60_000 - 1)).toEqual([]);
      expect((await sweep(old.id, 'lifetime', T0 + 60 * 24 * 60 * 60_000)).map((r) => r.id)).toEqual([old.id]);

      const adminSession = await insert(make(owner));
      expect(await sweep(adminSession.id, 'idle_admin', T0 + 72 * 60 * 60_000 - 1)).toEqual([]);
      expect((await sweep(adminSession.id, 'idle_admin', T0 + 72 * 60 * 60_000)).map((r) => r.id)).toEqual([adminSession.id]);
    });

    it('knows whether a login has used a device or a country before', async () => {
      const accounts = createAccountService(db);
      const fresh = await accounts.createAccount({ workspaceId: other.id, role: 'agent', name: 'New', email: 'new@two.test', passwordHash: 'x', now: T0 });
      expect(await store.seenBefore(fresh.login_id, { browser: 'Chrome 131', os: 'Windows 10' }, 'GB')).toEqual({ anySession: false, device: false, country: false });
      await insert(make(fresh));
      expect(await store.seenBefore(fresh.login_id, { browser: 'Chrome 131', os: 'Windows 10' }, 'GB')).toEqual({ anySession: true, device: true, country: true });
      expect(await store.seenBefore(fresh.login_id, { browser: 'Firefox 133', os: 'Windows 10' }, 'DE')).toEqual({ anySession: true, device: false, country: false });
    });

    it('lists an account’s active sessions oldest first', async () => {
      const accounts = createAccountService(db);
      const acc = await accounts.createAccount({ workspaceId: other.id, role: 'agent', name: 'Order', email: 'order@two.test', passwordHash: 'x', now: T0 });
      const second = await insert(make(acc, { created_at: T0 + 2 }));
      const first = await insert(make(acc, { created_at: T0 + 1 }));
      await insert(make(acc, { created_at: T0, ended_at: T0 + 1, end_reason: 'signed_out' }));
      expect((await store.activeForAccount(acc.id)).map((s) => s.id)).toEqual([first.id, second.id]);
    });

    it('refuses a second primary administrator and a second account of one role per login', async () => {
      const accounts = createAccountStore(db);
      await expect(accounts.insertAccount({ ...admin, id: newId('acc'), login_id: stranger.login_id, workspace_id: ws.id })).rejects.toThrow();
      await expect(accounts.insertAccount({ ...agent, id: newId('acc') })).rejects.toThrow();
    });
  });
}
