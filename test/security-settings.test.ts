import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/lib/clock.js';
import { backends } from './helpers/backends.js';
import { FIREFOX_LINUX, Harness, PASSWORD } from './helpers/harness.js';

describe.each(backends())('Settings › Security on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let security: string;
  beforeAll(async () => {
    h = await Harness.start(backend);
    await h.account('agent', 'Remote Agent', 'remote@acme.test');
    await h.account('agent', 'Office Agent', 'office@acme.test');
    await h.account('admin', 'Sec Admin', 'sec@acme.test', ['settings.security']);
    await h.account('admin', 'Plain Admin', 'plain@acme.test', ['audit']);
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    // Each test starts from default settings with fresh sessions for the two administrators.
    await h.db.kysely.updateTable('workspaces').set({ ip_allowlist: '[]', session_limit: null, agent_idle_minutes: 4320 }).execute();
    await h.db.kysely.updateTable('sessions').set({ ended_at: h.clock.now(), end_reason: 'signed_out' }).where('ended_at', 'is', null).execute();
    owner = await h.signIn('owner@acme.test');
    security = await h.signIn('sec@acme.test', undefined, { ip: '10.9.9.9' });
  });

  /** Changing Settings › Security needs a proof within 10 minutes (issue 16): the owner confirms it is them, as the console asks. */
  const confirmOwner = async () => {
    const res = await h.request('POST', '/api/auth/reauthenticate', { cookie: owner, body: { password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
  };

  const activeOf = (email: string) =>
    h.db.kysely
      .selectFrom('sessions as s')
      .innerJoin('logins as l', 'l.id', 's.login_id')
      .selectAll('s')
      .where('l.email', '=', email)
      .where('s.ended_at', 'is', null)
      .orderBy('s.created_at')
      .execute();

  it('reads the settings with the caller’s address, for holders of the grant only', async () => {
    const res = await h.request('GET', '/api/settings/security', { cookie: security, ip: '10.9.9.9' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      agentIdleMinutes: 4320,
      absoluteLifetimeMinutes: 43200,
      sessionLimit: null,
      ipAllowlist: [],
      requireSecondFactor: 'none',
      secondFactorGraceDays: 7,
      secondFactorEnforcedFrom: { admins: null, agents: null },
      callerIp: '10.9.9.9',
    });
    const plain = await h.signIn('plain@acme.test');
    expect((await h.request('GET', '/api/settings/security', { cookie: plain })).statusCode).toBe(403);
    expect((await h.request('PATCH', '/api/settings/security', { cookie: plain, body: { agentIdleMinutes: 60 } })).statusCode).toBe(403);
  });

  it('refuses out-of-bounds values and malformed CIDRs with 400', async () => {
    for (const body of [
      { agentIdleMinutes: 4 },
      { agentIdleMinutes: 43201 },
      { absoluteLifetimeMinutes: 59 },
      { sessionLimit: 0 },
      { sessionLimit: 31 },
      { ipAllowlist: ['10.0.0.0/33'] },
      { ipAllowlist: ['not an ip'] },
      { agentIdleMinutes: '60' },
      { extra: 1 },
    ]) {
      const res = await h.request('PATCH', '/api/settings/security', { cookie: owner, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    expect((await h.db.kysely.selectFrom('workspaces').selectAll().where('id', '=', h.workspace.id).executeTakeFirstOrThrow()).agent_idle_minutes).toBe(4320);
  });

  it('applies a new agent idle timeout to existing sessions from their last activity', async () => {
    const agent = await h.signIn('remote@acme.test');
    h.clock.advance(50 * MINUTE);
    await confirmOwner();
    const res = await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { agentIdleMinutes: 60 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ settings: { agentIdleMinutes: 60 }, endedSessions: 0 });
    expect((await h.request('GET', '/api/me', { cookie: agent })).statusCode).toBe(200); // touches last activity
    h.clock.advance(59 * MINUTE);
    expect((await h.request('GET', '/api/me', { cookie: agent })).statusCode).toBe(200);
    h.clock.advance(61 * MINUTE);
    const expired = await h.request('GET', '/api/me', { cookie: agent });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.reason).toBe('idle_timeout');
    // Administrators keep their fixed 72 hours.
    expect((await h.request('GET', '/api/me', { cookie: owner })).statusCode).toBe(200);
    const audit = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'settings.updated').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toEqual({ section: 'security', changes: { agentIdleMinutes: { from: 4320, to: 60 } } });
    expect(audit.actor_account_id).toBe(h.owner.id);
  });

  it('previews, confirms and applies an IP allow list: sign-in refused outside, sessions outside ended', async () => {
    await h.signIn('remote@acme.test', undefined, { ip: '81.2.69.160' });
    await h.signIn('office@acme.test', undefined, { ip: '10.1.2.3' });
    await h.signIn('office@acme.test', undefined, { ip: '2001:db8::7' });

    // The owner signed in from 127.0.0.1, which this list leaves out.
    const preview = await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'], dryRun: true } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ wouldEnd: 2, wouldEndOwnSession: true, callerIpAllowed: false, endedSessions: 0, settings: { ipAllowlist: [] } });
    const unconfirmed = await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'] } });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json().error).toMatchObject({ code: 'confirmation_required', wouldEnd: 2, wouldEndOwnSession: true });
    expect(await activeOf('remote@acme.test')).toHaveLength(1);

    const list = ['10.0.0.0/8', '2001:db8::/32', '127.0.0.1'];
    const dry = (await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: list, dryRun: true } })).json();
    expect(dry).toMatchObject({ wouldEnd: 1, wouldEndOwnSession: false, callerIpAllowed: true });
    const saved = await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: list } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ endedSessions: 1, settings: { ipAllowlist: list } });
    expect(await activeOf('remote@acme.test')).toEqual([]);
    const ended = await h.db.kysely
      .selectFrom('sessions as s')
      .innerJoin('logins as l', 'l.id', 's.login_id')
      .select(['s.end_reason', 's.ended_by'])
      .where('l.email', '=', 'remote@acme.test')
      .where('s.ip', '=', '81.2.69.160')
      .executeTakeFirstOrThrow();
    expect(ended).toEqual({ end_reason: 'ip_not_allowed', ended_by: h.owner.id });
    expect(await activeOf('office@acme.test')).toHaveLength(2);

    const outside = await h.login('remote@acme.test', {}, { ip: '81.2.69.160' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('ip_not_allowed');
    expect((await h.login('remote@acme.test', {}, { ip: '10.200.0.1' })).statusCode).toBe(200);
    expect((await h.login('remote@acme.test', {}, { ip: '2001:db8:1::1' })).statusCode).toBe(200);
    expect((await h.login('remote@acme.test', {}, { ip: '2001:db9::1' })).statusCode).toBe(403);
    const refused = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'signin.refused').execute();
    expect(refused.map((r) => JSON.parse(r.detail).reason)).toContain('ip_not_allowed');
  });

  it('asks for confirmation when the caller’s current address would be left out, even if its session is not', async () => {
    // Signed in from 10.9.9.9, calling now from 192.0.2.1.
    const res = await h.request('PATCH', '/api/settings/security', { cookie: security, ip: '192.0.2.1', body: { ipAllowlist: ['10.0.0.0/8'] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'confirmation_required', wouldEndOwnSession: false, callerIpAllowed: false });
    expect((await h.db.kysely.selectFrom('workspaces').select('ip_allowlist').where('id', '=', h.workspace.id).executeTakeFirstOrThrow()).ip_allowlist).toBe('[]');
    const confirmed = await h.request('PATCH', '/api/settings/security', {
      cookie: security,
      ip: '192.0.2.1',
      body: { ipAllowlist: ['10.0.0.0/8'], confirmSelfLockout: true },
    });
    expect(confirmed.statusCode).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie: security })).statusCode).toBe(200);
  });

  it('applies a shorter absolute lifetime to existing sessions from their sign-in', async () => {
    const agent = await h.signIn('remote@acme.test');
    h.clock.advance(50 * MINUTE);
    await confirmOwner();
    expect((await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { absoluteLifetimeMinutes: 60 } })).statusCode).toBe(200);
    h.clock.advance(11 * MINUTE);
    const res = await h.request('GET', '/api/me', { cookie: agent });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.reason).toBe('lifetime_expired');
    await h.db.kysely.updateTable('workspaces').set({ absolute_lifetime_minutes: 43200 }).execute();
  });

  it('a sub-administrator’s allow list never ends the primary administrator’s sessions', async () => {
    await h.signIn('remote@acme.test', undefined, { ip: '81.2.69.160' });
    const res = await h.request('PATCH', '/api/settings/security', { cookie: security, ip: '10.9.9.9', body: { ipAllowlist: ['10.0.0.0/8'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().endedSessions).toBe(1);
    expect(await activeOf('owner@acme.test')).toHaveLength(1);
    expect(await activeOf('remote@acme.test')).toEqual([]);
  });

  it('limits concurrent sessions per account when set: the oldest ends with session_limit', async () => {
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1000);
      await h.signIn('office@acme.test');
    }
    expect(await activeOf('office@acme.test')).toHaveLength(4); // off by default
    expect((await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { sessionLimit: 2 } })).json().settings.sessionLimit).toBe(2);
    const before = await activeOf('office@acme.test');
    h.clock.advance(1000);
    await h.signIn('office@acme.test');
    const after = await activeOf('office@acme.test');
    expect(after).toHaveLength(2);
    expect(after.map((s) => s.id)).toContain(before[3]!.id);
    const limited = await h.db.kysely.selectFrom('sessions').select(['id', 'end_reason']).where('end_reason', '=', 'session_limit').execute();
    expect(limited.map((s) => s.id).sort()).toEqual(
      before
        .slice(0, 3)
        .map((s) => s.id)
        .sort(),
    );
    expect((await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { sessionLimit: null } })).json().settings.sessionLimit).toBeNull();
  });

  it('flags new devices and countries on the session and in the sign-in audit row', async () => {
    await h.account('agent', 'Flag Test', 'flags@acme.test');
    await h.signIn('flags@acme.test', undefined, { ip: '81.2.69.160' });
    const res = await h.login('flags@acme.test', {}, { ip: '8.8.8.8', headers: { 'user-agent': FIREFOX_LINUX } });
    const id = res.json().session.id;
    const row = await h.db.kysely.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.flags).sort()).toEqual(['new_device', 'new_location']);
    const audit = await h.db.kysely.selectFrom('audit_events').selectAll().where('session_id', '=', id).where('type', '=', 'signin').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail).flags.sort()).toEqual(['new_device', 'new_location']);
    const listed = (await h.request('GET', '/api/security/sessions?q=flags', { cookie: owner })).json();
    expect(listed.sessions.find((s: { id: string }) => s.id === id).flags.sort()).toEqual(['new_device', 'new_location']);
  });

  it('lists every active session of the workspace with its account, sorted and paged', async () => {
    await h.signIn('remote@acme.test', undefined, { ip: '81.2.69.160' });
    h.clock.advance(1000);
    await h.signIn('office@acme.test', undefined, { ip: '10.1.2.3', headers: { 'user-agent': FIREFOX_LINUX } });
    const all = await h.request('GET', '/api/security/sessions', { cookie: security });
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.total).toBe(4);
    expect(body.sessions[0]).toMatchObject({ ip: '10.1.2.3', browser: 'Firefox 133', account: { name: 'Office Agent', email: 'office@acme.test', role: 'agent' } });
    expect(body.sessions.find((s: { ip: string }) => s.ip === '81.2.69.160').location.label).toBe('London, United Kingdom');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { sessions: { id: string }[]; nextCursor: string | null } = (
        await h.request('GET', `/api/security/sessions?limit=1&sort=startedAt&order=asc${cursor ? `&cursor=${cursor}` : ''}`, { cookie: security })
      ).json();
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect((await h.request('GET', '/api/security/sessions?q=remote', { cookie: security })).json().total).toBe(1);
  });

  it('finds active sessions by address and by place, not only by person', async () => {
    await h.signIn('remote@acme.test', undefined, { ip: '81.2.69.160' });
    await h.signIn('office@acme.test', undefined, { ip: '10.1.2.3' });
    const emails = async (q: string) => {
      const res = await h.request('GET', `/api/security/sessions?q=${encodeURIComponent(q)}`, { cookie: security });
      expect(res.statusCode, q).toBe(200);
      return (res.json().sessions as { account: { email: string } }[]).map((s) => s.account.email).sort();
    };
    expect(await emails('81.2.69.160')).toEqual(['remote@acme.test']);
    expect(await emails('10.1.')).toEqual(['office@acme.test']);
    expect(await emails('London')).toEqual(['remote@acme.test']);
    expect(await emails('united kingdom')).toEqual(['remote@acme.test']);
    expect(await emails('GB')).toEqual(['remote@acme.test']);
    expect(await emails('Atlantis')).toEqual([]);
    // LIKE's own characters are text, not wildcards.
    expect(await emails('%')).toEqual([]);
  });

  it('finds an IP, a loopback address and a city on both backends (issue 15)', async () => {
    await h.signIn('remote@acme.test', undefined, { ip: '85.214.132.117' });
    await h.signIn('office@acme.test', undefined, { ip: '10.1.2.3' });
    const emails = async (q: string) =>
      ((await h.request('GET', `/api/security/sessions?q=${encodeURIComponent(q)}`, { cookie: security })).json().sessions as { account: { email: string } }[])
        .map((s) => s.account.email)
        .sort();
    expect(await emails('85.214.132.117')).toEqual(['remote@acme.test']);
    expect(await emails('85.214.')).toEqual(['remote@acme.test']);
    // The owner signed in from the harness's 127.0.0.1.
    expect(await emails('127.0.0.1')).toEqual(['owner@acme.test']);
    expect(await emails('Berlin')).toEqual(['remote@acme.test']);
    expect(await emails('berlin')).toEqual(['remote@acme.test']);
    expect(await emails('Germany')).toEqual(['remote@acme.test']);
  });

  it('filters active sessions by country, city, device, browser, OS, method and flag, server-side, with the total', async () => {
    const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
    await h.signIn('remote@acme.test', undefined, { ip: '85.214.132.117', headers: { 'user-agent': IPHONE } });
    await h.signIn('office@acme.test', undefined, { ip: '81.2.69.160', headers: { 'user-agent': FIREFOX_LINUX } });
    const [office] = await activeOf('office@acme.test');
    await h.db.kysely.updateTable('sessions').set({ auth_method: 'password+totp' }).where('id', '=', office!.id).execute();
    const emails = async (query: string) => {
      const res = await h.request('GET', `/api/security/sessions?${query}`, { cookie: security });
      expect(res.statusCode, query).toBe(200);
      const body = res.json() as { sessions: { account: { email: string } }[]; total: number };
      expect(body.total, query).toBe(body.sessions.length);
      return body.sessions.map((s) => s.account.email).sort();
    };
    expect(await emails('country=DE')).toEqual(['remote@acme.test']);
    expect(await emails('country=GB&city=London')).toEqual(['office@acme.test']);
    expect(await emails(`city=${encodeURIComponent('Berlin (Charlottenburg-Wilmersdorf)')}`)).toEqual(['remote@acme.test']);
    expect(await emails('deviceType=mobile')).toEqual(['remote@acme.test']);
    expect(await emails('browser=Firefox')).toEqual(['office@acme.test']);
    expect(await emails('browser=Chrome')).toEqual(['owner@acme.test', 'sec@acme.test']);
    // A family is the name before the version: "Mobile" is no browser's family.
    expect(await emails('browser=Mobile')).toEqual([]);
    expect(await emails('browser=Mobile%20Safari')).toEqual(['remote@acme.test']);
    expect(await emails('os=Windows')).toEqual(['owner@acme.test', 'sec@acme.test']);
    expect(await emails('os=iOS')).toEqual(['remote@acme.test']);
    expect(await emails('authMethod=password%2Btotp')).toEqual(['office@acme.test']);
    expect(await emails('authMethod=password')).toEqual(['owner@acme.test', 'remote@acme.test', 'sec@acme.test']);
    expect(await emails('authMethod=recovery_code')).toEqual([]);
    // Filters combine with each other and with the search.
    expect(await emails('country=DE&deviceType=desktop')).toEqual([]);
    expect(await emails('os=Windows&q=sec')).toEqual(['sec@acme.test']);
    expect(await emails('country=GB&q=127.0.0.1')).toEqual([]);
  });

  it('filters by the new-device and new-location flags', async () => {
    await h.account('agent', 'Nomad', 'nomad@acme.test');
    await h.signIn('nomad@acme.test', undefined, { ip: '81.2.69.160' });
    await h.signIn('nomad@acme.test', undefined, { ip: '8.8.8.8', headers: { 'user-agent': FIREFOX_LINUX } });
    const flagged = async (flag: string) =>
      ((await h.request('GET', `/api/security/sessions?flag=${flag}&q=nomad`, { cookie: security })).json().sessions as { flags: string[]; ip: string }[]).map((s) => s.ip);
    expect(await flagged('new_device')).toEqual(['8.8.8.8']);
    expect(await flagged('new_location')).toEqual(['8.8.8.8']);
  });

  it('refuses bad filter values and unknown parameters with 400, and holders of other grants with 403', async () => {
    for (const query of [
      'country=de',
      'country=DEU',
      'country=',
      'city=',
      `city=${'x'.repeat(101)}`,
      'deviceType=phone',
      'authMethod=sms',
      'authMethod=',
      'flag=old',
      'browser=',
      'colour=red',
    ]) {
      const res = await h.request('GET', `/api/security/sessions?${query}`, { cookie: security });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('invalid_request');
    }
    const plain = await h.signIn('plain@acme.test');
    expect((await h.request('GET', '/api/security/sessions?country=DE', { cookie: plain })).statusCode).toBe(403);
    expect((await h.request('GET', '/api/security/sessions/facets', { cookie: plain })).statusCode).toBe(403);
  });

  it('counts what the filters can choose from, every method listed even when none is found', async () => {
    await h.signIn('remote@acme.test', undefined, { ip: '85.214.132.117' });
    await h.signIn('office@acme.test', undefined, { ip: '81.2.69.160', headers: { 'user-agent': FIREFOX_LINUX } });
    const res = await h.request('GET', '/api/security/sessions/facets', { cookie: security });
    expect(res.statusCode).toBe(200);
    const facets = res.json();
    expect(facets.countries).toEqual([
      { code: 'DE', name: 'Germany', count: 1, cities: [{ value: 'Berlin (Charlottenburg-Wilmersdorf)', count: 1 }] },
      { code: 'GB', name: 'United Kingdom', count: 1, cities: [{ value: 'London', count: 1 }] },
    ]);
    expect(facets.browsers).toEqual([
      { value: 'Chrome', count: 3 },
      { value: 'Firefox', count: 1 },
    ]);
    expect(facets.oses).toEqual([
      { value: 'Windows', count: 3 },
      { value: 'Ubuntu', count: 1 },
    ]);
    expect(facets.deviceTypes).toEqual([{ value: 'desktop', count: 4 }]);
    expect(facets.authMethods.map((m: { value: string }) => m.value)).toEqual(['password', 'password+totp', 'password+passkey', 'recovery_code']);
    expect(facets.authMethods[0]).toEqual({ value: 'password', label: 'Password', count: 4 });
    expect(facets.flags).toEqual([
      { value: 'new_device', count: 0 },
      { value: 'new_location', count: 0 },
    ]);
  });

  it('Settings › Security force-closes any session but the primary administrator’s', async () => {
    await h.signIn('remote@acme.test');
    await h.signIn('plain@acme.test');
    const [agentSession] = await activeOf('remote@acme.test');
    const [adminSession] = await activeOf('plain@acme.test');
    const [ownerSession] = await activeOf('owner@acme.test');
    // The list says beforehand which it may close: every one but the primary administrator's.
    const listed = (await h.request('GET', '/api/security/sessions?limit=200', { cookie: security })).json().sessions as { id: string; mayEnd: boolean }[];
    expect(listed.filter((s) => !s.mayEnd).map((s) => s.id)).toEqual([ownerSession!.id]);
    const asOwner = (await h.request('GET', '/api/security/sessions?limit=200', { cookie: owner })).json().sessions as { mayEnd: boolean }[];
    expect(asOwner.every((s) => s.mayEnd)).toBe(true);
    expect((await h.request('DELETE', `/api/sessions/${agentSession!.id}`, { cookie: security })).json()).toEqual({ ended: 1 });
    expect((await h.request('DELETE', `/api/sessions/${adminSession!.id}`, { cookie: security })).json()).toEqual({ ended: 1 });
    const primary = await h.request('DELETE', `/api/sessions/${ownerSession!.id}`, { cookie: security });
    expect(primary.statusCode).toBe(403);
    expect(primary.json().error.code).toBe('primary_admin_protected');
    expect(await activeOf('owner@acme.test')).toHaveLength(1);
  });
});
