import { Secret, TOTP } from 'otpauth';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildGatehouse } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/index.js';
import { ManualClock, MINUTE } from '../src/lib/clock.js';
import { hashPassword } from '../src/lib/passwords.js';
import { SoftAuthenticator } from './helpers/authenticator.js';
import { backends, createPgDatabase } from './helpers/backends.js';
import { Harness, PASSWORD, cookieFrom } from './helpers/harness.js';

/**
 * Recent re-authentication for dangerous acts (issue 16): ending more than one account's sessions,
 * changing Settings › Security (the workspace's working hours too), resetting a second factor,
 * creating a service key (and a full-access token) need the session's login to have proved itself in the last 10 minutes.
 */
describe.each(backends())('re-authentication on $name', (backend) => {
  let h: Harness;
  let agents: string[];
  let unique = 0;
  beforeAll(async () => {
    h = await Harness.start(backend);
    agents = [];
    for (const n of [1, 2]) {
      const agent = await h.account('agent', `Agent ${n}`, `agent${n}@acme.test`);
      agents.push(agent.id);
    }
  });
  afterAll(() => h?.close());

  const SECOND = 1000;
  const codeAt = (secret: string, at = h.clock.now()) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
  const auditOf = (type: string) => h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('id').execute();
  const reauth = (cookie: string, body: unknown) => h.request('POST', '/api/auth/reauthenticate', { cookie, body });

  /** Enrols an authenticator app for a login (signing it in with the password) and returns its secret and recovery codes. */
  async function enrol(email: string) {
    const cookie = await h.signIn(email);
    const { secret } = (await h.request('POST', '/api/me/second-factor/totp', { cookie })).json();
    const confirmed = await h.request('POST', '/api/me/second-factor/totp/confirm', { cookie, body: { code: codeAt(secret) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    h.clock.advance(30 * SECOND);
    return { secret: secret as string, recoveryCodes: confirmed.json().recoveryCodes as string[], cookie };
  }

  /** Adds a passkey to a login (signing it in with the password) and returns the key and that session. */
  async function enrolPasskey(email: string) {
    const cookie = await h.signIn(email);
    const key = new SoftAuthenticator();
    const options = await h.request('POST', '/api/me/second-factor/passkeys/options', { cookie });
    const added = await h.request('POST', '/api/me/second-factor/passkeys', { cookie, body: { name: 'Laptop', response: key.register(options.json().challenge) } });
    expect(added.statusCode, added.body).toBe(200);
    return { key, cookie };
  }
  const passkeyOptions = (cookie: string) => h.request('POST', '/api/auth/reauthenticate/passkey-options', { cookie });

  /** Signs an agent in, so a bulk end has something to end. */
  const signInAgents = async () => {
    for (const n of [1, 2]) await h.signIn(`agent${n}@acme.test`);
  };

  /** Each dangerous act: a call, and what shows it ran. */
  const ACTS: Record<
    string,
    { call(cookie: string): Promise<{ statusCode: number; body: string; json(): { error?: { code: string; methods?: string[] } } }>; ok: number; before?(): Promise<void> }
  > = {
    'ending the sessions of two accounts': {
      before: signInAgents,
      call: (cookie) => h.request('POST', '/api/team/end-sessions', { cookie, body: { accountIds: agents } }),
      ok: 200,
    },
    'changing Settings › Security': {
      call: (cookie) => h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 600 + ++unique } }),
      ok: 200,
    },
    // Working hours' card lives in Settings › Security, and a new schedule can sign agents out at the next tick.
    'changing the workspace’s working hours': {
      call: (cookie) => h.request('PATCH', '/api/settings/working-hours', { cookie, body: { timeZone: ++unique % 2 === 0 ? 'UTC' : 'Europe/Berlin' } }),
      ok: 200,
    },
    'setting the working hours of two agents': {
      call: (cookie) => h.request('POST', '/api/team/working-hours', { cookie, body: { accountIds: agents, schedule: null } }),
      ok: 200,
    },
    'changing the IP allow list': {
      call: (cookie) => h.request('PATCH', '/api/settings/security', { cookie, body: { ipAllowlist: ['127.0.0.1', `10.0.0.${++unique}`] } }),
      ok: 200,
    },
    'resetting a second factor': {
      before: async () => void (await enrol('agent2@acme.test')),
      call: (cookie) => h.request('POST', `/api/team/accounts/${agents[1]!}/reset-second-factor`, { cookie }),
      ok: 200,
    },
    'creating a service key': {
      call: (cookie) => h.request('POST', '/api/integrations/keys', { cookie, body: { name: `Key ${++unique}` } }),
      ok: 201,
    },
    'creating a full-access token': {
      call: (cookie) => h.request('POST', '/api/me/tokens', { cookie, body: { name: `Token ${++unique}`, scope: 'full', expiresInDays: 7 } }),
      ok: 201,
    },
  };

  for (const [act, { call, ok, before }] of Object.entries(ACTS)) {
    it(`${act}: allowed within 10 minutes of sign-in, refused at 10 min + 1 s, allowed again after re-authenticating`, async () => {
      const cookie = await h.signIn('owner@acme.test');
      const signedInAt = h.clock.now();
      await before?.();
      // Exactly 10 minutes after the sign-in: still allowed.
      h.clock.advance(signedInAt + 10 * MINUTE - h.clock.now());
      const inWindow = await call(cookie);
      expect(inWindow.statusCode, inWindow.body).toBe(ok);

      await before?.();
      h.clock.advance(SECOND);
      const auditRows = (await h.db.kysely.selectFrom('audit_events').select('id').execute()).length;
      const refused = await call(cookie);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'reauthentication_required', methods: ['password'] });
      expect(refused.json().error).toHaveProperty('message');
      // The handler never ran: nothing was written.
      expect((await h.db.kysely.selectFrom('audit_events').select('id').execute()).length).toBe(auditRows);

      const proven = await reauth(cookie, { password: PASSWORD });
      expect(proven.statusCode, proven.body).toBe(200);
      expect(proven.json()).toMatchObject({ method: 'password', validUntil: new Date(h.clock.now() + 10 * MINUTE).toISOString() });
      const again = await call(cookie);
      expect(again.statusCode, again.body).toBe(ok);
    });
  }

  it('never asks for ending one account’s sessions, a dry run, or reading', async () => {
    const cookie = await h.signIn('owner@acme.test');
    h.clock.advance(30 * MINUTE);
    await signInAgents();
    for (const body of [{ accountIds: [agents[0]] }, { accountIds: [agents[0], agents[0]] }]) {
      const res = await h.request('POST', '/api/team/end-sessions', { cookie, body });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await h.request('POST', `/api/team/accounts/${agents[1]!}/end-sessions`, { cookie })).statusCode).toBe(200);
    const dry = await h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 30, dryRun: true } });
    expect(dry.statusCode, dry.body).toBe(200);
    expect((await h.request('GET', '/api/settings/security', { cookie })).statusCode).toBe(200);
    expect((await h.request('POST', '/api/me/tokens', { cookie, body: { name: 'Read only', scope: 'read', expiresInDays: 7 } })).statusCode).toBe(201);
  });

  it('answers a caller without the grant with forbidden, not with a request to prove itself', async () => {
    await h.account('admin', 'Tom Team', 'tom@acme.test', ['team.agents']);
    const cookie = await h.signIn('tom@acme.test');
    h.clock.advance(11 * MINUTE);
    const res = await h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 90 } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect((await h.request('PATCH', '/api/settings/working-hours', { cookie, body: { timeZone: 'UTC' } })).json().error.code).toBe('forbidden');
    // The grant it holds is asked of it.
    await signInAgents();
    const bulk = await h.request('POST', '/api/team/end-sessions', { cookie, body: { accountIds: agents } });
    expect(bulk.json().error.code).toBe('reauthentication_required');
  });

  it('counts a wrong password toward the sign-in limits and audits it like a failed sign-in', async () => {
    await h.account('admin', 'Wanda Wrong', 'wanda@acme.test', ['settings.security']);
    const cookie = await h.signIn('wanda@acme.test');
    h.clock.advance(11 * MINUTE);
    const failedBefore = (await auditOf('signin.failed')).length;
    for (let i = 0; i < 5; i++) {
      const res = await reauth(cookie, { password: 'not my password' });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('wrong_password');
    }
    const failed = (await auditOf('signin.failed')).slice(failedBefore);
    expect(failed).toHaveLength(5);
    expect(JSON.parse(failed[0]!.detail)).toMatchObject({ reason: 'wrong_password', reauthentication: true });
    expect(failed[0]!.target_label).toBe('Wanda Wrong <wanda@acme.test>');
    expect((await auditOf('signin.locked')).at(-1)?.target_label).toBe('Wanda Wrong <wanda@acme.test>');
    // The login's back-off now holds for re-authentication and sign-in alike, even with the right password.
    const held = await reauth(cookie, { password: PASSWORD });
    expect(held.statusCode).toBe(429);
    expect(held.json().error.code).toBe('too_many_attempts');
    expect((await h.login('wanda@acme.test')).statusCode).toBe(429);
    // Still not proven.
    expect((await h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 91 } })).json().error.code).toBe('reauthentication_required');
  });

  it('for a login with a second factor: asks for a code, refuses the password, takes a code once and spends a recovery code', async () => {
    await h.account('admin', 'Fay Factor', 'fay@acme.test', ['settings.security']);
    const { secret, recoveryCodes, cookie } = await enrol('fay@acme.test');
    h.clock.advance(11 * MINUTE);
    const change = () => h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 700 + ++unique } });
    const refused = await change();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'reauthentication_required', methods: ['totp', 'recovery_code'] });

    // The password alone does not outweigh the factor: refused without being checked or counted.
    const failedBefore = (await auditOf('signin.failed')).length;
    const password = await reauth(cookie, { password: PASSWORD });
    expect(password.statusCode).toBe(400);
    expect(password.json().error).toMatchObject({ code: 'invalid_request', methods: ['totp', 'recovery_code'] });
    expect((await change()).statusCode).toBe(403);

    // A wrong code is counted and audited.
    const wrongCode = await reauth(cookie, { code: codeAt(secret, h.clock.now() - 10 * MINUTE) });
    expect(wrongCode.statusCode).toBe(401);
    expect(wrongCode.json().error.code).toBe('invalid_code');
    const failed = (await auditOf('signin.failed')).slice(failedBefore);
    expect(failed.map((r) => JSON.parse(r.detail).reason)).toEqual(['wrong_code']);

    const code = codeAt(secret);
    const right = await reauth(cookie, { code });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json().method).toBe('totp');
    expect((await change()).statusCode).toBe(200);
    // The same code again is a replay.
    expect((await reauth(cookie, { code })).json().error.code).toBe('invalid_code');

    h.clock.advance(11 * MINUTE);
    expect((await change()).statusCode).toBe(403);
    const recovery = recoveryCodes[0]!;
    const byRecovery = await reauth(cookie, { code: recovery.toUpperCase() });
    expect(byRecovery.statusCode, byRecovery.body).toBe(200);
    expect(byRecovery.json().method).toBe('recovery_code');
    expect((await change()).statusCode).toBe(200);
    const used = (await auditOf('second_factor.recovery_code_used')).at(-1)!;
    expect(JSON.parse(used.detail)).toMatchObject({ left: 9, reauthentication: true });
    expect((await h.request('GET', '/api/me/second-factor', { cookie })).json().recoveryCodesLeft).toBe(9);
    // Used up: it proves nothing a second time.
    const again = await reauth(cookie, { code: recovery });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_code');
    const rows = await auditOf('reauthenticated');
    expect(rows.slice(-2).map((r) => JSON.parse(r.detail).method)).toEqual(['totp', 'recovery_code']);
  });

  it('for a login with a passkey: names it among the methods, and its answer to new options lets the act pass', async () => {
    await h.account('admin', 'Paula Passkey', 'paula@acme.test', ['settings.security']);
    const { key, cookie } = await enrolPasskey('paula@acme.test');
    h.clock.advance(11 * MINUTE);
    const change = () => h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 1100 + ++unique } });
    const refused = await change();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'reauthentication_required', methods: ['passkey', 'recovery_code'] });
    // The password alone does not outweigh the passkey either.
    const password = await reauth(cookie, { password: PASSWORD });
    expect(password.statusCode).toBe(400);
    expect(password.json().error).toMatchObject({ code: 'invalid_request', methods: ['passkey', 'recovery_code'] });

    const options = await passkeyOptions(cookie);
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json()).toMatchObject({ rpId: 'localhost', allowCredentials: [{ id: key.id }] });
    const proven = await reauth(cookie, { passkey: key.assert(options.json().challenge) });
    expect(proven.statusCode, proven.body).toBe(200);
    expect(proven.json()).toMatchObject({ method: 'passkey', validUntil: new Date(h.clock.now() + 10 * MINUTE).toISOString() });
    expect((await change()).statusCode).toBe(200);
    expect(JSON.parse((await auditOf('reauthenticated')).at(-1)!.detail)).toEqual({ method: 'passkey' });
    const row = await h.db.kysely.selectFrom('passkeys').select(['counter', 'last_used_at']).where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ counter: 1, last_used_at: h.clock.now() });
    const audit = await h.request('GET', '/api/audit?type=reauthenticated', { cookie: await h.signIn('owner@acme.test') });
    expect(audit.json().events[0].summary).toContain('with a passkey');
  });

  it('refuses a passkey answer to another challenge, with another login’s key, or replayed: each counted and audited as a failed sign-in', async () => {
    await h.account('admin', 'Rita Refused', 'rita@acme.test', ['settings.security']);
    await h.account('admin', 'Otto Other', 'otto@acme.test', ['settings.security']);
    const { key, cookie } = await enrolPasskey('rita@acme.test');
    const { key: ottosKey, cookie: otto } = await enrolPasskey('otto@acme.test');
    h.clock.advance(11 * MINUTE);
    const failures = async () => (await auditOf('signin.failed')).filter((e) => e.target_label === 'Rita Refused <rita@acme.test>').map((e) => JSON.parse(e.detail));
    const refusedWith = async (passkey: unknown) => {
      const res = await reauth(cookie, { passkey });
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().error.code).toBe('invalid_code');
    };

    // A challenge the server never issued; this login's sign-in challenge (another purpose); another login's re-authentication challenge.
    await refusedWith(key.assert('bm90LWlzc3VlZC1jaGFsbGVuZ2U'));
    const step = await h.login('rita@acme.test');
    expect(step.json().next).toBe('second_factor');
    await refusedWith(key.assert(step.json().passkey.challenge));
    await refusedWith(key.assert((await passkeyOptions(otto)).json().challenge));
    // Another login's passkey, signing this login's own challenge.
    const mine = (await passkeyOptions(cookie)).json().challenge;
    await refusedWith(ottosKey.assert(mine));
    expect(await failures()).toEqual(Array.from({ length: 4 }, () => ({ reason: 'wrong_passkey', reauthentication: true })));
    expect((await h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 1200 } })).json().error.code).toBe('reauthentication_required');

    // The right answer passes once; the same answer again is a replay.
    const answer = key.assert(mine);
    expect((await reauth(cookie, { passkey: answer })).statusCode).toBe(200);
    await refusedWith(answer);
    expect(await failures()).toHaveLength(5);
    expect((await auditOf('reauthenticated')).filter((e) => e.target_label === 'Rita Refused <rita@acme.test>')).toHaveLength(1);
  });

  it('answers a login without a passkey that asks for passkey options, or sends a passkey, with no_passkey', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const options = await passkeyOptions(cookie);
    expect(options.statusCode).toBe(409);
    expect(options.json().error).toMatchObject({ code: 'no_passkey', methods: ['password'] });
    const answer = await reauth(cookie, { passkey: new SoftAuthenticator().assert('bm90LWlzc3VlZA') });
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error.code).toBe('no_passkey');
    await h.account('admin', 'Tia Totp', 'tia@acme.test');
    const { cookie: tia } = await enrol('tia@acme.test');
    expect((await passkeyOptions(tia)).json().error).toMatchObject({ code: 'no_passkey', methods: ['totp', 'recovery_code'] });
  });

  it('refuses a code from a login without a second factor, and a body with both or neither', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const code = await reauth(cookie, { code: '123456' });
    expect(code.statusCode).toBe(400);
    expect(code.json().error).toMatchObject({ code: 'invalid_request', methods: ['password'] });
    expect((await reauth(cookie, { password: PASSWORD, code: '123456' })).statusCode).toBe(400);
    expect((await reauth(cookie, { password: PASSWORD, passkey: new SoftAuthenticator().assert('bm90LWlzc3VlZA') })).statusCode).toBe(400);
    expect((await reauth(cookie, {})).statusCode).toBe(400);
  });

  it('is per session: another session of the same login is not re-authenticated', async () => {
    const first = await h.signIn('owner@acme.test');
    const second = await h.signIn('owner@acme.test');
    h.clock.advance(11 * MINUTE);
    expect((await reauth(first, { password: PASSWORD })).statusCode).toBe(200);
    const change = (cookie: string) => h.request('PATCH', '/api/settings/security', { cookie, body: { agentIdleMinutes: 800 + ++unique } });
    expect((await change(first)).statusCode).toBe(200);
    const other = await change(second);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('reauthentication_required');
  });

  it('does not hold personal access tokens (they cannot re-authenticate), which cannot re-authenticate either', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const made = await h.request('POST', '/api/me/tokens', { cookie, body: { name: 'Automation', scope: 'full', expiresInDays: 7 } });
    expect(made.statusCode, made.body).toBe(201);
    const bearer = { authorization: `Bearer ${made.json().secret}` };
    h.clock.advance(60 * MINUTE);
    const patch = await h.request('PATCH', '/api/settings/security', { headers: bearer, body: { agentIdleMinutes: 1000 } });
    expect(patch.statusCode, patch.body).toBe(200);
    const proven = await h.request('POST', '/api/auth/reauthenticate', { headers: bearer, body: { password: PASSWORD } });
    expect(proven.statusCode).toBe(401);
  });

  it('a switch to the linked account inherits the proof time: it proves nothing', async () => {
    const login = await h.login('owner@acme.test');
    const agent = await h.request('POST', '/api/team/agents', { cookie: cookieFrom(login), body: { name: 'Olivia as agent', email: 'owner@acme.test' } });
    expect(agent.statusCode, agent.body).toBe(201);
    const admin = await h.signIn('owner@acme.test', 'admin');
    h.clock.advance(11 * MINUTE);
    const toAgent = await h.request('POST', '/api/auth/switch', { cookie: admin, body: { account: 'agent' } });
    const back = await h.request('POST', '/api/auth/switch', { cookie: cookieFrom(toAgent), body: { account: 'admin' } });
    expect(back.statusCode, back.body).toBe(200);
    const res = await h.request('PATCH', '/api/settings/security', { cookie: cookieFrom(back), body: { agentIdleMinutes: 900 } });
    expect(res.json().error.code).toBe('reauthentication_required');
  });
});

