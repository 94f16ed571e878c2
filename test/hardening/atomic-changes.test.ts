import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditType } from '../../src/audit/types.js';
import { backends } from '../helpers/backends.js';
import { Harness, PASSWORD } from '../helpers/harness.js';

// Rule 8: a change and everything it causes (the sessions it ends or starts, its audit rows)
// commit in one transaction, or not at all. Each case makes the audit log fail on the row that
// is written last, after the change itself and its ended sessions are already written inside
// the transaction, then checks that nothing of the change is left.
describe.each(backends())('changes commit whole or not at all on $name', (backend) => {
  let h: Harness;
  let owner: string;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
  });
  afterAll(() => h?.close());

  /** Makes every audit write that holds an event of `type` fail, as a full disk or a lost connection would. */
  async function failingAuditOf<T>(type: AuditType, act: () => Promise<T>): Promise<T> {
    const record = h.services.audit.record;
    h.services.audit.record = async (trx, events) => {
      if (events.some((e) => e.type === type)) throw new Error('disk unplugged');
      return record(trx, events);
    };
    try {
      return await act();
    } finally {
      h.services.audit.record = record;
    }
  }

  const isSignedIn = async (cookie: string) => (await h.request('GET', '/api/me', { cookie })).statusCode === 200;
  const auditCount = async (type: AuditType) => (await h.db.kysely.selectFrom('audit_events').select('id').where('type', '=', type).execute()).length;
  const sessionCount = async (loginId: string) => (await h.db.kysely.selectFrom('sessions').select('id').where('login_id', '=', loginId).execute()).length;

  it('a password change that fails keeps the old password and the other sessions', async () => {
    const agent = await h.account('agent', 'Pat Password', 'pat@acme.test');
    const here = await h.signIn('pat@acme.test');
    const elsewhere = await h.signIn('pat@acme.test');
    const res = await failingAuditOf('password.changed', () =>
      h.request('POST', '/api/auth/password', { cookie: here, body: { current: PASSWORD, next: 'a brand new password' } }),
    );
    expect(res.statusCode).toBe(500);
    expect(await isSignedIn(elsewhere)).toBe(true);
    expect(await isSignedIn(here)).toBe(true);
    expect((await h.login('pat@acme.test')).statusCode).toBe(200);
    expect((await h.login('pat@acme.test', { password: 'a brand new password' })).statusCode).toBe(401);
    expect(await auditCount('password.changed')).toBe(0);
    const ended = await h.db.kysely.selectFrom('sessions').select('id').where('login_id', '=', agent.login_id).where('end_reason', '=', 'password_changed').execute();
    expect(ended).toEqual([]);
  });

  it('a switch that fails leaves the old session valid and starts none', async () => {
    const agent = await h.account('agent', 'Lin Linked', 'lin@acme.test');
    await h.account('admin', 'Lin Linked', 'lin@acme.test', ['audit']);
    const cookie = await h.signIn('lin@acme.test', 'agent');
    const before = await sessionCount(agent.login_id);
    const res = await failingAuditOf('account.switched', () => h.request('POST', '/api/auth/switch', { cookie, body: { account: 'admin' } }));
    expect(res.statusCode).toBe(500);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await isSignedIn(cookie)).toBe(true);
    expect(await sessionCount(agent.login_id)).toBe(before);
    expect(await auditCount('account.switched')).toBe(0);
  });

  it('an account creation that fails leaves no account and no login', async () => {
    const res = await failingAuditOf('account.created', () =>
      h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'Nora Nobody', email: 'nora@acme.test', password: 'a long enough password' } }),
    );
    expect(res.statusCode).toBe(500);
    expect(await h.db.kysely.selectFrom('logins').select('id').where('email', '=', 'nora@acme.test').execute()).toEqual([]);
    expect(await h.db.kysely.selectFrom('accounts').select('id').where('name', '=', 'Nora Nobody').execute()).toEqual([]);
    // Nothing half-made stands in the way of doing it again.
    const again = await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'Nora Nobody', email: 'nora@acme.test', password: 'a long enough password' } });
    expect(again.statusCode).toBe(201);
  });

  it('a disable that fails leaves the account enabled and its sessions alive', async () => {
    const agent = await h.account('agent', 'Dana Disabled', 'dana@acme.test');
    const cookie = await h.signIn('dana@acme.test');
    const res = await failingAuditOf('account.updated', () => h.request('PATCH', `/api/team/accounts/${agent.id}`, { cookie: owner, body: { disabled: true } }));
    expect(res.statusCode).toBe(500);
    const row = await h.db.kysely.selectFrom('accounts').select('disabled').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.disabled).toBe(0);
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it('an allow list whose sessions cannot be ended is not saved', async () => {
    await h.account('agent', 'Ines Outside', 'ines@acme.test');
    const cookie = await h.signIn('ines@acme.test', undefined, { ip: '203.0.113.9' });
    const before = (await h.request('GET', '/api/settings/security', { cookie: owner })).json();
    const res = await failingAuditOf('session.ended', () =>
      h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: ['127.0.0.0/8', '10.0.0.0/8'] } }),
    );
    expect(res.statusCode).toBe(500);
    expect((await h.request('GET', '/api/settings/security', { cookie: owner })).json()).toEqual(before);
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it('a sign-in past the session limit that cannot end the oldest session starts none', async () => {
    const agent = await h.account('agent', 'Lou Limited', 'lou@acme.test');
    const first = await h.signIn('lou@acme.test');
    await h.db.kysely.updateTable('workspaces').set({ session_limit: 1 }).where('id', '=', h.workspace.id).execute();
    try {
      const before = await sessionCount(agent.login_id);
      const res = await failingAuditOf('session.ended', () => h.login('lou@acme.test'));
      expect(res.statusCode).toBe(500);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await sessionCount(agent.login_id)).toBe(before);
      expect(await isSignedIn(first)).toBe(true);
      // Once the audit log works again, the limit applies as it should: the newest session stays.
      const second = await h.signIn('lou@acme.test');
      expect(await isSignedIn(second)).toBe(true);
      expect(await isSignedIn(first)).toBe(false);
    } finally {
      await h.db.kysely.updateTable('workspaces').set({ session_limit: null }).where('id', '=', h.workspace.id).execute();
    }
  });
});
