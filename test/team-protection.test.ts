import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow, SessionRow } from '../src/db/schema.js';
import { hashToken, newId, newToken } from '../src/lib/ids.js';
import { backends } from './helpers/backends.js';
import { Harness } from './helpers/harness.js';
import { sessionRow } from './helpers/session-rows.js';

describe.each(backends())('protections and bulk ending on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let every: AccountRow;
  let everyCookie: string;
  let teamAdmins: AccountRow;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
    every = await h.account('admin', 'Eve Everything', 'every@acme.test', ['team.agents', 'team.admins', 'settings.security', 'audit']);
    everyCookie = await h.signIn('every@acme.test');
    teamAdmins = await h.account('admin', 'Tom Admins', 'tom@acme.test', ['team.admins']);
  });
  afterAll(() => h?.close());

  const activeCount = async (accountId: string) =>
    (await h.db.kysely.selectFrom('sessions').select('id').where('account_id', '=', accountId).where('ended_at', 'is', null).execute()).length;

  it('a sub-administrator with every grant cannot end, disable or edit the primary administrator', async () => {
    await h.signIn('owner@acme.test');
    const before = await activeCount(h.owner.id);
    const [ownerSession] = await h.db.kysely.selectFrom('sessions').select('id').where('account_id', '=', h.owner.id).where('ended_at', 'is', null).execute();
    const attempts = [
      await h.request('DELETE', `/api/sessions/${ownerSession!.id}`, { cookie: everyCookie }),
      await h.request('POST', `/api/team/accounts/${h.owner.id}/end-sessions`, { cookie: everyCookie }),
      await h.request('PATCH', `/api/team/accounts/${h.owner.id}`, { cookie: everyCookie, body: { disabled: true } }),
      await h.request('PATCH', `/api/team/accounts/${h.owner.id}`, { cookie: everyCookie, body: { name: 'Renamed' } }),
      await h.request('PATCH', `/api/team/accounts/${h.owner.id}`, { cookie: everyCookie, body: { grants: [] } }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('primary_admin_protected');
    }
    const row = await h.db.kysely.selectFrom('accounts').selectAll().where('id', '=', h.owner.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Olivia Owner', disabled: 0 });
    expect(await activeCount(h.owner.id)).toBe(before);
    // It may still read the primary administrator's profile.
    expect((await h.request('GET', `/api/team/accounts/${h.owner.id}`, { cookie: everyCookie })).statusCode).toBe(200);
  });

  it('inside a bulk call the primary administrator is refused and the rest still happens', async () => {
    const a = await h.account('agent', 'Bulk One', 'bulk1@acme.test');
    const b = await h.account('admin', 'Bulk Two', 'bulk2@acme.test', []);
    await h.signIn('bulk1@acme.test');
    await h.signIn('bulk1@acme.test');
    await h.signIn('bulk2@acme.test');
    const ownerBefore = await activeCount(h.owner.id);
    const res = await h.request('POST', '/api/team/end-sessions', { cookie: everyCookie, body: { accountIds: [a.id, h.owner.id, 'acc_missing', b.id, a.id] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ended: 3,
      results: [
        { accountId: a.id, status: 'ended', ended: 2 },
        { accountId: h.owner.id, status: 'refused', error: { code: 'primary_admin_protected', message: expect.any(String) } },
        { accountId: 'acc_missing', status: 'refused', error: { code: 'not_found', message: expect.any(String) } },
        { accountId: b.id, status: 'ended', ended: 1 },
      ],
    });
    expect(await activeCount(h.owner.id)).toBe(ownerBefore);
    expect(await activeCount(a.id)).toBe(0);

    // Team › Administrators alone: agents are refused one by one, administrators ended.
    await h.signIn('bulk1@acme.test');
    await h.signIn('bulk2@acme.test');
    const tom = await h.signIn('tom@acme.test');
    const partial = (await h.request('POST', '/api/team/end-sessions', { cookie: tom, body: { accountIds: [a.id, b.id] } })).json();
    expect(partial.results).toEqual([
      { accountId: a.id, status: 'refused', error: { code: 'forbidden', message: expect.any(String) } },
      { accountId: b.id, status: 'ended', ended: 1 },
    ]);
    expect(await activeCount(a.id)).toBe(1);
  });

  it('the primary administrator can end anyone’s sessions, its own included', async () => {
    const second = await h.signIn('owner@acme.test');
    const res = await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: { accountIds: [every.id, h.owner.id] } });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['ended', 'ended']);
    expect(await activeCount(h.owner.id)).toBe(0);
    expect((await h.request('GET', '/api/me', { cookie: second })).json().error.reason).toBe('ended_by_admin');
    owner = await h.signIn('owner@acme.test');
    everyCookie = await h.signIn('every@acme.test');
  });

  it('sub-administrators edit grants only within their own, never their own grants', async () => {
    const target = await h.account('admin', 'Grant Target', 'grant-target@acme.test', ['audit']);
    const tom = await h.signIn('tom@acme.test');
    // Tom holds only team.admins: he may give or take team.admins, nothing else.
    const escalate = await h.request('PATCH', `/api/team/accounts/${target.id}`, { cookie: tom, body: { grants: ['audit', 'settings.security'] } });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().error.message).toMatch(/settings\.security/);
    const revokeUnheld = await h.request('PATCH', `/api/team/accounts/${target.id}`, { cookie: tom, body: { grants: [] } });
    expect(revokeUnheld.statusCode).toBe(403);
    const give = await h.request('PATCH', `/api/team/accounts/${target.id}`, { cookie: tom, body: { grants: ['audit', 'team.admins'] } });
    expect(give.statusCode).toBe(200);
    expect(give.json().account.grants).toEqual(['team.admins', 'audit']);
    const self = await h.request('PATCH', `/api/team/accounts/${teamAdmins.id}`, { cookie: tom, body: { grants: ['team.admins', 'team.agents'] } });
    expect(self.statusCode).toBe(403);
    const createBeyond = await h.request('POST', '/api/team/admins', {
      cookie: tom,
      body: { name: 'Too Much', email: 'too-much@acme.test', password: 'long enough password', grants: ['audit'] },
    });
    expect(createBeyond.statusCode).toBe(403);
    expect(await h.db.kysely.selectFrom('logins').select('id').where('email', '=', 'too-much@acme.test').executeTakeFirst()).toBeUndefined();

    // The primary administrator edits any sub-administrator's grants; Eve may edit her peers' within hers.
    expect((await h.request('PATCH', `/api/team/accounts/${target.id}`, { cookie: owner, body: { grants: ['settings.security'] } })).json().account.grants).toEqual([
      'settings.security',
    ]);
    expect((await h.request('PATCH', `/api/team/accounts/${teamAdmins.id}`, { cookie: everyCookie, body: { grants: ['team.admins', 'audit'] } })).statusCode).toBe(200);
    expect((await h.request('PATCH', `/api/team/accounts/${every.id}`, { cookie: everyCookie, body: { grants: [] } })).statusCode).toBe(403);
    const audit = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'account.updated').where('target_account_id', '=', target.id).execute();
    expect(audit.map((r) => JSON.parse(r.detail).grants)).toEqual([
      { from: ['audit'], to: ['team.admins', 'audit'] },
      { from: ['team.admins', 'audit'], to: ['settings.security'] },
    ]);
  });

  describe('a bulk end of 1,000 agents', () => {
    let agents: string[];
    let bystanders: string[];
    const ses = (accountId: string, loginId: string, ended: boolean): SessionRow =>
      sessionRow(
        { id: accountId, workspace_id: h.workspace.id, login_id: loginId, role: 'agent' },
        {
          id: newId('ses'),
          token_hash: hashToken(newToken()),
          created_at: h.clock.now() - 1000,
          last_seen_at: h.clock.now() - 1000,
          ip: '10.0.0.1',
          user_agent: 'seed',
          browser: 'Chrome 131',
          os: 'Windows 10',
          ended_at: ended ? h.clock.now() - 500 : null,
          end_reason: ended ? 'signed_out' : null,
        },
      );

    beforeAll(async () => {
      const logins = [];
      const accounts = [];
      const sessions: SessionRow[] = [];
      for (let i = 0; i < 1010; i++) {
        const loginId = newId('lgn');
        const id = newId('acc');
        logins.push({ id: loginId, workspace_id: h.workspace.id, email: `seed${i}@acme.test`, password_hash: 'x', created_at: 0, password_changed_at: 0 });
        accounts.push({
          id,
          workspace_id: h.workspace.id,
          login_id: loginId,
          role: 'agent' as const,
          name: `Seed ${String(i).padStart(4, '0')}`,
          is_primary: 0,
          disabled: 0,
          grants: '[]',
          created_at: 0,
        });
        // Two active sessions (none for every tenth agent) and one already ended.
        if (i % 10 !== 0) sessions.push(ses(id, loginId, false), ses(id, loginId, false));
        sessions.push(ses(id, loginId, true));
      }
      for (let i = 0; i < 1010; i += 200) {
        await h.db.kysely
          .insertInto('logins')
          .values(logins.slice(i, i + 200))
          .execute();
        await h.db.kysely
          .insertInto('accounts')
          .values(accounts.slice(i, i + 200))
          .execute();
      }
      for (let i = 0; i < sessions.length; i += 200)
        await h.db.kysely
          .insertInto('sessions')
          .values(sessions.slice(i, i + 200))
          .execute();
      agents = accounts.slice(0, 1000).map((a) => a.id);
      bystanders = accounts.slice(1000).map((a) => a.id);
    });

    const snapshot = () => h.db.kysely.selectFrom('sessions').selectAll().where('workspace_id', '=', h.workspace.id).orderBy('id').execute();

    it('an interrupted one leaves every account as it was', async () => {
      const before = await snapshot();
      const auditBefore = (await h.db.kysely.selectFrom('audit_events').select('id').execute()).length;
      // A fault after the sessions were updated, before the audit rows are written: the one
      // transaction must roll every account back.
      const record = h.services.audit.record;
      h.services.audit.record = async () => {
        throw new Error('disk unplugged');
      };
      try {
        const res = await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: { accountIds: agents } });
        expect(res.statusCode).toBe(500);
        expect(res.json().error.code).toBe('internal_error');
      } finally {
        h.services.audit.record = record;
      }
      expect(await snapshot()).toEqual(before);
      expect((await h.db.kysely.selectFrom('audit_events').select('id').execute()).length).toBe(auditBefore);
    });

    it('a fault inside the update (the database refuses to end one account’s session) also leaves every account as it was', async () => {
      const before = await snapshot();
      const victim = agents[701]!;
      // The database itself refuses to end one session of an account in the middle of the list.
      if (backend.name === 'sqlite') {
        await sql`create trigger fail_mid_bulk before update of ended_at on sessions when new.account_id = ${sql.lit(victim)} begin select raise(abort, 'fault injected'); end`.execute(
          h.db.kysely,
        );
      } else {
        await sql`create function fail_mid_bulk() returns trigger language plpgsql as $$ begin raise exception 'fault injected'; end $$`.execute(h.db.kysely);
        await sql`create trigger fail_mid_bulk before update of ended_at on sessions for each row when (new.account_id = ${sql.lit(victim)}) execute function fail_mid_bulk()`.execute(
          h.db.kysely,
        );
      }
      try {
        const res = await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: { accountIds: agents } });
        expect(res.statusCode).toBe(500);
      } finally {
        await sql`drop trigger fail_mid_bulk${sql.raw(backend.name === 'postgres' ? ' on sessions' : '')}`.execute(h.db.kysely);
        if (backend.name === 'postgres') await sql`drop function fail_mid_bulk()`.execute(h.db.kysely);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('ends exactly their active sessions and nothing else', async () => {
      const before = await snapshot();
      const res = await h.request('POST', '/api/team/end-sessions', { cookie: everyCookie, body: { accountIds: agents } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.ended).toBe(1800);
      expect(body.results).toHaveLength(1000);
      body.results.forEach((r: { accountId: string; status: string; ended: number }, i: number) => {
        expect(r).toEqual({ accountId: agents[i], status: 'ended', ended: i % 10 === 0 ? 0 : 2 });
      });
      const after = new Map((await snapshot()).map((s) => [s.id, s]));
      const targets = new Set(agents);
      for (const old of before) {
        const now = after.get(old.id)!;
        if (targets.has(old.account_id) && old.ended_at === null) {
          expect(now).toMatchObject({ ended_at: h.clock.now(), end_reason: 'ended_by_admin', ended_by: every.id });
        } else {
          expect(now).toEqual(old);
        }
      }
      // The ten agents outside the call keep their sessions (also covered by the snapshot above).
      for (const [j, id] of bystanders.entries()) expect(await activeCount(id)).toBe((1000 + j) % 10 === 0 ? 0 : 2);
      const audit = await h.db.kysely
        .selectFrom('audit_events')
        .select(['target_account_id', 'detail', 'actor_account_id'])
        .where('type', '=', 'session.ended')
        .where('actor_account_id', '=', every.id)
        .where('at', '=', h.clock.now())
        .execute();
      expect(audit.filter((a) => targets.has(a.target_account_id!))).toHaveLength(1800);
      expect((await h.request('POST', '/api/team/end-sessions', { cookie: everyCookie, body: { accountIds: [...agents, 'one-too-many'] } })).statusCode).toBe(400);
    });
  });
});

