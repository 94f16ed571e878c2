import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../src/lib/clock.js';
import { hashToken } from '../src/lib/ids.js';
import { backends } from './helpers/backends.js';
import { CHROME_WINDOWS, FIREFOX_LINUX, Harness, PASSWORD, cookieFrom, tokenOf } from './helpers/harness.js';

describe.each(backends())('session lifecycle on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(backend);
  });
  afterAll(() => h?.close());

  const sessionRow = (id: string) => h.db.kysely.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const currentId = async (cookie: string) => {
    const res = await h.request('GET', '/api/me', { cookie });
    expect(res.statusCode).toBe(200);
    return res.json().session.id as string;
  };

  it('sets an HttpOnly, SameSite=Lax cookie whose value is nowhere in the database', async () => {
    await h.account('agent', 'Cookie Test', 'cookie@acme.test');
    const res = await h.login('cookie@acme.test');
    expect(res.statusCode).toBe(200);
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/);
    const token = tokenOf(cookieFrom(res));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const rows = await h.db.kysely.selectFrom('sessions').selectAll().execute();
    const dump = JSON.stringify(rows) + JSON.stringify(await h.db.kysely.selectFrom('audit_events').selectAll().execute());
    expect(dump).not.toContain(token);
    const row = rows.find((r) => r.id === res.json().session.id)!;
    expect(row.token_hash).toBe(hashToken(token));
    expect(row.browser).toBe('Chrome 131');
    expect(row.os).toBe('Windows 10');
    expect(row.device_type).toBe('desktop');
  });

  it('marks the cookie Secure when COOKIE_SECURE is set or the request came over https', async () => {
    const secure = await Harness.start(backend, { COOKIE_SECURE: 'true' });
    try {
      const res = await secure.login('owner@acme.test');
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
    const proxied = await Harness.start(backend, { TRUST_PROXY: 'true' });
    try {
      const res = await proxied.login('owner@acme.test', {}, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '81.2.69.160' } });
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
      const row = await proxied.db.kysely.selectFrom('sessions').selectAll().where('id', '=', res.json().session.id).executeTakeFirstOrThrow();
      expect(row.ip).toBe('81.2.69.160');
      expect(row.country).toBe('GB');
      expect(row.city).toBe('London');
    } finally {
      await proxied.close();
    }
  });

  it('records the client address only from trusted proxies', async () => {
    const res = await h.login('owner@acme.test', {}, { headers: { 'x-forwarded-for': '81.2.69.160' }, ip: '10.1.2.3' });
    const row = await sessionRow(res.json().session.id);
    expect(row.ip).toBe('10.1.2.3');
    expect(row.country).toBeNull();
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const unknown = await h.login('nobody@acme.test', { password: 'whatever-it-is' });
    const wrong = await h.login('owner@acme.test', { password: 'whatever-it-is' });
    const noWorkspace = await h.login('owner@acme.test', { workspace: 'no-such-place' });
    for (const res of [unknown, wrong, noWorkspace]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    }
    expect(unknown.body).toBe(wrong.body);
  });

  it('keeps the cookie as long as any session may live, so a lifetime raised after sign-in loses no session', async () => {
    await h.db.kysely.updateTable('workspaces').set({ absolute_lifetime_minutes: 60 }).where('id', '=', h.workspace.id).execute();
    const res = await h.login('owner@acme.test');
    const line = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('gatehouse_session='));
    expect(line).toMatch(/; Max-Age=7776000;/); // 90 days, the longest lifetime Settings › Security allows
    const cookie = cookieFrom(res);
    await h.db.kysely
      .updateTable('workspaces')
      .set({ absolute_lifetime_minutes: 90 * 24 * 60 })
      .where('id', '=', h.workspace.id)
      .execute();
    h.clock.advance(2 * HOUR);
    expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    await h.db.kysely.updateTable('workspaces').set({ absolute_lifetime_minutes: 43200 }).where('id', '=', h.workspace.id).execute();
  });

  it('ends the session on sign-out and refuses the cookie afterwards', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const id = await currentId(cookie);
    const out = await h.request('POST', '/api/auth/logout', { cookie });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const after = await h.request('GET', '/api/me', { cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatchObject({ code: 'session_expired', reason: 'signed_out' });
    // Left alone: a late answer must not clear a newer cookie the browser stored meanwhile.
    expect(after.headers['set-cookie']).toBeUndefined();
    const row = await sessionRow(id);
    expect(row.end_reason).toBe('signed_out');
    expect(row.ended_by).toBe(h.owner.id);
    expect(row.ended_at).toBe(h.clock.now());
  });

  it('refuses a missing, malformed or unknown cookie with 401', async () => {
    for (const cookie of [
      undefined,
      'gatehouse_session=',
      'gatehouse_session=not a token',
      'gatehouse_session=%%%',
      `gatehouse_session=${'A'.repeat(43)}`,
      'garbage;;;==',
      `gatehouse_session=${'x'.repeat(5000)}`,
    ]) {
      const res = await h.request('GET', '/api/me', { cookie });
      expect(res.statusCode, String(cookie)).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it('ends an agent session after 72 hours idle by default', async () => {
    await h.account('agent', 'Idle Default', 'idle-default@acme.test');
    const cookie = await h.signIn('idle-default@acme.test');
    const id = await currentId(cookie);
    h.clock.advance(72 * HOUR - MINUTE);
    expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    // The request above counted as activity: 72 h from it, not from sign-in.
    h.clock.advance(72 * HOUR - MINUTE);
    expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    h.clock.advance(72 * HOUR);
    const res = await h.request('GET', '/api/me', { cookie });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.reason).toBe('idle_timeout');
    const row = await sessionRow(id);
    expect(row.end_reason).toBe('idle_timeout');
    expect(row.ended_by).toBeNull();
  });

  it("ends an agent session after the workspace's idle timeout, and an admin's only after 72 hours", async () => {
    await h.db.kysely.updateTable('workspaces').set({ agent_idle_minutes: 30 }).where('id', '=', h.workspace.id).execute();
    try {
      await h.account('agent', 'Idle Short', 'idle-short@acme.test');
      const agent = await h.signIn('idle-short@acme.test');
      const admin = await h.signIn('owner@acme.test');
      h.clock.advance(29 * MINUTE);
      expect((await h.request('GET', '/api/me', { cookie: agent })).statusCode).toBe(200);
      h.clock.advance(30 * MINUTE);
      const res = await h.request('GET', '/api/me', { cookie: agent });
      expect(res.json().error).toMatchObject({ code: 'session_expired', reason: 'idle_timeout' });
      expect((await h.request('GET', '/api/me', { cookie: admin })).statusCode).toBe(200);
      h.clock.advance(72 * HOUR);
      expect((await h.request('GET', '/api/me', { cookie: admin })).json().error.reason).toBe('idle_timeout');
    } finally {
      await h.db.kysely
        .updateTable('workspaces')
        .set({ agent_idle_minutes: 72 * 60 })
        .where('id', '=', h.workspace.id)
        .execute();
    }
  });

  it('ends a session at its absolute lifetime however active it is', async () => {
    const cookie = await h.signIn('owner@acme.test');
    for (let day = 0; day < 29; day++) {
      h.clock.advance(DAY);
      expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    }
    h.clock.advance(DAY);
    const res = await h.request('GET', '/api/me', { cookie });
    expect(res.json().error).toMatchObject({ code: 'session_expired', reason: 'lifetime_expired' });
  });

  it('writes last activity at most once a minute however many requests arrive', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const id = await currentId(cookie);
    const start = (await sessionRow(id)).last_seen_at;
    for (let i = 0; i < 20; i++) {
      h.clock.advance(2_000);
      await h.request('GET', '/api/me', { cookie });
    }
    expect((await sessionRow(id)).last_seen_at).toBe(start);
    h.clock.advance(20_000);
    await Promise.all(Array.from({ length: 10 }, () => h.request('GET', '/api/me', { cookie })));
    expect((await sessionRow(id)).last_seen_at).toBe(start + 60_000);
    h.clock.advance(30_000);
    await h.request('GET', '/api/me', { cookie });
    expect((await sessionRow(id)).last_seen_at).toBe(start + 60_000);
  });

  it('ends the login’s other sessions, on both linked accounts, when the password changes', async () => {
    await h.account('agent', 'Pat Linked', 'pat@acme.test');
    await h.account('admin', 'Pat Linked', 'pat@acme.test', ['team.agents']);
    const here = await h.signIn('pat@acme.test', 'agent');
    const laptop = await h.signIn('pat@acme.test', 'agent', { headers: { 'user-agent': FIREFOX_LINUX } });
    const asAdmin = await h.signIn('pat@acme.test', 'admin');
    const wrong = await h.request('POST', '/api/auth/password', { cookie: here, body: { current: 'not it at all', next: 'a brand new secret' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('wrong_password');
    const short = await h.request('POST', '/api/auth/password', { cookie: here, body: { current: PASSWORD, next: 'short' } });
    expect(short.statusCode).toBe(400);
    const same = await h.request('POST', '/api/auth/password', { cookie: here, body: { current: PASSWORD, next: PASSWORD } });
    expect(same.statusCode).toBe(400);
    expect(same.json().error).toMatchObject({ code: 'invalid_request', field: 'next', rule: 'password_unchanged' });

    const res = await h.request('POST', '/api/auth/password', { cookie: here, body: { current: PASSWORD, next: 'a brand new secret' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ endedSessions: 2 });
    expect((await h.request('GET', '/api/me', { cookie: here })).statusCode).toBe(200);
    for (const cookie of [laptop, asAdmin]) {
      expect((await h.request('GET', '/api/me', { cookie })).json().error.reason).toBe('password_changed');
    }
    expect((await h.login('pat@acme.test', { account: 'agent' })).statusCode).toBe(401);
    expect((await h.login('pat@acme.test', { account: 'agent', password: 'a brand new secret' })).statusCode).toBe(200);
  });

  it('lists the login’s sessions of the last 7 days with the current one marked, and closes one or all others', async () => {
    await h.account('agent', 'Mia Many', 'mia@acme.test');
    const old = await h.signIn('mia@acme.test');
    await h.request('POST', '/api/auth/logout', { cookie: old });
    h.clock.advance(8 * DAY);
    const a = await h.signIn('mia@acme.test');
    const b = await h.signIn('mia@acme.test', undefined, { headers: { 'user-agent': FIREFOX_LINUX }, ip: '81.2.69.160' });
    const c = await h.signIn('mia@acme.test');
    const list = await h.request('GET', '/api/me/sessions', { cookie: a });
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as { id: string; current: boolean; status: string; browser: string; location: { label: string } }[];
    expect(sessions).toHaveLength(3);
    expect(sessions[0]!.current).toBe(true);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const firefox = sessions.find((s) => s.browser.startsWith('Firefox'))!;
    expect(firefox.location.label).toBe('London, United Kingdom');

    const closeOne = await h.request('DELETE', `/api/me/sessions/${firefox.id}`, { cookie: a });
    expect(closeOne.statusCode).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie: b })).json().error.reason).toBe('ended_by_user');

    const others = await h.request('POST', '/api/me/sessions/end-others', { cookie: a });
    expect(others.json()).toEqual({ ended: 1 });
    expect((await h.request('GET', '/api/me', { cookie: c })).statusCode).toBe(401);
    expect((await h.request('GET', '/api/me', { cookie: a })).statusCode).toBe(200);

    const after = (await h.request('GET', '/api/me/sessions', { cookie: a })).json().sessions as { status: string; endReason: string | null }[];
    expect(after.map((s) => s.status)).toEqual(['active', 'ended', 'ended']);
  });

  it("cannot close another login's session from My account", async () => {
    await h.account('agent', 'Victim', 'victim@acme.test');
    await h.account('agent', 'Mallory', 'mallory@acme.test');
    const victim = await h.signIn('victim@acme.test');
    const mallory = await h.signIn('mallory@acme.test');
    const victimId = await currentId(victim);
    const res = await h.request('DELETE', `/api/me/sessions/${victimId}`, { cookie: mallory });
    expect(res.statusCode).toBe(404);
    expect((await h.request('GET', '/api/me', { cookie: victim })).statusCode).toBe(200);
  });

  it('asks which account when a login holds both, then switches between them', async () => {
    await h.account('agent', 'Lee Both', 'lee@acme.test');
    await h.account('admin', 'Lee Both', 'lee@acme.test', ['team.agents']);
    const ask = await h.login('lee@acme.test');
    expect(ask.statusCode).toBe(409);
    expect(ask.json().error.code).toBe('account_choice_required');
    expect(
      ask
        .json()
        .error.accounts.map((a: { role: string }) => a.role)
        .sort(),
    ).toEqual(['admin', 'agent']);
    expect(ask.headers['set-cookie']).toBeUndefined();

    const agent = await h.signIn('lee@acme.test', 'agent');
    const me = (await h.request('GET', '/api/me', { cookie: agent })).json();
    expect(me.account.role).toBe('agent');
    expect(me.linkedAccount).toMatchObject({ role: 'admin', name: 'Lee Both' });

    const sw = await h.request('POST', '/api/auth/switch', { cookie: agent, body: { account: 'admin' } });
    expect(sw.statusCode).toBe(200);
    const admin = cookieFrom(sw);
    expect((await h.request('GET', '/api/me', { cookie: admin })).json().account.role).toBe('admin');
    expect((await h.request('GET', '/api/me', { cookie: agent })).json().error.reason).toBe('switched');

    const none = await h.signIn('owner@acme.test');
    const refused = await h.request('POST', '/api/auth/switch', { cookie: none, body: { account: 'agent' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('no_linked_account');
  });

  it('slows failed sign-ins per login down with 429 and Retry-After, and lets them in after the wait', async () => {
    await h.account('agent', 'Rate Limited', 'rate@acme.test');
    // LOGIN_MAX_FAILURES is 5 by default: the fifth failure in a row starts a one-second back-off.
    for (let i = 0; i < 5; i++) expect((await h.login('rate@acme.test', { password: `wrong-${i}-guess` })).statusCode).toBe(401);
    const blocked = await h.login('rate@acme.test');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.json().error.code).toBe('too_many_attempts');
    expect(blocked.headers['set-cookie']).toBeUndefined();
    // Another login from the same address is not held back by this one.
    expect((await h.login('owner@acme.test')).statusCode).toBe(200);
    h.clock.advance(1000);
    expect((await h.login('rate@acme.test')).statusCode).toBe(200);
  });

  it('limits failed sign-ins per IP address across logins', async () => {
    const strict = await Harness.start(backend, { IP_MAX_FAILURES: '3' });
    try {
      for (let i = 0; i < 3; i++) await strict.login(`guess${i}@acme.test`, { password: 'wrong-password' }, { ip: '203.0.113.9' });
      const blocked = await strict.login('owner@acme.test', {}, { ip: '203.0.113.9' });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
      expect((await strict.login('owner@acme.test', {}, { ip: '203.0.113.10' })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('refuses cross-site state changes and leaves the session untouched', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const attempts: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://evil.acme.test' },
      { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:80' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:80.evil.example' },
    ];
    for (const headers of attempts) {
      const res = await h.request('POST', '/api/auth/logout', { cookie, headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('cross_site_request');
    }
    const login = await h.login('owner@acme.test', {}, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(login.statusCode).toBe(403);
    expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    // The console's own origin, a typed-in navigation, and a non-browser client all pass.
    expect((await h.request('POST', '/api/me/sessions/end-others', { cookie, headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' } })).statusCode).toBe(
      200,
    );
    expect((await h.request('POST', '/api/me/sessions/end-others', { cookie, headers: { origin: 'http://localhost:80' } })).statusCode).toBe(200);
    expect((await h.request('POST', '/api/me/sessions/end-others', { cookie })).statusCode).toBe(200);
  });

  it('answers bad input with 4xx in the error shape, never 500', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, Parameters<Harness['request']>[2], number, string][] = [
      ['bad JSON', { body: '{"workspace": "acme", ', headers: json }, 400, 'invalid_json'],
      ['empty JSON', { body: '', headers: json }, 400, 'invalid_json'],
      ['unknown field', { body: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD, admin: true } }, 400, 'invalid_request'],
      ['missing field', { body: { workspace: 'acme', email: 'owner@acme.test' } }, 400, 'invalid_request'],
      ['wrong type', { body: { workspace: 'acme', email: 'owner@acme.test', password: 12345 } }, 400, 'invalid_request'],
      ['bad account', { body: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD, account: 'root' } }, 400, 'invalid_request'],
      ['array body', { body: '[1,2]', headers: json }, 400, 'invalid_request'],
      ['huge body', { body: JSON.stringify({ workspace: 'acme', email: 'a@b.c', password: 'x'.repeat(300_000) }), headers: json }, 413, 'payload_too_large'],
      ['form body', { body: 'workspace=acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ];
    for (const [name, options, status, code] of cases) {
      const res = await h.request('POST', '/api/auth/login', options);
      expect(res.statusCode, name).toBe(status);
      const body = res.json();
      expect(Object.keys(body), name).toEqual(['error']);
      expect(body.error, name).toMatchObject({ code, message: expect.any(String) });
      // Nothing beyond the documented fields: a refusal by the schema adds its field, rule and bound.
      const extra = Object.keys(body.error).filter((k) => !['code', 'message', 'field', 'rule', 'limit'].includes(k));
      expect(extra, name).toEqual([]);
      if (code === 'invalid_request') expect(body.error.rule, name).toEqual(expect.any(String));
    }
    const unknownField = await h.login('owner@acme.test');
    expect(unknownField.statusCode).toBe(200);
    const notFound = await h.request('GET', '/api/nope');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error.code).toBe('not_found');
  });

  it('the sweep ends expired sessions in batches and leaves live ones', async () => {
    const before = await h.db.kysely.selectFrom('sessions').select('id').where('ended_at', 'is', null).execute();
    await h.services.sessions.end({ workspaceId: h.workspace.id, sessionIds: before.map((r) => r.id) }, 'ended_by_admin', { accountId: h.owner.id, label: null, ip: null });
    await h.account('agent', 'Sweep Stale', 'stale@acme.test');
    for (let i = 0; i < 7; i++) await h.signIn('stale@acme.test');
    h.clock.advance(80 * HOUR);
    const fresh = await h.signIn('owner@acme.test');
    const ended = await h.services.sessions.sweep({ batchSize: 3 });
    expect(ended).toBe(7);
    const active = await h.db.kysely.selectFrom('sessions').select(['id', 'account_id']).where('ended_at', 'is', null).execute();
    expect(active).toHaveLength(1);
    expect((await h.request('GET', '/api/me', { cookie: fresh })).statusCode).toBe(200);
    const audit = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'session.ended').where('detail', 'like', '%idle_timeout%').execute();
    expect(audit.length).toBeGreaterThanOrEqual(7);
  });

  it('writes sign-in, failed sign-in and sign-out to the audit log', async () => {
    const types = (await h.db.kysely.selectFrom('audit_events').select('type').where('workspace_id', '=', h.workspace.id).execute()).map((r) => r.type);
    for (const type of ['signin', 'signin.failed', 'signout', 'session.ended', 'password.changed', 'account.switched']) expect(types).toContain(type);
  });

  it('serves /healthz', async () => {
    const res = await h.request('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('flags a sign-in from a new device and a new country', async () => {
    await h.account('agent', 'Traveller', 'traveller@acme.test');
    const first = await h.login('traveller@acme.test', {}, { ip: '81.2.69.160' });
    expect(first.json().session.flags).toEqual([]);
    const same = await h.login('traveller@acme.test', {}, { ip: '81.2.69.160' });
    expect(same.json().session.flags).toEqual([]);
    const elsewhere = await h.login('traveller@acme.test', {}, { ip: '8.8.8.8', headers: { 'user-agent': FIREFOX_LINUX } });
    expect(elsewhere.json().session.flags.sort()).toEqual(['new_device', 'new_location']);
    void CHROME_WINDOWS;
  });
});
