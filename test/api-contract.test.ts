import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { AccountRow } from '../src/db/schema.js';
import { backends } from './helpers/backends.js';
import { cookieFrom, Harness, PASSWORD } from './helpers/harness.js';

/**
 * The JSON contract of docs/API.md, checked through HTTP: every success answer has exactly the
 * documented fields with the documented types, so renaming, dropping or adding a field without
 * changing the docs fails here. Paths, statuses and the error shape follow PRODUCT.md.
 */

type Spec = string | ((v: unknown, path: string) => void) | { [key: string]: Spec };

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const PRIMITIVES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  iso: (v) => typeof v === 'string' && ISO_UTC.test(v),
  array: (v) => Array.isArray(v),
  null: (v) => v === null,
};

/** Asserts `value` has exactly the keys of `spec`, each of its type; "iso|null" allows either. */
function conform(value: unknown, spec: Spec, path = '$'): void {
  if (typeof spec === 'function') return spec(value, path);
  if (typeof spec === 'string') {
    const ok = spec.split('|').some((t) => PRIMITIVES[t]!(value));
    expect(ok, `${path} should be ${spec}, got ${JSON.stringify(value)}`).toBe(true);
    return;
  }
  expect(value !== null && typeof value === 'object' && !Array.isArray(value), `${path} should be an object`).toBe(true);
  expect(Object.keys(value as object).sort(), `${path} fields`).toEqual(Object.keys(spec).sort());
  for (const [key, sub] of Object.entries(spec)) conform((value as Record<string, unknown>)[key], sub, `${path}.${key}`);
}

const listOf = (item: Spec) => (v: unknown, path: string) => {
  expect(Array.isArray(v), `${path} should be a list`).toBe(true);
  (v as unknown[]).forEach((x, i) => conform(x, item, `${path}[${i}]`));
};
const nullOr = (spec: Spec) => (v: unknown, path: string) => (v === null ? undefined : conform(v, spec, path));
const oneOf =
  (...values: unknown[]) =>
  (v: unknown, path: string) =>
    expect(values, `${path} = ${JSON.stringify(v)}`).toContain(v);

const ROLE = oneOf('agent', 'admin');
const GRANTS = listOf(oneOf('team.agents', 'team.admins', 'settings.security', 'audit'));
const SESSION = {
  id: 'string',
  accountId: 'string',
  role: ROLE,
  status: oneOf('active', 'ended'),
  startedAt: 'iso',
  lastActiveAt: 'iso',
  ip: 'string',
  userAgent: 'string',
  browser: 'string',
  os: 'string',
  deviceType: 'string',
  location: { country: 'string|null', countryName: 'string|null', city: 'string|null', label: 'string' },
  flags: listOf(oneOf('new_device', 'new_location')),
  authMethod: oneOf('password', 'password+totp', 'password+passkey', 'recovery_code'),
  endedAt: 'iso|null',
  endReason: 'string|null',
  endedBy: nullOr({ id: 'string', name: 'string' }),
} satisfies Spec;
const LINK = nullOr({ id: 'string', role: ROLE, name: 'string', disabled: 'boolean' });
const ACCOUNT = {
  id: 'string',
  name: 'string',
  email: 'string',
  role: ROLE,
  isPrimary: 'boolean',
  ofPrimaryAdministrator: 'boolean',
  disabled: 'boolean',
  grants: GRANTS,
  createdAt: 'iso',
  presence: oneOf('online', 'offline'),
  idle: 'boolean',
  lastSeenAt: 'iso|null',
  sessionStatus: oneOf('active', 'none'),
  activeSessions: listOf(SESSION),
  linkedAccount: LINK,
} satisfies Spec;
const SIGNED_IN = {
  account: { id: 'string', name: 'string', email: 'string', role: ROLE, isPrimary: 'boolean' },
  session: {
    id: 'string',
    flags: listOf('string'),
    authMethod: oneOf('password', 'password+totp', 'password+passkey', 'recovery_code'),
    restriction: oneOf(null, 'second_factor_enrolment'),
  },
} satisfies Spec;
const SETTINGS = {
  agentIdleMinutes: 'integer',
  absoluteLifetimeMinutes: 'integer',
  sessionLimit: 'integer|null',
  ipAllowlist: listOf('string'),
  requireSecondFactor: oneOf('none', 'admins', 'agents', 'everyone'),
  secondFactorGraceDays: 'integer',
} satisfies Spec;
const ERROR = (code: string) => (v: unknown, path: string) => {
  const e = (v as { error?: { code?: unknown; message?: unknown } }).error;
  expect(e?.code, path).toBe(code);
  expect(typeof e?.message === 'string' && /^\S.*[.!?]$/.test(e.message), `${path} message "${String(e?.message)}" is a sentence`).toBe(true);
};