/**
 * Two nodes on one PostgreSQL database, each with its session-check cache on: a re-authentication
 * made on one node counts on the other at once (the dangerous-act check reads the proof time from
 * the database, never from a cached session row).
 */
describe.skipIf(!inject('pgAdminUrl'))('re-authentication across two nodes on one PostgreSQL database', () => {
  const clock = new ManualClock();
  let database: { url: string; drop(): Promise<void> };
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    database = await createPgDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: database.url });
    for (const nodeId of ['reauth-a', 'reauth-b']) {
      const db = await openDb({ databaseUrl: database.url, poolSize: 3, cache: { nodeId, windowMs: 50 } });
      const { app, services } = await buildGatehouse({ config: { ...config, nodeId }, db, clock });
      apps.push(app);
      if (nodeId === 'reauth-a') {
        await services.accounts.createWorkspace({
          slug: 'acme',
          name: 'Acme',
          adminName: 'Olivia Owner',
          adminEmail: 'owner@acme.test',
          adminPasswordHash: await hashPassword(PASSWORD),
          now: clock.now(),
        });
      }
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('a proof given on one node is honoured on the other at once', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const on = (app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie, 'user-agent': 'test' }, remoteAddress: '127.0.0.1', ...(payload ? { payload } : {}) });
    const signedIn = await a.inject({ method: 'POST', url: '/api/auth/login', payload: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD } });
    const cookie = cookieFrom(signedIn);
    // Node B has the session in its cache.
    for (let i = 0; i < 3; i++) expect((await on(b, 'GET', '/api/me', cookie)).statusCode).toBe(200);
    clock.advance(11 * MINUTE);
    const refused = await on(b, 'PATCH', '/api/settings/security', cookie, { agentIdleMinutes: 120 });
    expect(refused.json().error.code).toBe('reauthentication_required');
    expect((await on(a, 'POST', '/api/auth/reauthenticate', cookie, { password: PASSWORD })).statusCode).toBe(200);
    const allowed = await on(b, 'PATCH', '/api/settings/security', cookie, { agentIdleMinutes: 120 });
    expect(allowed.statusCode, allowed.body).toBe(200);
  });
});
