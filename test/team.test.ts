import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow } from '../src/db/schema.js';
import { backends } from './helpers/backends.js';
import { FIREFOX_LINUX, Harness } from './helpers/harness.js';

describe.each(backends())('team administration on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let maya: AccountRow;
  let sam: AccountRow;
  let lee: AccountRow;
  let allGrants: AccountRow;
  let sub: string;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
    maya = await h.account('agent', 'Maya Chen', 'maya@acme.test');
    sam = await h.account('agent', 'Sam Ortiz', 'sam@acme.test');
    lee = await h.account('agent', 'Lee Park', 'lee@acme.test');
    allGrants = await h.account('admin', 'Ada Every', 'ada@acme.test', ['team.agents', 'team.admins', 'settings.security', 'audit']);
    sub = await h.signIn('ada@acme.test');
  });
  afterAll(() => h?.close());

  const active = (accountId: string) => h.db.kysely.selectFrom('sessions').selectAll().where('account_id', '=', accountId).where('ended_at', 'is', null).execute();

  it('lists agents by name with session status, active sessions, counts, filters and paging', async () => {
    await h.signIn('maya@acme.test');
    // A minute apart: sessions started at the same moment are listed by id, not by arrival.
    h.clock.advance(60_000);
    await h.signIn('maya@acme.test', undefined, { ip: '81.2.69.160', headers: { 'user-agent': FIREFOX_LINUX } });
    await h.signIn('lee@acme.test');

    const res = await h.request('GET', '/api/team/agents', { cookie: owner });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accounts.map((a: { name: string }) => a.name)).toEqual(['Lee Park', 'Maya Chen', 'Sam Ortiz']);
    expect(body.counts).toEqual({ all: 3, active: 2, none: 1 });
    expect(body.nextCursor).toBeNull();
    const m = body.accounts[1];
    expect(m).toMatchObject({
      id: maya.id,
      email: 'maya@acme.test',
      role: 'agent',
      isPrimary: false,
      disabled: false,
      presence: 'offline',
      sessionStatus: 'active',
      linkedAccount: null,
      grants: [],
    });
    expect(m.activeSessions).toHaveLength(2);
    expect(m.activeSessions[0]).toMatchObject({ ip: '81.2.69.160', browser: 'Firefox 133', os: 'Ubuntu', deviceType: 'desktop', status: 'active' });
    expect(m.activeSessions[0].location.label).toBe('London, United Kingdom');
    expect(body.accounts[2]).toMatchObject({ sessionStatus: 'none', activeSessions: [] });

    const none = (await h.request('GET', '/api/team/agents?session=none', { cookie: owner })).json();
    expect(none.accounts.map((a: { id: string }) => a.id)).toEqual([sam.id]);
    expect(none.counts).toEqual({ all: 3, active: 2, none: 1 });
    const withActive = (await h.request('GET', '/api/team/agents?session=active', { cookie: owner })).json();
    expect(withActive.accounts.map((a: { id: string }) => a.id)).toEqual([lee.id, maya.id]);

    const search = (await h.request('GET', '/api/team/agents?q=CHEN', { cookie: owner })).json();
    expect(search.accounts.map((a: { id: string }) => a.id)).toEqual([maya.id]);
    expect(search.counts).toEqual({ all: 1, active: 1, none: 0 });
    const byEmail = (await h.request('GET', '/api/team/agents?q=sam%40', { cookie: owner })).json();
    expect(byEmail.accounts.map((a: { id: string }) => a.id)).toEqual([sam.id]);
    const literal = (await h.request('GET', '/api/team/agents?q=%25', { cookie: owner })).json();
    expect(literal.accounts).toEqual([]);

    const first = (await h.request('GET', '/api/team/agents?limit=2', { cookie: owner })).json();
    expect(first.accounts.map((a: { id: string }) => a.id)).toEqual([lee.id, maya.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await h.request('GET', `/api/team/agents?limit=2&cursor=${first.nextCursor}`, { cookie: owner })).json();
    expect(second.accounts.map((a: { id: string }) => a.id)).toEqual([sam.id]);
    expect(second.nextCursor).toBeNull();
    const bad = await h.request('GET', '/api/team/agents?cursor=garbage', { cookie: owner });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
  });

  it('lists administrators with the primary flag and grants', async () => {
    const res = await h.request('GET', '/api/team/admins', { cookie: sub });
    expect(res.statusCode).toBe(200);
    const [ada, olivia] = res.json().accounts;
    expect(ada).toMatchObject({ id: allGrants.id, isPrimary: false, grants: ['team.agents', 'team.admins', 'settings.security', 'audit'], sessionStatus: 'active' });
    expect(olivia).toMatchObject({ id: h.owner.id, isPrimary: true, grants: [], sessionStatus: 'active' });
  });

  it('creates agents and administrators, linking an email that already has a login', async () => {
    const agent = await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'New Agent', email: 'New@acme.test', password: 'long enough password' } });
    expect(agent.statusCode).toBe(201);
    expect(agent.json().account).toMatchObject({ name: 'New Agent', email: 'new@acme.test', role: 'agent', sessionStatus: 'none', linkedAccount: null });
    const noPassword = await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'No Password', email: 'nopass@acme.test' } });
    expect(noPassword.statusCode).toBe(400);
    const taken = await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'Again', email: 'new@acme.test' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('email_taken');

    const admin = await h.request('POST', '/api/team/admins', { cookie: owner, body: { name: 'New Admin', email: 'new@acme.test', grants: ['audit'] } });
    expect(admin.statusCode).toBe(201);
    const created = admin.json().account;
    expect(created).toMatchObject({ role: 'admin', grants: ['audit'], linkedAccount: { id: agent.json().account.id, role: 'agent', name: 'New Agent', disabled: false } });
    const audit = await h.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'account.created')
      .where('target_account_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_account_id).toBe(h.owner.id);
  });

  it('shows linked accounts on both sides, with the other side’s sessions in the profile', async () => {
    const agent = await h.account('agent', 'Both Sides', 'both@acme.test');
    const admin = await h.account('admin', 'Both Sides', 'both@acme.test', ['team.agents']);
    await h.signIn('both@acme.test', 'agent');
    await h.signIn('both@acme.test', 'admin', { ip: '81.2.69.160', headers: { 'user-agent': FIREFOX_LINUX } });

    const agents = (await h.request('GET', '/api/team/agents?q=both', { cookie: owner })).json().accounts;
    expect(agents[0].linkedAccount).toEqual({ id: admin.id, role: 'admin', name: 'Both Sides', disabled: false });
    const admins = (await h.request('GET', '/api/team/admins?q=both', { cookie: owner })).json().accounts;
    expect(admins[0].linkedAccount).toEqual({ id: agent.id, role: 'agent', name: 'Both Sides', disabled: false });

    const profile = (await h.request('GET', `/api/team/accounts/${agent.id}`, { cookie: owner })).json();
    expect(profile.account.id).toBe(agent.id);
    expect(profile.sessions).toHaveLength(1);
    expect(profile.linkedAccount).toMatchObject({ id: admin.id, role: 'admin', sessionStatus: 'active' });
    expect(profile.linkedSessions[0]).toMatchObject({ ip: '81.2.69.160', browser: 'Firefox 133' });
    expect(profile.sessions[0].userAgent).not.toBe(profile.linkedSessions[0].userAgent);

    // From the linked profile, a permitted admin ends its sessions or disables it.
    expect((await h.request('POST', `/api/team/accounts/${admin.id}/end-sessions`, { cookie: owner })).json()).toEqual({ ended: 1 });
    const disabled = await h.request('PATCH', `/api/team/accounts/${agent.id}`, { cookie: owner, body: { disabled: true } });
    expect(disabled.json()).toMatchObject({ account: { disabled: true, sessionStatus: 'none' }, endedSessions: 1 });
    const after = (await h.request('GET', `/api/team/accounts/${admin.id}`, { cookie: owner })).json();
    expect(after.account.linkedAccount).toEqual({ id: agent.id, role: 'agent', name: 'Both Sides', disabled: true });

    // A sub-administrator without Team › Administrators sees the agent, not the linked admin's data.
    const agentsOnly = await h.account('admin', 'Agents Only', 'agents-only@acme.test', ['team.agents']);
    void agentsOnly;
    const cookie = await h.signIn('agents-only@acme.test');
    const limited = (await h.request('GET', `/api/team/accounts/${agent.id}`, { cookie })).json();
    expect(limited.linkedAccount).toBeNull();
    expect(limited.linkedSessions).toEqual([]);
    expect(limited.account.linkedAccount.id).toBe(admin.id);
  });

  it('ends one session, every session of an account, and records who and why', async () => {
    const s1 = await h.signIn('sam@acme.test');
    await h.signIn('sam@acme.test');
    const [first] = await active(sam.id);
    const one = await h.request('DELETE', `/api/sessions/${first!.id}`, { cookie: owner });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ ended: 1 });
    const row = await h.db.kysely.selectFrom('sessions').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ end_reason: 'ended_by_admin', ended_by: h.owner.id });
    expect((await h.request('DELETE', `/api/sessions/${first!.id}`, { cookie: owner })).json()).toEqual({ ended: 0 });
    expect((await h.request('DELETE', '/api/sessions/ses_nope', { cookie: owner })).statusCode).toBe(404);

    const all = await h.request('POST', `/api/team/accounts/${sam.id}/end-sessions`, { cookie: sub });
    expect(all.json()).toEqual({ ended: 1 });
    expect(await active(sam.id)).toEqual([]);
    const expired = await h.request('GET', '/api/me', { cookie: s1 });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.reason).toBe('ended_by_admin');
    const audit = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'session.ended').where('target_account_id', '=', sam.id).execute();
    expect(audit.map((a) => [a.actor_account_id, JSON.parse(a.detail).reason])).toEqual([
      [h.owner.id, 'ended_by_admin'],
      [allGrants.id, 'ended_by_admin'],
    ]);
  });

  it('lets an agent end only its own sessions through DELETE /api/sessions/{id}', async () => {
    const mine = await h.signIn('lee@acme.test');
    const other = await h.signIn('lee@acme.test');
    void other;
    const sessions = await active(lee.id);
    const [mayaSession] = await active(maya.id);
    const refused = await h.request('DELETE', `/api/sessions/${mayaSession!.id}`, { cookie: mine });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    const own = sessions.find((s) => s.created_at === Math.max(...sessions.map((x) => x.created_at)))!;
    const res = await h.request('DELETE', `/api/sessions/${sessions[0]!.id === own.id ? sessions[1]!.id : sessions[0]!.id}`, { cookie: mine });
    expect(res.json()).toEqual({ ended: 1 });
  });

  it('disabling ends every session at once and the account cannot sign in; nobody disables themselves', async () => {
    const cookie = await h.signIn('maya@acme.test');
    const res = await h.request('PATCH', `/api/team/accounts/${maya.id}`, { cookie: sub, body: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().endedSessions).toBeGreaterThanOrEqual(1);
    expect(await active(maya.id)).toEqual([]);
    const ended = await h.db.kysely.selectFrom('sessions').select('end_reason').where('account_id', '=', maya.id).where('ended_by', '=', allGrants.id).execute();
    expect(ended.every((r) => r.end_reason === 'account_disabled')).toBe(true);
    expect((await h.request('GET', '/api/me', { cookie })).json().error.reason).toBe('account_disabled');
    expect((await h.login('maya@acme.test')).json().error.code).toBe('account_disabled');
    const updated = await h.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'account.updated')
      .where('target_account_id', '=', maya.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(updated.detail)).toMatchObject({ disabled: true });

    expect((await h.request('PATCH', `/api/team/accounts/${maya.id}`, { cookie: sub, body: { disabled: false } })).json().account.disabled).toBe(false);
    expect((await h.login('maya@acme.test')).statusCode).toBe(200);

    for (const [cookie2, id] of [
      [sub, allGrants.id],
      [owner, h.owner.id],
    ] as const) {
      const self = await h.request('PATCH', `/api/team/accounts/${id}`, { cookie: cookie2, body: { disabled: true } });
      expect(self.statusCode).toBe(409);
      expect(self.json().error.code).toBe('cannot_disable_self');
    }
    const primaryGrants = await h.request('PATCH', `/api/team/accounts/${h.owner.id}`, { cookie: owner, body: { grants: [] } });
    expect(primaryGrants.statusCode).toBe(400);
  });

  it('never reaches another workspace: its ids answer 404 and nothing there changes', async () => {
    const { cookieFrom } = await import('./helpers/harness.js');
    const other = await h.createWorkspace({ slug: 'elsewhere', name: 'Elsewhere', adminName: 'Else Owner', adminEmail: 'else@else.test' });
    const foreign = await h.account('agent', 'Foreign Agent', 'foreign@else.test', [], other.workspace.id);
    const foreignLogin = await h.login('foreign@else.test', { workspace: 'elsewhere' });
    const foreignCookie = cookieFrom(foreignLogin);
    const foreignSession = foreignLogin.json().session.id;

    for (const [method, url, body] of [
      ['GET', `/api/team/accounts/${foreign.id}`, undefined],
      ['PATCH', `/api/team/accounts/${foreign.id}`, { disabled: true }],
      ['POST', `/api/team/accounts/${foreign.id}/end-sessions`, undefined],
      ['DELETE', `/api/sessions/${foreignSession}`, undefined],
      ['GET', `/api/team/accounts/${other.admin.id}`, undefined],
    ] as const) {
      const res = await h.request(method, url, { cookie: owner, ...(body ? { body } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const bulk = (await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: { accountIds: [foreign.id, other.admin.id] } })).json();
    expect(bulk.results.map((r: { error: { code: string } }) => r.error.code)).toEqual(['not_found', 'not_found']);
    expect((await h.request('GET', '/api/me', { cookie: foreignCookie })).statusCode).toBe(200);
    expect(await active(foreign.id)).toHaveLength(1);
    const lists = [
      ...(await h.request('GET', '/api/team/agents?limit=200', { cookie: owner })).json().accounts,
      ...(await h.request('GET', '/api/security/sessions?limit=200', { cookie: owner })).json().sessions,
    ];
    expect(JSON.stringify(lists)).not.toContain('else.test');
    const audit = (await h.request('GET', '/api/audit?limit=200', { cookie: owner })).json().events;
    expect(JSON.stringify(audit)).not.toContain('else.test');
  });
});
