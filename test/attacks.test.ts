import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/lib/ids.js';
import { backends } from './helpers/backends.js';
import { cookieFrom, Harness, PASSWORD, tokenOf } from './helpers/harness.js';
import { Tab } from './helpers/live.js';

/**
 * An attacker's attempts on the rules of PRODUCT.md and on what the code claims about itself.
 * Each test fails if its attack works. Existing suites already cover the basics (cross-site
 * refusals, the authorization matrix, the primary administrator, cross-workspace ids); these
 * go after the edges.
 */
describe.each(backends())('attacks ($name)', (backend) => {
  let h: Harness;
  let owner: string;
  beforeAll(async () => {
    h = await Harness.start(backend, { LOGIN_MAX_FAILURES: '5', IP_MAX_FAILURES: '1000' });
    owner = await h.signIn('owner@acme.test');
  });
  afterAll(async () => h?.close());

  const sessionOf = (id: string) => h.db.kysely.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const accountOf = (id: string) => h.db.kysely.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const activeOf = (accountId: string) => h.db.kysely.selectFrom('sessions').select('id').where('account_id', '=', accountId).where('ended_at', 'is', null).execute();
  const sessionIdOf = async (cookie: string) => (await h.request('GET', '/api/me', { cookie })).json().session.id as string;

  describe('session fixation', () => {
    it('never adopts a token the client chose, and rotates the token on sign-in and on switch', async () => {
      await h.account('agent', 'Fix Ation', 'fix@acme.test');
      await h.account('admin', 'Fix Ation', 'fix@acme.test', ['audit']);
      const planted = 'A'.repeat(43);
      const res = await h.login('fix@acme.test', { account: 'agent' }, { cookie: `gatehouse_session=${planted}` });
      expect(res.statusCode).toBe(200);
      const issued = tokenOf(cookieFrom(res));
      expect(issued).not.toBe(planted);
      expect((await h.request('GET', '/api/me', { cookie: `gatehouse_session=${planted}` })).statusCode).toBe(401);

      // Switching issues a new token and ends the old one: a token seen before the switch is worthless after it.
      const agentCookie = cookieFrom(res);
      const switched = await h.request('POST', '/api/auth/switch', { cookie: agentCookie, body: { account: 'admin' } });
      expect(switched.statusCode).toBe(200);
      const adminCookie = cookieFrom(switched);
      expect(tokenOf(adminCookie)).not.toBe(issued);
      expect((await h.request('GET', '/api/me', { cookie: agentCookie })).statusCode).toBe(401);

      // Sign-out clears the cookie in the browser as well as ending the session.
      const out = await h.request('POST', '/api/auth/logout', { cookie: adminCookie });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^gatehouse_session=;.*Max-Age=0/);
    });
  });

  describe('cross-workspace', () => {
    it('another workspace’s session ids answer 404 on My account and nothing there changes', async () => {
      await h.createWorkspace({ slug: 'rival', name: 'Rival', adminName: 'Rival Owner', adminEmail: 'boss@rival.test' });
      const rival = await h.login('boss@rival.test', { workspace: 'rival' });
      const rivalSession = rival.json().session.id as string;
      const del = await h.request('DELETE', `/api/me/sessions/${rivalSession}`, { cookie: owner });
      expect(del.statusCode).toBe(404);
      expect(del.json().error.code).toBe('not_found');
      expect((await sessionOf(rivalSession)).ended_at).toBeNull();
      // The same email in two workspaces is two logins: my sessions list never shows the other one's.
      const mine = (await h.request('GET', '/api/me/sessions', { cookie: owner })).json().sessions as { id: string }[];
      expect(mine.map((s) => s.id)).not.toContain(rivalSession);
      // Audit search by the other workspace's admin id or email finds nothing here.
      const rivalAdmin = (await h.request('GET', '/api/me', { cookie: cookieFrom(rival) })).json().account.id as string;
      for (const q of [rivalAdmin, 'rival.test']) {
        const audit = await h.request('GET', `/api/audit?q=${encodeURIComponent(q)}`, { cookie: owner });
        expect(audit.statusCode).toBe(200);
        expect(audit.json().events).toEqual([]);
      }
      // A mixed bulk call ends ours and reports theirs as not found.
      const ours = await h.account('agent', 'Mixed Bulk', 'mixed@acme.test');
      await h.signIn('mixed@acme.test');
      const bulk = await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: { accountIds: [ours.id, rivalAdmin] } });
      expect(bulk.json().results).toEqual([
        { accountId: ours.id, status: 'ended', ended: 1 },
        { accountId: rivalAdmin, status: 'refused', error: { code: 'not_found', message: 'No such account.' } },
      ]);
      expect((await sessionOf(rivalSession)).ended_at).toBeNull();
    });
  });

  describe('privilege escalation', () => {
    it('refuses fields the API does not offer (isPrimary, role, email, login) with 400 and changes nothing', async () => {
      const sub = await h.account('admin', 'Sub Escalator', 'sub-esc@acme.test', ['team.admins']);
      const cookie = await h.signIn('sub-esc@acme.test');
      const before = await accountOf(sub.id);
      for (const body of [
        { isPrimary: true },
        { is_primary: 1 },
        { role: 'admin' },
        { email: 'owner@acme.test' },
        { login_id: h.owner.login_id },
        { name: 'x', grants: ['audit'], workspace_id: 'ws_x' },
      ]) {
        const res = await h.request('PATCH', `/api/team/accounts/${sub.id}`, { cookie, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, JSON.stringify(body)).toBeLessThan(500);
      }
      const proto = await h.request('PATCH', `/api/team/accounts/${sub.id}`, {
        cookie,
        body: '{"__proto__": {"isPrimary": true}, "name": "Proto"}',
        headers: { 'content-type': 'application/json' },
      });
      expect(proto.statusCode).toBe(400);
      expect(await accountOf(sub.id)).toEqual(before);
      expect((await h.request('GET', '/api/me', { cookie })).json().account).toMatchObject({ isPrimary: false, grants: ['team.admins'] });
    });

    it('the primary administrator’s linked agent account never reaches the administrator account, nor can a sub-administrator link one', async () => {
      await h.account('admin', 'All Grants', 'all-grants@acme.test', ['team.agents', 'team.admins', 'settings.security', 'audit']);
      const sub = await h.signIn('all-grants@acme.test');
      const ownerSessions = await activeOf(h.owner.id);
      const link = await h.request('POST', '/api/team/agents', { cookie: sub, body: { name: 'Owner As Agent', email: 'OWNER@acme.test' } });
      expect(link.statusCode).toBe(403);
      expect(link.json().error.code).toBe('primary_admin_protected');
      expect(link.json().error.message).toMatch(/belongs to the primary administrator/);
      expect(await h.db.kysely.selectFrom('accounts').select('id').where('login_id', '=', h.owner.login_id).execute()).toHaveLength(1);

      // The primary administrator links one itself. It is the primary administrator's too (rule 1
      // protects the person): the sub-administrator can neither end its sessions nor disable it.
      const agent = await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'Olivia Agent', email: 'owner@acme.test' } });
      expect(agent.statusCode).toBe(201);
      const agentId = agent.json().account.id as string;
      const agentCookie = await h.signIn('owner@acme.test', 'agent');
      expect((await h.request('POST', `/api/team/accounts/${agentId}/end-sessions`, { cookie: sub })).json().error.code).toBe('primary_admin_protected');
      const bulk = (await h.request('POST', '/api/team/end-sessions', { cookie: sub, body: { accountIds: [agentId, h.owner.id] } })).json();
      expect(bulk.results.map((r: { error?: { code: string } }) => r.error?.code)).toEqual(['primary_admin_protected', 'primary_admin_protected']);
      expect((await h.request('PATCH', `/api/team/accounts/${agentId}`, { cookie: sub, body: { disabled: true } })).statusCode).toBe(403);
      expect((await activeOf(h.owner.id)).map((s) => s.id).sort()).toEqual(ownerSessions.map((s) => s.id).sort());
      expect((await h.request('GET', '/api/me', { cookie: owner })).statusCode).toBe(200);
      expect((await h.request('GET', '/api/me', { cookie: agentCookie })).statusCode).toBe(200);
      // The primary administrator may; disabled, the agent account no longer asks which account at sign-in.
      expect((await h.request('PATCH', `/api/team/accounts/${agentId}`, { cookie: owner, body: { disabled: true } })).statusCode).toBe(200);
      expect((await h.request('GET', '/api/me', { cookie: agentCookie })).statusCode).toBe(401);
      expect((await h.login('owner@acme.test')).statusCode).toBe(200);
    });

    it('a sub-administrator cannot create an administrator holding more than it holds, nor raise one to it', async () => {
      await h.account('admin', 'Sub Creator', 'sub-create@acme.test', ['team.admins']);
      const cookie = await h.signIn('sub-create@acme.test');
      const res = await h.request('POST', '/api/team/admins', {
        cookie,
        body: { name: 'Minion', email: 'minion@acme.test', password: 'long enough password', grants: ['team.admins', 'settings.security'] },
      });
      expect(res.statusCode).toBe(403);
      expect(await h.db.kysely.selectFrom('logins').select('id').where('email', '=', 'minion@acme.test').executeTakeFirst()).toBeUndefined();
      const ok = await h.request('POST', '/api/team/admins', {
        cookie,
        body: { name: 'Minion', email: 'minion@acme.test', password: 'long enough password', grants: ['team.admins'] },
      });
      expect(ok.statusCode).toBe(201);
      const raise = await h.request('PATCH', `/api/team/accounts/${ok.json().account.id}`, { cookie, body: { grants: ['team.admins', 'audit'] } });
      expect(raise.statusCode).toBe(403);
      expect(JSON.parse((await accountOf(ok.json().account.id)).grants)).toEqual(['team.admins']);
    });

    it('refuses to switch to a disabled linked account, and a disabled account’s live session ends', async () => {
      const agent = await h.account('agent', 'Two Hats', 'hats@acme.test');
      const admin = await h.account('admin', 'Two Hats', 'hats@acme.test', ['audit']);
      const cookie = await h.signIn('hats@acme.test', 'agent');
      expect((await h.request('PATCH', `/api/team/accounts/${admin.id}`, { cookie: owner, body: { disabled: true } })).statusCode).toBe(200);
      const sw = await h.request('POST', '/api/auth/switch', { cookie, body: { account: 'admin' } });
      expect(sw.statusCode).toBe(403);
      expect(sw.json().error.code).toBe('account_disabled');
      expect(await activeOf(admin.id)).toHaveLength(0);
      expect(await activeOf(agent.id)).toHaveLength(1);
      // Disabling the agent ends the session it is using at once.
      await h.request('PATCH', `/api/team/accounts/${agent.id}`, { cookie: owner, body: { disabled: true } });
      const me = await h.request('GET', '/api/me', { cookie });
      expect(me.statusCode).toBe(401);
      expect(me.json().error.reason).toBe('account_disabled');
    });

    it('an agent holds no grant whatever its login also holds: team, security and audit routes answer 403', async () => {
      await h.account('agent', 'Dual Agent', 'dual@acme.test');
      await h.account('admin', 'Dual Agent', 'dual@acme.test', ['team.agents', 'team.admins', 'settings.security', 'audit']);
      const cookie = await h.signIn('dual@acme.test', 'agent');
      for (const [method, url, body] of [
        ['GET', '/api/team/agents', undefined],
        ['GET', `/api/team/accounts/${h.owner.id}`, undefined],
        ['POST', `/api/team/accounts/${h.owner.id}/end-sessions`, undefined],
        ['POST', '/api/team/agents', { name: 'Sneaky', email: 'sneaky@acme.test', password: 'long enough password' }],
        ['PATCH', '/api/settings/security', { agentIdleMinutes: 5 }],
        ['GET', '/api/audit', undefined],
        ['GET', '/api/presence', undefined],
      ] as const) {
        const res = await h.request(method, url, { cookie, ...(body ? { body } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
      expect((await h.request('GET', '/api/me', { cookie: owner })).statusCode).toBe(200);
    });
  });

  describe('cross-site requests', () => {
    it('refuses a different port or scheme, and Origin null, on state changes', async () => {
      const cookie = await h.signIn('owner@acme.test');
      for (const origin of ['http://localhost:8080', 'https://localhost:80', 'https://localhost', 'null', 'http://LOCALHOST:80.evil']) {
        const res = await h.request('POST', '/api/me/sessions/end-others', { cookie, headers: { origin } });
        expect(res.statusCode, origin).toBe(403);
      }
      const res = await h.request('POST', '/api/auth/logout', { cookie, headers: { 'sec-fetch-site': 'same-site', origin: 'http://localhost:80' } });
      expect(res.statusCode).toBe(403);
      expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    });

    it('refuses a text/plain body (what an HTML form can send without a preflight) and does nothing', async () => {
      const cookie = await h.signIn('owner@acme.test');
      const id = await sessionIdOf(cookie);
      for (const url of ['/api/auth/logout', '/api/me/sessions/end-others', '/api/auth/login']) {
        const body = url.endsWith('login') ? JSON.stringify({ workspace: 'acme', email: 'owner@acme.test', password: PASSWORD }) : '{}';
        const res = await h.request('POST', url, { cookie, body, headers: { 'content-type': 'text/plain' } });
        expect(res.statusCode, url).toBe(415);
        expect(res.json().error.code).toBe('unsupported_media_type');
        // The same from a page on another site is refused before the body is even read.
        const xs = await h.request('POST', url, { cookie, body, headers: { 'content-type': 'text/plain', origin: 'https://evil.example' } });
        expect(xs.statusCode).toBe(403);
      }
      expect((await sessionOf(id)).ended_at).toBeNull();
    });

    it('does not let a method-override header turn a GET into a DELETE', async () => {
      const cookie = await h.signIn('owner@acme.test');
      const id = await sessionIdOf(cookie);
      for (const header of ['x-http-method-override', 'x-http-method', 'x-method-override']) {
        const res = await h.request('GET', `/api/me/sessions/${id}?_method=DELETE`, { cookie, headers: { [header]: 'DELETE' } });
        // The path takes DELETE only: a GET is told so, whatever the headers say.
        expect(res.statusCode).toBe(405);
        expect(res.headers.allow).toBe('DELETE');
      }
      expect((await sessionOf(id)).ended_at).toBeNull();
    });
  });

  describe('forwarded addresses', () => {
    it('ignores X-Forwarded-For without TRUST_PROXY: no allow-list bypass, no rate-limit bypass', async () => {
      const local = await Harness.start(backend, { IP_MAX_FAILURES: '3', LOGIN_MAX_FAILURES: '100' });
      try {
        const cookie = await local.signIn('owner@acme.test');
        await local.request('PATCH', '/api/settings/security', { cookie, body: { ipAllowlist: ['10.0.0.0/8', '127.0.0.1'], confirmSelfLockout: true } });
        await local.account('agent', 'Far Away', 'far@acme.test');
        const spoofed = await local.login(
          'far@acme.test',
          {},
          { ip: '203.0.113.9', headers: { 'x-forwarded-for': '10.1.1.1', forwarded: 'for=10.1.1.1', 'x-real-ip': '10.1.1.1' } },
        );
        expect(spoofed.statusCode).toBe(403);
        expect(spoofed.json().error.code).toBe('ip_not_allowed');

        for (let i = 0; i < 3; i++)
          await local.login('nobody@acme.test', { password: 'wrong password' }, { ip: '198.51.100.7', headers: { 'x-forwarded-for': `192.0.2.${i}` } });
        const rotated = await local.login('owner@acme.test', {}, { ip: '198.51.100.7', headers: { 'x-forwarded-for': '192.0.2.200' } });
        expect(rotated.statusCode).toBe(429);
      } finally {
        await local.close();
      }
    });
  });

  describe('sign-in guessing', () => {
    it('counts email case, spaces and workspace case as the same login, and a locked login answers alike whatever the password', async () => {
      await h.account('agent', 'Locked Out', 'locked@acme.test');
      const ip = '192.0.2.50';
      const variants = ['LOCKED@acme.test', ' locked@acme.test', 'locked@ACME.TEST ', 'Locked@Acme.Test'];
      for (const [i, email] of variants.entries()) await h.login(email, { password: 'wrong password', workspace: i % 2 ? 'ACME' : 'acme' }, { ip });
      await h.login('locked@acme.test', { password: 'wrong password' }, { ip });
      const right = await h.login('locked@acme.test', {}, { ip });
      const wrong = await h.login('locked@acme.test', { password: 'still wrong' }, { ip });
      expect(right.statusCode).toBe(429);
      expect(wrong.statusCode).toBe(429);
      expect(right.body).toBe(wrong.body);
      expect(right.headers['set-cookie']).toBeUndefined();
      expect(right.headers['retry-after']).toBe(wrong.headers['retry-after']);
    });

    it('answers alike for an unknown workspace, an unknown email, a wrong password and a disabled account with a wrong password', async () => {
      const disabled = await h.account('agent', 'Gone Agent', 'gone@acme.test');
      await h.request('PATCH', `/api/team/accounts/${disabled.id}`, { cookie: owner, body: { disabled: true } });
      const ip = '192.0.2.60';
      const answers = [
        await h.login('owner@acme.test', { workspace: 'nowhere', password: 'wrong password' }, { ip }),
        await h.login('ghost@acme.test', { password: 'wrong password' }, { ip }),
        await h.login('owner@acme.test', { password: 'wrong password' }, { ip }),
        await h.login('gone@acme.test', { password: 'wrong password' }, { ip }),
        await h.login('gone@acme.test', { password: 'wrong password', account: 'admin' }, { ip }),
      ];
      const shape = (r: LightMyRequestResponse) => ({
        status: r.statusCode,
        body: r.body,
        headers: Object.keys(r.headers)
          .filter((k) => k !== 'date')
          .sort(),
        cookie: r.headers['set-cookie'],
      });
      for (const a of answers) expect(shape(a)).toEqual(shape(answers[0]!));
      expect(answers[0]!.statusCode).toBe(401);
      // With the right password a disabled account is told so: only its owner knows that password.
      const right = await h.login('gone@acme.test', {}, { ip });
      expect(right.json().error.code).toBe('account_disabled');
    });
  });

  describe('audit log', () => {
    it('does not write down a password typed into the email field of a failed sign-in', async () => {
      const res = await h.login('Tr0ub4dor&3 secret', { password: 'wrong password' }, { ip: '192.0.2.80' });
      expect(res.statusCode).toBe(401);
      const row = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'signin.failed').where('ip', '=', '192.0.2.80').executeTakeFirstOrThrow();
      expect(row.target_label).toBeNull();
      expect(JSON.stringify(row)).not.toContain('secret');
      await h.login('typo@acme.test', { password: 'wrong password' }, { ip: '192.0.2.80' });
      const typo = await h.db.kysely
        .selectFrom('audit_events')
        .select('target_label')
        .where('type', '=', 'signin.failed')
        .where('ip', '=', '192.0.2.80')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(typo.target_label).toBe('typo@acme.test');
    });
  });

  describe('password change', () => {
    it('needs the current password, limits guesses of it, and keeps the minimum length', async () => {
      await h.account('agent', 'Pass Word', 'pw@acme.test');
      const cookie = await h.signIn('pw@acme.test');
      const hashBefore = (await h.db.kysely.selectFrom('logins').select('password_hash').where('email', '=', 'pw@acme.test').executeTakeFirstOrThrow()).password_hash;
      expect((await h.request('POST', '/api/auth/password', { cookie, body: { next: 'a brand new password' } })).statusCode).toBe(400);
      expect((await h.request('POST', '/api/auth/password', { cookie, body: { current: PASSWORD, next: 'short' } })).statusCode).toBe(400);
      for (let i = 0; i < 5; i++) {
        expect((await h.request('POST', '/api/auth/password', { cookie, body: { current: `guess number ${i}`, next: 'a brand new password' } })).statusCode).toBe(403);
      }
      const locked = await h.request('POST', '/api/auth/password', { cookie, body: { current: PASSWORD, next: 'a brand new password' } });
      expect(locked.statusCode).toBe(429);
      const after = (await h.db.kysely.selectFrom('logins').select('password_hash').where('email', '=', 'pw@acme.test').executeTakeFirstOrThrow()).password_hash;
      expect(after).toBe(hashBefore);
    });
  });

  describe('audit CSV', () => {
    it('neutralises formulas and keeps quotes and line breaks inside fields, from names and from anonymous sign-in attempts', async () => {
      const evil = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', 'a "quoted", name\nwith a line break'];
      for (const [i, name] of evil.entries()) {
        const body = { name: `Safe ${i}`, email: `csv${i}@acme.test`, password: 'long enough password' };
        const created = await h.request('POST', '/api/team/agents', { cookie: owner, body });
        expect(created.statusCode).toBe(201);
        // The API trims names and refuses control characters; names stored before those rules (or
        // by another tool) are written straight into the database, then an audited change labels them.
        await h.db.kysely.updateTable('accounts').set({ name }).where('id', '=', created.json().account.id).execute();
        expect((await h.request('PATCH', `/api/team/accounts/${created.json().account.id}`, { cookie: owner, body: { disabled: true } })).statusCode).toBe(200);
      }
      await h.login('=HYPERLINK("http://x")@evil.test', { password: 'wrong password' }, { ip: '192.0.2.70' });
      const csv = await h.request('GET', '/api/audit.csv?type=account.updated,signin.failed', { cookie: owner });
      expect(csv.statusCode).toBe(200);
      const rows = parseCsv(csv.body);
      const header = rows[0]!;
      expect(rows.every((r) => r.length === header.length)).toBe(true);
      for (const row of rows.slice(1)) for (const field of row) expect(field, field).not.toMatch(/^[=+\-@\t\r]/);
      expect(rows.some((r) => r.includes('\'=hyperlink("http://x")@evil.test'))).toBe(true);
      expect(csv.body).toContain('a ""quoted"", name\nwith a line break');
    });
  });

  describe('input limits', () => {
    it('answers null bytes, odd ids, long strings and malformed cursors with 4xx, never 500', async () => {
      const cookie = owner;
      const nul = 'a\u0000b';
      const cases: [string, 'GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown][] = [
        ['NUL in email', 'POST', '/api/auth/login', { workspace: 'acme', email: `owner${nul}@acme.test`, password: PASSWORD }],
        ['NUL in workspace', 'POST', '/api/auth/login', { workspace: nul, email: 'owner@acme.test', password: PASSWORD }],
        ['NUL in name', 'PATCH', `/api/team/accounts/${h.owner.id}`, { name: nul }],
        ['NUL in new agent', 'POST', '/api/team/agents', { name: 'Nul', email: `nul${nul}@acme.test`, password: 'long enough password' }],
        ['NUL in allow list', 'PATCH', '/api/settings/security', { ipAllowlist: [nul], dryRun: true }],
        ['NUL in bulk ids', 'POST', '/api/team/end-sessions', { accountIds: [nul] }],
        ['NUL in q', 'GET', `/api/team/agents?q=${encodeURIComponent(nul)}`, undefined],
        ['NUL in audit q', 'GET', `/api/audit?q=${encodeURIComponent(nul)}`, undefined],
        ['NUL in path id', 'DELETE', `/api/sessions/${encodeURIComponent(nul)}`, undefined],
        ['NUL in account id', 'GET', `/api/team/accounts/${encodeURIComponent(nul)}`, undefined],
        ['long q', 'GET', `/api/team/agents?q=${'x'.repeat(5000)}`, undefined],
        ['long name', 'PATCH', `/api/team/accounts/${h.owner.id}`, { name: 'x'.repeat(10_000) }],
        ['long id', 'DELETE', `/api/sessions/${'s'.repeat(300)}`, undefined],
        ['1001 ids', 'POST', '/api/team/end-sessions', { accountIds: Array.from({ length: 1001 }, (_, i) => `acc_${i}`) }],
        ['negative limit', 'GET', '/api/team/agents?limit=-1', undefined],
        ['huge limit', 'GET', '/api/audit?limit=99999999999999999999', undefined],
        ['text limit', 'GET', '/api/security/sessions?limit=ten', undefined],
        ['garbage cursor', 'GET', '/api/audit?cursor=%%%', undefined],
        ['infinite audit cursor', 'GET', `/api/audit?cursor=${cursor([1e999])}`, undefined],
        ['fractional audit cursor', 'GET', `/api/audit?cursor=${cursor([1.5])}`, undefined],
        ['huge audit cursor', 'GET', `/api/audit?cursor=${cursor([2 ** 70])}`, undefined],
        ['fractional sessions cursor', 'GET', `/api/security/sessions?cursor=${cursor([0.5, 'ses_x'])}`, undefined],
        ['wrong-shape team cursor', 'GET', `/api/team/agents?cursor=${cursor([1, 2])}`, undefined],
        ['unknown query field', 'GET', '/api/audit?actor=acc_x', undefined],
        ['traversal id', 'GET', '/api/team/accounts/..%2F..%2Fsettings', undefined],
        ['bad escape', 'DELETE', '/api/sessions/%E0%A4%A', undefined],
        ['unicode id', 'DELETE', `/api/sessions/${encodeURIComponent('ses_ÿ😀')}`, undefined],
      ];
      for (const [name, method, url, body] of cases) {
        const res = await h.request(method, url, { cookie, ...(body !== undefined ? { body } : {}) });
        expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        expect(res.json(), name).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
      }
      for (const name of ['line\nbreak', 'tab\there', 'bell\u0007', 'c1\u0085', '   ']) {
        const res = await h.request('PATCH', `/api/team/accounts/${h.owner.id}`, { cookie, body: { name } });
        expect(res.statusCode, JSON.stringify(name)).toBe(400);
      }
      expect((await accountOf(h.owner.id)).name).toBe('Olivia Owner');
      // Unicode that is not a NUL is ordinary text.
      expect(
        (await h.request('POST', '/api/team/agents', { cookie, body: { name: 'Zoë 😀 Ünïcödé', email: 'zoe@acme.test', password: 'long enough password' } })).statusCode,
      ).toBe(201);
    });
  });

  describe('response headers', () => {
    it('sends nosniff, no framing, no referrer and no caching of API answers', async () => {
      for (const [url, cookie] of [
        ['/api/me', owner],
        ['/api/auth/login', undefined],
        ['/api/nope', undefined],
        ['/api/team/agents', owner],
      ] as const) {
        const res = url === '/api/auth/login' ? await h.login('owner@acme.test') : await h.request('GET', url, { cookie });
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['x-frame-options'], url).toBe('DENY');
        expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
        expect(res.headers['referrer-policy'], url).toBe('no-referrer');
        expect(res.headers['cache-control'], url).toBe('no-store');
      }
      // The console page keeps its own policy (it needs scripts and styles from this server).
      const page = await h.request('GET', '/team/agents');
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      // The API description keeps its own stricter page policy.
      const docs = await h.request('GET', '/api/docs/static/index.html');
      expect(String(docs.headers['content-security-policy'])).toContain("default-src 'self'");
      expect(docs.headers['x-content-type-options']).toBe('nosniff');
    });
  });
});