function ok(res: LightMyRequestResponse, status: number, spec: Spec) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  conform(res.json(), spec);
  return res.json();
}
function refused(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  ERROR(code)(res.json(), `${status}`);
  return res.json().error;
}

describe.each(backends())('the documented API contract on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let samAdmin: AccountRow;
  let samAgent: AccountRow;
  let maya: AccountRow;
  let sam: string;
  let mayaCookie: string;

  beforeAll(async () => {
    h = await Harness.start(backend, { LOGIN_MAX_FAILURES: '3' });
    samAdmin = await h.account('admin', 'Sam Rivera', 'sam@acme.test', ['team.agents', 'audit']);
    samAgent = await h.account('agent', 'Sam Rivera', 'sam@acme.test');
    maya = await h.account('agent', 'Maya Chen', 'maya@acme.test');
    owner = await h.signIn('owner@acme.test');
    sam = await h.signIn('sam@acme.test', 'admin');
    mayaCookie = await h.signIn('maya@acme.test');
  });
  afterAll(() => h?.close());

  it('sign-in, switch, password and sign-out', async () => {
    ok(await h.login('maya@acme.test'), 200, SIGNED_IN);
    const choice = refused(await h.login('sam@acme.test'), 409, 'account_choice_required');
    expect(choice.message).toContain('"account": "agent" or "admin"');
    conform(choice.accounts, listOf({ role: ROLE, name: 'string' }));
    refused(await h.login('maya@acme.test', { password: 'not the password' }), 401, 'invalid_credentials');

    const agentSide = await h.login('sam@acme.test', { account: 'agent' });
    ok(agentSide, 200, SIGNED_IN);
    const switched = await h.request('POST', '/api/auth/switch', { cookie: cookieFrom(agentSide), body: { account: 'admin' } });
    expect(ok(switched, 200, SIGNED_IN).account.id).toBe(samAdmin.id);
    refused(await h.request('POST', '/api/auth/switch', { cookie: mayaCookie, body: { account: 'admin' } }), 409, 'no_linked_account');

    const other = await h.signIn('maya@acme.test');
    refused(await h.request('POST', '/api/auth/password', { cookie: other, body: { current: 'wrong one!', next: 'a brand new secret' } }), 403, 'wrong_password');
    const changed = ok(await h.request('POST', '/api/auth/password', { cookie: other, body: { current: PASSWORD, next: 'a brand new secret' } }), 200, {
      endedSessions: 'integer',
    });
    expect(changed.endedSessions).toBeGreaterThan(0);
    await h.request('POST', '/api/auth/password', { cookie: other, body: { current: 'a brand new secret', next: PASSWORD } });
    refused(await h.request('GET', '/api/me', { cookie: mayaCookie }), 401, 'session_expired');
    mayaCookie = other;

    const gone = await h.signIn('maya@acme.test');
    const out = await h.request('POST', '/api/auth/logout', { cookie: gone });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect(String(out.headers['set-cookie'])).toMatch(/gatehouse_session=;/);
    const after = refused(await h.request('GET', '/api/me', { cookie: gone }), 401, 'session_expired');
    expect(after.reason).toBe('signed_out');
  });

  it('too many failed sign-ins answer 429 with Retry-After', async () => {
    await h.account('agent', 'Locked Out', 'locked@acme.test');
    for (let i = 0; i < 3; i++) await h.login('locked@acme.test', { password: 'wrong password' });
    const res = await h.login('locked@acme.test');
    refused(res, 429, 'too_many_attempts');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('My account', async () => {
    const me = ok(await h.request('GET', '/api/me', { cookie: sam }), 200, {
      account: { id: 'string', name: 'string', email: 'string', role: ROLE, isPrimary: 'boolean', grants: GRANTS },
      workspace: { id: 'string', slug: 'string', name: 'string' },
      session: {
        id: 'string',
        startedAt: 'iso',
        lastActiveAt: 'iso',
        ip: 'string',
        authMethod: oneOf('password', 'password+totp', 'password+passkey', 'recovery_code'),
        restriction: oneOf(null, 'second_factor_enrolment'),
      },
      linkedAccount: LINK,
    });
    expect(me.linkedAccount).toEqual({ id: samAgent.id, role: 'agent', name: 'Sam Rivera', disabled: false });

    const extra = await h.signIn('sam@acme.test', 'agent');
    const list = ok(await h.request('GET', '/api/me/sessions', { cookie: sam }), 200, { sessions: listOf({ ...SESSION, current: 'boolean' }), nextCursor: 'string|null' });
    expect(list.sessions[0]).toMatchObject({ current: true, id: me.session.id });
    expect(list.nextCursor).toBeNull();
    // Paged like every list: one at a time, the cursor leads through all of them, in the same order.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = ok(await h.request('GET', `/api/me/sessions?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { cookie: sam }), 200, {
        sessions: listOf({ ...SESSION, current: 'boolean' }),
        nextCursor: 'string|null',
      });
      expect(page.sessions).toHaveLength(1);
      paged.push(page.sessions[0].id);
      cursor = page.nextCursor;
    } while (cursor && paged.length < 50);
    expect(paged).toEqual(list.sessions.map((s: { id: string }) => s.id));
    refused(await h.request('GET', '/api/me/sessions?limit=abc', { cookie: sam }), 400, 'invalid_request');
    refused(await h.request('GET', '/api/me/sessions?limit=0', { cookie: sam }), 400, 'invalid_request');
    refused(await h.request('GET', '/api/me/sessions?cursor=zzz', { cookie: sam }), 400, 'invalid_request');
    const extraId = list.sessions.find((s: { accountId: string }) => s.accountId === samAgent.id).id;
    expect(ok(await h.request('DELETE', `/api/me/sessions/${extraId}`, { cookie: sam }), 200, { ended: 'integer' }).ended).toBe(1);
    refused(await h.request('GET', '/api/me', { cookie: extra }), 401, 'session_expired');
    refused(await h.request('DELETE', '/api/me/sessions/ses_nope', { cookie: sam }), 404, 'not_found');
    ok(await h.request('POST', '/api/me/sessions/end-others', { cookie: sam }), 200, { ended: 'integer' });
  });

  it('Team lists, profiles and creation', async () => {
    const agents = ok(await h.request('GET', '/api/team/agents?limit=1', { cookie: owner }), 200, {
      accounts: listOf(ACCOUNT),
      nextCursor: 'string|null',
      counts: { all: 'integer', active: 'integer', none: 'integer' },
    });
    expect(agents.accounts).toHaveLength(1);
    const next = ok(await h.request('GET', `/api/team/agents?limit=1&cursor=${agents.nextCursor}`, { cookie: owner }), 200, {
      accounts: listOf(ACCOUNT),
      nextCursor: 'string|null',
      counts: { all: 'integer', active: 'integer', none: 'integer' },
    });
    expect(next.accounts[0].name > agents.accounts[0].name).toBe(true);
    ok(await h.request('GET', '/api/team/admins?session=active&q=sam', { cookie: owner }), 200, {
      accounts: listOf(ACCOUNT),
      nextCursor: 'null',
      counts: { all: 'integer', active: 'integer', none: 'integer' },
    });

    const created = ok(await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'Zoe New', email: 'zoe@acme.test', password: 'long enough pw' } }), 201, {
      account: ACCOUNT,
    });
    expect(created.account).toMatchObject({ role: 'agent', sessionStatus: 'none', linkedAccount: null });
    const joined = ok(await h.request('POST', '/api/team/admins', { cookie: owner, body: { name: 'Zoe New', email: 'zoe@acme.test', grants: ['audit'] } }), 201, {
      account: ACCOUNT,
    });
    expect(joined.account.linkedAccount).toMatchObject({ id: created.account.id, role: 'agent' });
    const taken = refused(await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'Zoe', email: 'zoe@acme.test' } }), 409, 'email_taken');
    expect(taken.message).toContain('zoe@acme.test');

    const profile = ok(await h.request('GET', `/api/team/accounts/${samAgent.id}`, { cookie: owner }), 200, {
      account: ACCOUNT,
      sessions: listOf(SESSION),
      linkedAccount: nullOr(ACCOUNT),
      linkedSessions: listOf(SESSION),
    });
    expect(profile.linkedAccount.id).toBe(samAdmin.id);
    refused(await h.request('GET', '/api/team/accounts/acc_nope', { cookie: owner }), 404, 'not_found');
    const denied = refused(await h.request('GET', '/api/team/admins', { cookie: sam }), 403, 'forbidden');
    expect(denied.message).toContain('Team › Administrators');
    refused(await h.request('GET', '/api/team/agents', { cookie: mayaCookie }), 403, 'forbidden');
    refused(await h.request('GET', '/api/team/agents'), 401, 'unauthenticated');
  });

  it('Team edits and ends', async () => {
    const target = await h.account('agent', 'Ed Edit', 'ed@acme.test');
    const edCookie = await h.signIn('ed@acme.test');
    const patched = ok(await h.request('PATCH', `/api/team/accounts/${target.id}`, { cookie: owner, body: { name: 'Ed Edited' } }), 200, {
      account: ACCOUNT,
      endedSessions: 'integer',
    });
    expect(patched.account.name).toBe('Ed Edited');
    const ended = ok(await h.request('POST', `/api/team/accounts/${target.id}/end-sessions`, { cookie: sam }), 200, { ended: 'integer' });
    expect(ended.ended).toBe(1);
    expect(refused(await h.request('GET', '/api/me', { cookie: edCookie }), 401, 'session_expired').reason).toBe('ended_by_admin');

    await h.signIn('ed@acme.test');
    const disabled = ok(await h.request('PATCH', `/api/team/accounts/${target.id}`, { cookie: owner, body: { disabled: true } }), 200, {
      account: ACCOUNT,
      endedSessions: 'integer',
    });
    expect(disabled).toMatchObject({ endedSessions: 1, account: { disabled: true, sessionStatus: 'none' } });
    refused(await h.login('ed@acme.test'), 403, 'account_disabled');
    refused(await h.request('PATCH', `/api/team/accounts/${h.owner.id}`, { cookie: owner, body: { disabled: true } }), 409, 'cannot_disable_self');

    const bulk = ok(await h.request('POST', '/api/team/end-sessions', { cookie: sam, body: { accountIds: [maya.id, h.owner.id, 'acc_nope'] } }), 200, {
      ended: 'integer',
      results: listOf((v: unknown, path: string) =>
        (v as { status: string }).status === 'ended'
          ? conform(v, { accountId: 'string', status: 'string', ended: 'integer' }, path)
          : conform(v, { accountId: 'string', status: 'string', error: { code: 'string', message: 'string' } }, path),
      ),
    });
    expect(bulk.results.map((r: { status: string }) => r.status)).toEqual(['ended', 'refused', 'refused']);
    // Sam lacks Team › Administrators, so the primary administrator is out of reach by grant first.
    expect(bulk.results[1].error.code).toBe('forbidden');

    const s = await h.signIn('maya@acme.test');
    const sid = (await h.request('GET', '/api/me', { cookie: s })).json().session.id;
    expect(ok(await h.request('DELETE', `/api/sessions/${sid}`, { cookie: sam }), 200, { ended: 'integer' }).ended).toBe(1);
    expect(ok(await h.request('DELETE', `/api/sessions/${sid}`, { cookie: sam }), 200, { ended: 'integer' }).ended).toBe(0);
    refused(await h.request('DELETE', '/api/sessions/ses_nope', { cookie: sam }), 404, 'not_found');
    mayaCookie = await h.signIn('maya@acme.test');
  });

  it('Settings › Security and the active sessions', async () => {
    ok(await h.request('GET', '/api/settings/security', { cookie: owner }), 200, {
      ...SETTINGS,
      callerIp: 'string',
      secondFactorEnforcedFrom: { admins: 'iso|null', agents: 'iso|null' },
    });
    ok(await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { agentIdleMinutes: 600 } }), 200, { settings: SETTINGS, endedSessions: 'integer' });
    ok(await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: ['10.0.0.0/8'], dryRun: true } }), 200, {
      settings: SETTINGS,
      endedSessions: 'integer',
      wouldEnd: 'integer',
      wouldEndOwnSession: 'boolean',
      callerIpAllowed: 'boolean',
    });
    const confirm = refused(await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: ['10.0.0.0/8'] } }), 409, 'confirmation_required');
    conform({ a: confirm.wouldEnd, b: confirm.wouldEndOwnSession, c: confirm.callerIpAllowed }, { a: 'integer', b: 'boolean', c: 'boolean' });
    refused(await h.request('GET', '/api/settings/security', { cookie: sam }), 403, 'forbidden');

    const all = ok(await h.request('GET', '/api/security/sessions?limit=1&sort=startedAt&order=asc', { cookie: owner }), 200, {
      sessions: listOf({ ...SESSION, account: { id: 'string', name: 'string', email: 'string', role: ROLE }, mayEnd: 'boolean' }),
      nextCursor: 'string|null',
      total: 'integer',
    });
    expect(all.total).toBeGreaterThan(1);
    expect(typeof all.nextCursor).toBe('string');
  });

  it('the audit log, its CSV, presence, health and metrics', async () => {
    const log = ok(await h.request('GET', '/api/audit?limit=2', { cookie: sam }), 200, {
      events: listOf({
        id: 'integer',
        at: 'iso',
        type: 'string',
        actor: nullOr({ id: 'string|null', label: 'string' }),
        target: nullOr({ id: 'string', label: 'string' }),
        sessionId: 'string|null',
        ip: 'string|null',
        detail: (v: unknown, p: string) => expect(typeof v, p).toBe('object'),
        summary: 'string',
      }),
      nextCursor: 'string',
    });
    expect(log.events[0].id).toBeGreaterThan(log.events[1].id);
    const ends = (await h.request('GET', '/api/audit?type=session.ended&q=ed%40acme', { cookie: sam })).json();
    expect(ends.events.length).toBeGreaterThan(0);
    expect(ends.events.every((e: { type: string; detail: { reason: string } }) => e.type === 'session.ended' && e.detail.reason)).toBe(true);

    const csv = await h.request('GET', '/api/audit.csv?type=session.ended', { cookie: sam });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,at,type,actor_id,actor,target_id,target,session_id,ip,detail,details');
    expect(lines.slice(1).every((l) => l.split(',')[2] === 'session.ended')).toBe(true);
    refused(await h.request('GET', '/api/audit', { cookie: mayaCookie }), 403, 'forbidden');

    ok(await h.request('GET', '/api/presence', { cookie: sam }), 200, {
      online: listOf({ accountId: 'string', name: 'string', role: ROLE, since: 'iso' }),
      nextCursor: 'string|null',
    });
    ok(await h.request('GET', '/healthz'), 200, { status: oneOf('ok') });
    const metrics = await h.request('GET', '/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/^gatehouse_\w+/m);
  });

  it('refusals share one shape and say what to fix', async () => {
    const cases: [string, string, unknown, number, string, RegExp][] = [
      ['GET', '/api/team/agents?session=bogus', undefined, 400, 'invalid_request', /"session" must be one of: active, none\./],
      ['GET', '/api/team/agents?limit=0', undefined, 400, 'invalid_request', /"limit" must be a whole number from 1 to 200\./],
      ['GET', '/api/team/agents?limit=x', undefined, 400, 'invalid_request', /"limit" must be a whole number/],
      ['GET', '/api/team/agents?extra=1', undefined, 400, 'invalid_request', /Unknown query parameter "extra"/],
      ['GET', '/api/audit?type=nope', undefined, 400, 'invalid_request', /"type" is not valid: one event type.*signin/],
      ['GET', '/api/audit?from=yesterday', undefined, 400, 'invalid_request', /"from" must be an ISO 8601 date-time/],
      ['POST', '/api/team/agents', { name: 'X', email: 'nope', password: 'long enough pw' }, 400, 'invalid_request', /field "email" must be an email address/],
      ['POST', '/api/team/agents', { name: '', email: 'x@acme.test', password: 'long enough pw' }, 400, 'invalid_request', /field "name" must not be empty/],
      ['POST', '/api/team/agents', { name: 'X', email: 'x@acme.test', password: 'short' }, 400, 'invalid_request', /"password" must be at least 10 characters long/],
      ['POST', '/api/team/agents', { email: 'x@acme.test' }, 400, 'invalid_request', /field "name" is required/],
      [
        'POST',
        '/api/team/admins',
        { name: 'X', email: 'x@acme.test', password: 'long enough pw', grants: ['root'] },
        400,
        'invalid_request',
        /"grants\[0\]" must be one of: team\.agents/,
      ],
      ['PATCH', `/api/team/accounts/${maya.id}`, { disabled: 'yes' }, 400, 'invalid_request', /"disabled" must be true or false/],
      ['PATCH', `/api/team/accounts/${maya.id}`, { nmae: 'x' }, 400, 'invalid_request', /Unknown field "nmae"\. Known fields: name, disabled, grants/],
      ['PATCH', `/api/team/accounts/${maya.id}`, {}, 400, 'invalid_request', /at least one field \(name, disabled, grants\)/],
      ['PATCH', '/api/settings/security', { sessionLimit: 0 }, 400, 'invalid_request', /"sessionLimit" must be null or a whole number from 1 to 30/],
      ['PATCH', '/api/settings/security', { agentIdleMinutes: 1 }, 400, 'invalid_request', /"agentIdleMinutes" must be a whole number from 5 to 43200/],
      ['POST', '/api/team/end-sessions', { accountIds: [] }, 400, 'invalid_request', /"accountIds" must list at least 1 item\./],
      ['POST', '/api/team/end-sessions', [], 400, 'invalid_request', /The request body must be an object/],
      ['GET', '/api/nowhere', undefined, 404, 'not_found', /No route GET \/api\/nowhere/],
    ];
    for (const [method, url, body, status, code, message] of cases) {
      const res = await h.request(method as 'GET', url, { cookie: owner, ...(body !== undefined ? { body } : {}) });
      const error = refused(res, status, code);
      expect(error.message, `${method} ${url}`).toMatch(message);
    }
    // A path that exists, asked with a method it does not take: 405 and what it takes.
    for (const [method, url, allow] of [
      ['PUT', `/api/team/accounts/${maya.id}`, ['GET', 'HEAD', 'PATCH']],
      ['DELETE', '/api/team/agents', ['GET', 'HEAD', 'POST']],
      ['GET', '/api/team/end-sessions', ['POST']],
    ] as const) {
      const res = await h.request(method as 'GET', url, { cookie: owner });
      const error = refused(res, 405, 'method_not_allowed');
      expect(String(res.headers.allow).split(', ').sort(), `${method} ${url}`).toEqual([...allow]);
      expect(error.message).toContain(`does not take ${method}`);
    }
    // Besides the sentence, the field and the rule, for a client that says it in its own words.
    const fields: [unknown, Record<string, unknown>][] = [
      [
        { name: 'X', email: 'x@acme.test', password: 'short' },
        { field: 'password', rule: 'minLength', limit: 10 },
      ],
      [{ email: 'x@acme.test' }, { field: 'name', rule: 'required' }],
      [
        { name: 'X', email: 'nope', password: 'long enough pw' },
        { field: 'email', rule: 'format' },
      ],
      [
        { name: 'X', email: 'x@acme.test', password: 'long enough pw', nmae: 'x' },
        { field: 'nmae', rule: 'additionalProperties' },
      ],
    ];
    for (const [body, details] of fields) {
      const error = refused(await h.request('POST', '/api/team/agents', { cookie: owner, body }), 400, 'invalid_request');
      expect(error).toMatchObject(details);
      if (!('limit' in details)) expect(error).not.toHaveProperty('limit');
    }
    const query = refused(await h.request('GET', '/api/team/agents?limit=0', { cookie: owner }), 400, 'invalid_request');
    expect(query).toMatchObject({ rule: 'minimum' });
    expect(query).not.toHaveProperty('field');
    const huge = await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: { accountIds: ['x'.repeat(300 * 1024)] } });
    refused(huge, 413, 'payload_too_large');
    const text = await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: 'accountIds=1', headers: { 'content-type': 'text/plain' } });
    refused(text, 415, 'unsupported_media_type');
    const json = { 'content-type': 'application/json' };
    refused(await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: '{"accountIds":', headers: json }), 400, 'invalid_json');
    refused(await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: '{"__proto__":{"x":1}}', headers: json }), 400, 'invalid_json');
    const empty = refused(await h.request('POST', '/api/team/end-sessions', { cookie: owner, body: '', headers: json }), 400, 'invalid_json');
    expect(empty.message).toBe('The request body is empty but says it is JSON.');
    // A body-less call from a client that labels every request JSON still works.
    const target = await h.account('agent', 'No Body', 'nobody@acme.test');
    await h.signIn('nobody@acme.test');
    const bodiless = await h.request('POST', `/api/team/accounts/${target.id}/end-sessions`, { cookie: owner, body: '', headers: json });
    expect(ok(bodiless, 200, { ended: 'integer' }).ended).toBe(1);
    const out = await h.request('POST', '/api/auth/logout', { cookie: await h.signIn('nobody@acme.test'), body: '', headers: json });
    expect(out.statusCode).toBe(204);
  });
});