// Rule 1 protects a person, not a row: the primary administrator's agent account (the same login,
// signed in to the other role) is as much the primary administrator's as its administrator account.
describe.each(backends())('the primary administrator’s linked agent account on $name', (backend) => {
  let h: Harness;
  let every: string;
  let ownerAgent: AccountRow;

  beforeAll(async () => {
    h = await Harness.start(backend);
    ownerAgent = await h.account('agent', 'Olivia at the desk', 'owner@acme.test');
    await h.account('admin', 'Eve Everything', 'every@acme.test', ['team.agents', 'team.admins', 'settings.security', 'audit', 'integrations']);
    every = await h.signIn('every@acme.test');
  });
  afterAll(() => h?.close());

  const activeOf = async (accountId: string) =>
    (await h.db.kysely.selectFrom('sessions').select('id').where('account_id', '=', accountId).where('ended_at', 'is', null).execute()).map((s) => s.id);

  it('is refused to a sub-administrator with every grant: no edit, disable, end, bulk end, token revoke or allow-list end', async () => {
    const agentCookie = await h.signIn('owner@acme.test', 'agent', { ip: '81.2.69.160' });
    const [session] = await activeOf(ownerAgent.id);
    const made = await h.request('POST', '/api/me/tokens', { cookie: agentCookie, body: { name: 'Desk script', scope: 'read', expiresInDays: 30 } });
    expect(made.statusCode).toBe(201);
    const tokenId = made.json().token.id as string;

    const attempts = [
      await h.request('PATCH', `/api/team/accounts/${ownerAgent.id}`, { cookie: every, body: { name: 'Renamed' } }),
      await h.request('PATCH', `/api/team/accounts/${ownerAgent.id}`, { cookie: every, body: { disabled: true } }),
      await h.request('POST', `/api/team/accounts/${ownerAgent.id}/end-sessions`, { cookie: every }),
      await h.request('DELETE', `/api/sessions/${session!}`, { cookie: every }),
      await h.request('DELETE', `/api/integrations/tokens/${tokenId}`, { cookie: every }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('primary_admin_protected');
    }
    const bulk = await h.request('POST', '/api/team/end-sessions', { cookie: every, body: { accountIds: [ownerAgent.id] } });
    expect(bulk.json().results).toEqual([{ accountId: ownerAgent.id, status: 'refused', error: { code: 'primary_admin_protected', message: expect.any(String) } }]);
    const detail = (await h.request('GET', `/api/sessions/${session!}`, { cookie: every })).json();
    expect(detail).toMatchObject({ mayEnd: false, refusal: { code: 'primary_admin_protected' } });
    // An allow list that leaves out the desk's address spares it, as it spares the administrator account.
    const saved = await h.request('PATCH', '/api/settings/security', { cookie: every, body: { ipAllowlist: ['127.0.0.0/8'] } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().endedSessions).toBe(0);

    expect(await h.db.kysely.selectFrom('accounts').select(['name', 'disabled']).where('id', '=', ownerAgent.id).executeTakeFirstOrThrow()).toEqual({
      name: 'Olivia at the desk',
      disabled: 0,
    });
    expect(await activeOf(ownerAgent.id)).toEqual([session]);
    expect((await h.request('GET', '/api/me', { cookie: agentCookie, ip: '81.2.69.160' })).statusCode).toBe(200);
    expect((await h.db.kysely.selectFrom('access_tokens').select('revoked_at').where('id', '=', tokenId).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    await h.request('PATCH', '/api/settings/security', { cookie: every, body: { ipAllowlist: [] } });
  });

  it('says so in the team list, for both of its accounts and no other', async () => {
    const agents = (await h.request('GET', '/api/team/agents', { cookie: every })).json().accounts as { id: string; isPrimary: boolean; ofPrimaryAdministrator: boolean }[];
    const admins = (await h.request('GET', '/api/team/admins', { cookie: every })).json().accounts as { id: string; isPrimary: boolean; ofPrimaryAdministrator: boolean }[];
    expect(agents.find((a) => a.id === ownerAgent.id)).toMatchObject({ isPrimary: false, ofPrimaryAdministrator: true });
    expect(admins.find((a) => a.id === h.owner.id)).toMatchObject({ isPrimary: true, ofPrimaryAdministrator: true });
    expect(
      [...agents, ...admins]
        .filter((a) => a.ofPrimaryAdministrator)
        .map((a) => a.id)
        .sort(),
    ).toEqual([ownerAgent.id, h.owner.id].sort());
  });

  it('stays the primary administrator’s to edit and end', async () => {
    const owner = await h.signIn('owner@acme.test', 'admin');
    expect((await h.request('PATCH', `/api/team/accounts/${ownerAgent.id}`, { cookie: owner, body: { name: 'Olivia, desk' } })).statusCode).toBe(200);
    const ended = await h.request('POST', `/api/team/accounts/${ownerAgent.id}/end-sessions`, { cookie: owner });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().ended).toBeGreaterThanOrEqual(1);
    expect(await activeOf(ownerAgent.id)).toEqual([]);
  });
});