/** The live connection, over a real port. */
describe.each(backends())('live connection attacks ($name)', (backend) => {
  let h: Harness;
  let base: string;
  const tabs: Tab[] = [];
  beforeAll(async () => {
    h = await Harness.start(backend, { PRESENCE_GRACE_SECONDS: '1' });
    base = await h.listen();
  });
  afterAll(async () => {
    await Promise.all(tabs.map((t) => t.close()));
    await h?.close();
  });

  it('refuses a handshake from the same host on another port or scheme', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const port = Number(new URL(base).port);
    for (const origin of [`http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      const res = await Tab.refused(base, { cookie }, origin);
      expect(res.status, origin).toBe(403);
    }
    expect(await h.db.kysely.selectFrom('live_connections').selectAll().execute()).toEqual([]);
  });

  it('never sends one workspace’s events to another workspace’s administrators', async () => {
    const other = await h.createWorkspace({ slug: 'other', name: 'Other', adminName: 'Other Owner', adminEmail: 'boss@other.test' });
    const theirAgent = await h.account('agent', 'Their Agent', 'agent@other.test', [], other.workspace.id);
    const ourAgent = await h.account('agent', 'Our Agent', 'agent@acme.test');
    const ours = await Tab.open(base, await h.signIn('owner@acme.test'));
    const theirs = await Tab.open(base, cookieFrom(await h.login('boss@other.test', { workspace: 'other' })));
    tabs.push(ours, theirs);

    // Their agent signs in, opens a tab and is signed out: their administrator hears of it.
    const agentCookie = cookieFrom(await h.login('agent@other.test', { workspace: 'other' }));
    const agentTab = await Tab.open(base, agentCookie);
    await theirs.next('sessions.changed');
    await theirs.next('presence');
    await h.request('POST', '/api/auth/logout', { cookie: agentCookie });
    await agentTab.closed;
    // Events leave in order on one bus: once ours hears of our own agent, anything of theirs would have come first.
    await h.signIn('agent@acme.test');
    expect(await ours.next('sessions.changed')).toEqual({ type: 'sessions.changed', accountIds: [ourAgent.id] });
    const heard = JSON.stringify(ours.messages);
    expect(heard).not.toContain(theirAgent.id);
    expect(heard).not.toContain(other.admin.id);
    expect(JSON.stringify(theirs.messages)).not.toContain(ourAgent.id);
  });
});

/** Logs, bodies and the database, searched for a session token or its hash. */
describe.each(backends())('token leakage ($name)', (backend) => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    h = await Harness.start(backend, { LOG_LEVEL: 'debug' }, { logger: { level: 'debug', stream } });
  });
  afterAll(async () => h?.close());

  it('never puts a token or its hash in a log line, a response body, an error, the audit log, metrics or the API description', async () => {
    await h.account('agent', 'Leak Check', 'leak@acme.test');
    await h.account('admin', 'Leak Check', 'leak@acme.test', ['audit']);
    const owner = await h.signIn('owner@acme.test');
    const agentLogin = await h.login('leak@acme.test', { account: 'agent' });
    const agent = cookieFrom(agentLogin);
    const switched = await h.request('POST', '/api/auth/switch', { cookie: agent, body: { account: 'admin' } });
    const admin = cookieFrom(switched);
    const tokens = [owner, agent, admin].map(tokenOf);

    const bodies: string[] = [agentLogin.body, switched.body];
    const get = async (url: string, cookie?: string) => (await h.request('GET', url, { cookie })).body;
    for (const url of ['/api/me', '/api/me/sessions', '/api/team/agents', '/api/team/admins', '/api/security/sessions', '/api/audit?limit=200', '/api/audit.csv'])
      bodies.push(await get(url, owner));
    bodies.push(await get('/metrics'), await get('/api/openapi.json'));
    // Errors that quote what they were sent: an ended token, a malformed one, a wrong password.
    bodies.push(await get('/api/me', agent), await get('/api/me', `gatehouse_session=${tokens[2]}x`));
    bodies.push((await h.request('POST', '/api/auth/password', { cookie: admin, body: { current: tokens[2]!, next: 'long enough password' } })).body);
    bodies.push((await h.request('POST', '/api/auth/logout', { cookie: admin })).body);

    const audit = JSON.stringify(await h.db.kysely.selectFrom('audit_events').selectAll().execute());
    const sessions = JSON.stringify(await h.db.kysely.selectFrom('sessions').select(['id', 'ip', 'user_agent', 'flags', 'end_reason']).execute());
    expect(lines.length).toBeGreaterThan(5);
    const everything = [...lines, ...bodies, audit, sessions].join('\n');
    for (const token of tokens) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(hashToken(token));
    }
    expect(everything).not.toContain('gatehouse_session=');
  });
});

function cursor(key: unknown[]): string {
  // JSON.stringify writes Infinity as null, so such a key is spelled out by hand.
  const text = `[${key.map((k) => (k === Infinity ? '1e999' : JSON.stringify(k))).join(',')}]`;
  return Buffer.from(text).toString('base64url');
}

/** RFC 4180, strictly: a field is quoted or has no quote, commas and CRLF separate. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`stray quote at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
