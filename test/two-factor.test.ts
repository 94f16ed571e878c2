import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../src/lib/clock.js';
import { backends } from './helpers/backends.js';
import { Harness, PASSWORD, cookieFrom, tokenOf } from './helpers/harness.js';

/** Two-factor sign-in (issue 16): enrolment, the second step, recovery codes, enforcement, resets. */
describe.each(backends())('two-factor sign-in on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(backend);
  });
  afterAll(() => h?.close());

  const codeAt = (secret: string, at = h.clock.now()) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
  /** The next 30-second step, so a new code is not a replay of the last one accepted. */
  const nextStep = () => h.clock.advance(30_000);

  /** Signs in with the password, enrols an authenticator app, and returns its secret, the recovery codes and the session cookie. */
  async function enrol(email: string) {
    const cookie = await h.signIn(email);
    const started = await h.request('POST', '/api/me/second-factor/totp', { cookie });
    expect(started.statusCode, started.body).toBe(200);
    const { secret, uri, qrSvg } = started.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(uri).toContain('algorithm=SHA1');
    expect(qrSvg).toContain('<svg');
    const confirmed = await h.request('POST', '/api/me/second-factor/totp/confirm', { cookie, body: { code: codeAt(secret) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    nextStep();
    return { secret: secret as string, recoveryCodes: confirmed.json().recoveryCodes as string[], cookie };
  }

  const auditOf = (type: string) => h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('id').execute();
  const challengeOf = async (email: string) => {
    const res = await h.login(email);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().next).toBe('second_factor');
    return res;
  };

  it('enrols from My account: a secret shown until confirmed, stored sealed, ten recovery codes stored hashed', async () => {
    await h.account('agent', 'Ena Enrol', 'ena@acme.test');
    const cookie = await h.signIn('ena@acme.test');
    expect((await h.request('GET', '/api/me/second-factor', { cookie })).json()).toMatchObject({ enrolled: false, required: false, mustEnrol: false });
    const started = (await h.request('POST', '/api/me/second-factor/totp', { cookie })).json();
    // A wrong code confirms nothing.
    const wrong = await h.request('POST', '/api/me/second-factor/totp/confirm', { cookie, body: { code: codeAt(started.secret, h.clock.now() - 10 * MINUTE) } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_code');
    expect((await h.request('GET', '/api/me/second-factor', { cookie })).json().enrolled).toBe(false);

    const confirmed = await h.request('POST', '/api/me/second-factor/totp/confirm', { cookie, body: { code: codeAt(started.secret) } });
    expect(confirmed.statusCode).toBe(200);
    const codes: string[] = confirmed.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await h.request('GET', '/api/me/second-factor', { cookie })).json()).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 });
    // Never shown again: a new enrolment is refused while this one stands.
    const again = await h.request('POST', '/api/me/second-factor/totp', { cookie });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('second_factor_enrolled');

    const rows =
      JSON.stringify(await h.db.kysely.selectFrom('second_factors').selectAll().execute()) +
      JSON.stringify(await h.db.kysely.selectFrom('recovery_codes').selectAll().execute());
    expect(rows).not.toContain(started.secret);
    for (const code of codes) expect(rows).not.toContain(code);
    const [event] = await auditOf('second_factor.enrolled');
    expect(event?.target_label).toBe('Ena Enrol <ena@acme.test>');
    const audit = await h.request('GET', '/api/audit?type=second_factor.enrolled', { cookie: await h.signIn('owner@acme.test') });
    expect(audit.json().events[0].summary).toBe('Authenticator app set up · 10 recovery codes issued');
  });

  it('signs in in two steps: a challenge that is not a session, then the code starts the session with its method', async () => {
    await h.account('agent', 'Tom Two', 'tom@acme.test');
    const { secret } = await enrol('tom@acme.test');
    const first = await challengeOf('tom@acme.test');
    expect(first.headers['set-cookie']).toBeUndefined();
    const { challenge, methods } = first.json();
    expect(methods).toEqual(['totp', 'recovery_code']);
    // Only its hash is stored.
    expect(JSON.stringify(await h.db.kysely.selectFrom('second_factor_challenges').selectAll().execute())).not.toContain(challenge);
    // The challenge is no session: as a cookie it opens nothing.
    const asCookie = await h.request('GET', '/api/me', { cookie: `gatehouse_session=${challenge}` });
    expect(asCookie.statusCode).toBe(401);
    expect(asCookie.json().error.code).toBe('unauthenticated');

    const second = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge, code: codeAt(secret) } });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().session).toMatchObject({ authMethod: 'password+totp', restriction: null });
    const cookie = cookieFrom(second);
    const me = await h.request('GET', '/api/me', { cookie });
    expect(me.json().session.authMethod).toBe('password+totp');
    const mine = (await h.request('GET', '/api/me/sessions', { cookie })).json().sessions;
    expect(mine.find((s: { current: boolean }) => s.current).authMethod).toBe('password+totp');
    expect(mine.some((s: { authMethod: string }) => s.authMethod === 'password')).toBe(true);
    const account = (await h.request('GET', '/api/me', { cookie })).json().account.id;
    const profile = await h.request('GET', `/api/team/accounts/${account}`, { cookie: await h.signIn('owner@acme.test') });
    expect(profile.json().sessions.map((s: { authMethod: string }) => s.authMethod)).toContain('password+totp');
    const [signin] = (await auditOf('signin')).filter((e) => e.session_id === second.json().session.id);
    expect(JSON.parse(signin!.detail).method).toBe('password+totp');

    // Used once: the same challenge again is refused, even with a fresh code.
    nextStep();
    const reuse = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge, code: codeAt(secret) } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('challenge_expired');
  });

  it('refuses a code replayed within its window, and counts it as a failed sign-in', async () => {
    await h.account('agent', 'Rita Replay', 'rita@acme.test');
    const { secret } = await enrol('rita@acme.test');
    const code = codeAt(secret);
    const ok = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge: (await challengeOf('rita@acme.test')).json().challenge, code } });
    expect(ok.statusCode).toBe(200);
    h.clock.advance(5_000);
    const replay = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge: (await challengeOf('rita@acme.test')).json().challenge, code } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('invalid_code');
    const failed = (await auditOf('signin.failed')).map((e) => JSON.parse(e.detail).reason);
    expect(failed).toContain('wrong_code');
  });

  it('counts wrong codes toward the same lock-out as wrong passwords, and uses up a challenge after 5', async () => {
    await h.account('agent', 'Lou Lock', 'lou@acme.test');
    const { secret } = await enrol('lou@acme.test');
    const { challenge } = (await challengeOf('lou@acme.test')).json();
    const wrongCode = codeAt(secret, h.clock.now() + 10 * MINUTE);
    for (let i = 0; i < 5; i += 1) {
      const res = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge, code: wrongCode } });
      expect(res.json().error.code).toBe('invalid_code');
    }
    // The login's back-off has started: even the right password waits now.
    const locked = await h.login('lou@acme.test');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
    expect((await auditOf('signin.locked')).some((e) => e.target_label === 'lou@acme.test')).toBe(true);
    h.clock.advance(2_000);
    // The challenge was used up by its fifth wrong code, right code or not.
    const late = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge, code: codeAt(secret) } });
    expect(late.json().error.code).toBe('challenge_expired');
  });

  it('takes a recovery code once, and records it', async () => {
    await h.account('agent', 'Rex Recover', 'rex@acme.test');
    const { recoveryCodes } = await enrol('rex@acme.test');
    const code = recoveryCodes[3]!;
    const used = await h.request('POST', '/api/auth/login/second-factor', {
      body: { challenge: (await challengeOf('rex@acme.test')).json().challenge, recoveryCode: code.toUpperCase() },
    });
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json().session.authMethod).toBe('recovery_code');
    const [event] = await auditOf('second_factor.recovery_code_used');
    expect(JSON.parse(event!.detail)).toEqual({ left: 9 });
    expect(event?.session_id).toBe(used.json().session.id);
    const again = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge: (await challengeOf('rex@acme.test')).json().challenge, recoveryCode: code } });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_code');
    expect((await h.request('GET', '/api/me/second-factor', { cookie: cookieFrom(used) })).json().recoveryCodesLeft).toBe(9);
  });

  it('lets a challenge expire after 5 minutes', async () => {
    await h.account('agent', 'Eve Expire', 'eve@acme.test');
    const { secret } = await enrol('eve@acme.test');
    const { challenge, expiresAt } = (await challengeOf('eve@acme.test')).json();
    expect(Date.parse(expiresAt) - h.clock.now()).toBe(5 * MINUTE);
    h.clock.advance(5 * MINUTE);
    const res = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge, code: codeAt(secret) } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('challenge_expired');
    const garbage = await h.request('POST', '/api/auth/login/second-factor', { body: { challenge: 'not-a-challenge', code: '123456' } });
    expect(garbage.json().error.code).toBe('challenge_expired');
  });

  it('removes a factor with the password (a wrong one refused), and sign-in is one step again', async () => {
    await h.account('agent', 'Ray Remove', 'ray@acme.test');
    const { cookie } = await enrol('ray@acme.test');
    const wrong = await h.request('POST', '/api/me/second-factor/remove', { cookie, body: { password: 'not it' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('wrong_password');
    const removed = await h.request('POST', '/api/me/second-factor/remove', { cookie, body: { password: PASSWORD } });
    expect(removed.statusCode).toBe(204);
    const res = await h.login('ray@acme.test');
    expect(res.json().session.authMethod).toBe('password');
    const [event] = await auditOf('second_factor.removed');
    expect(JSON.parse(event!.detail)).toMatchObject({ provenWith: 'password' });
  });

  it('enforces the workspace setting after its grace period with a session limited to enrolment', async () => {
    await h.account('agent', 'Gus Grace', 'gus@acme.test');
    const owner = await h.signIn('owner@acme.test');
    const set = await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { requireSecondFactor: 'agents', secondFactorGraceDays: 2 } });
    expect(set.statusCode, set.body).toBe(200);
    const settings = (await h.request('GET', '/api/settings/security', { cookie: owner })).json();
    expect(settings).toMatchObject({
      requireSecondFactor: 'agents',
      secondFactorGraceDays: 2,
      secondFactorEnforcedFrom: { admins: null, agents: new Date(h.clock.now() + 2 * DAY).toISOString() },
    });
    const [changed] = (await auditOf('settings.updated')).slice(-1);
    const audit = await h.request('GET', '/api/audit?type=settings.updated', { cookie: owner });
    expect(audit.json().events[0].summary).toBe('Two-factor required for nobody → agents · two-factor grace period 7 days → 2 days');
    expect(changed).toBeDefined();

    // Within the grace period: a full session, and a nudge.
    const within = await h.login('gus@acme.test');
    expect(within.json().session.restriction).toBeNull();
    expect((await h.request('GET', '/api/me/second-factor', { cookie: cookieFrom(within) })).json()).toMatchObject({ required: true, mustEnrol: false });
    // Administrators are not concerned.
    expect((await h.login('owner@acme.test')).json().session.restriction).toBeNull();

    h.clock.advance(2 * DAY);
    const after = await h.login('gus@acme.test');
    expect(after.statusCode).toBe(200);
    expect(after.json().session.restriction).toBe('second_factor_enrolment');
    const limited = cookieFrom(after);
    expect((await h.request('GET', '/api/me', { cookie: limited })).json().session.restriction).toBe('second_factor_enrolment');
    for (const [method, url] of [
      ['GET', '/api/me/sessions'],
      ['GET', '/api/me/tokens'],
      ['POST', '/api/me/sessions/end-others'],
      ['GET', '/api/team/agents'],
    ] as const) {
      const res = await h.request(method, url, { cookie: limited });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('second_factor_required');
    }
    // Other apps asking Gatehouse about it hear that it is not a signed-in session. Two days on,
    // creating a key needs the owner to confirm it is them first (re-authentication, issue 16).
    expect((await h.request('POST', '/api/auth/reauthenticate', { cookie: owner, body: { password: PASSWORD } })).statusCode).toBe(200);
    const key = (await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Inbox' } })).json().secret;
    const introspect = () => h.request('POST', '/api/introspect', { headers: { authorization: `Bearer ${key}` }, body: { token: tokenOf(limited) } });
    expect((await introspect()).json()).toEqual({ active: false });
    const started = (await h.request('POST', '/api/me/second-factor/totp', { cookie: limited })).json();
    const confirmed = await h.request('POST', '/api/me/second-factor/totp/confirm', { cookie: limited, body: { code: codeAt(started.secret) } });
    expect(confirmed.statusCode).toBe(200);
    // Enrolled: the same session is a full one now, authenticated by password and code.
    expect((await h.request('GET', '/api/me/sessions', { cookie: limited })).statusCode).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie: limited })).json().session).toMatchObject({ restriction: null, authMethod: 'password+totp' });
    expect((await introspect()).json().active).toBe(true);
    await h.request('PATCH', '/api/settings/security', { cookie: await h.signIn('owner@acme.test'), body: { requireSecondFactor: 'none' } });
  });

  it('limits a switch to the linked account whose role requires a factor the login lacks', async () => {
    await h.account('agent', 'Lin Linked', 'lin@acme.test');
    await h.account('admin', 'Lin Linked', 'lin@acme.test', ['audit']);
    const owner = await h.signIn('owner@acme.test');
    // The owner enrolled in an earlier test or not: either way this changes only the requirement.
    await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { requireSecondFactor: 'admins', secondFactorGraceDays: 0 } });
    const agent = await h.signIn('lin@acme.test', 'agent');
    expect((await h.request('GET', '/api/me', { cookie: agent })).json().session.restriction).toBeNull();
    const switched = await h.request('POST', '/api/auth/switch', { cookie: agent, body: { account: 'admin' } });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json().session.restriction).toBe('second_factor_enrolment');
    expect((await h.request('GET', '/api/audit', { cookie: cookieFrom(switched) })).json().error.code).toBe('second_factor_required');
    await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { requireSecondFactor: 'none' } });
  });

  it('lets a permitted administrator reset a factor: the sessions end, the next sign-in enrols; never a sub-administrator on the primary', async () => {
    const agent = await h.account('agent', 'Ria Reset', 'ria@acme.test');
    const { cookie: agentCookie } = await enrol('ria@acme.test');
    await h.account('admin', 'Sub Team', 'subteam@acme.test', ['team.agents', 'team.admins']);
    await h.account('admin', 'Sub Audit', 'subaudit@acme.test', ['audit']);
    const { secret: ownerSecret } = await enrol('owner@acme.test');
    const ownerSignIn = async () =>
      cookieFrom(
        await h.request('POST', '/api/auth/login/second-factor', { body: { challenge: (await challengeOf('owner@acme.test')).json().challenge, code: codeAt(ownerSecret) } }),
      );
    const owner = await ownerSignIn();
    nextStep();
    const sub = await h.signIn('subteam@acme.test');

    const refusedGrant = await h.request('POST', `/api/team/accounts/${agent.id}/reset-second-factor`, { cookie: await h.signIn('subaudit@acme.test') });
    expect(refusedGrant.statusCode).toBe(403);
    const refusedPrimary = await h.request('POST', `/api/team/accounts/${h.owner.id}/reset-second-factor`, { cookie: sub });
    expect(refusedPrimary.statusCode).toBe(403);
    expect(refusedPrimary.json().error.code).toBe('primary_admin_protected');
    // Not through the primary administrator's linked agent account either.
    const ownerAgent = await h.account('agent', 'Olivia as agent', 'owner@acme.test');
    const refusedLinked = await h.request('POST', `/api/team/accounts/${ownerAgent.id}/reset-second-factor`, { cookie: sub });
    expect(refusedLinked.json().error.code).toBe('primary_admin_protected');
    expect((await h.request('GET', '/api/me', { cookie: owner })).statusCode).toBe(200);

    const reset = await h.request('POST', `/api/team/accounts/${agent.id}/reset-second-factor`, { cookie: sub });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().ended).toBeGreaterThanOrEqual(1);
    const gone = await h.request('GET', '/api/me', { cookie: agentCookie });
    expect(gone.statusCode).toBe(401);
    expect(gone.json().error).toMatchObject({ code: 'session_expired', reason: 'factors_reset' });
    const next = await h.login('ria@acme.test');
    expect(next.json().session.restriction).toBe('second_factor_enrolment');
    const [event] = await auditOf('second_factor.reset');
    expect(event).toMatchObject({ actor_label: 'Sub Team <subteam@acme.test>', target_label: 'Ria Reset <ria@acme.test>' });
    const audit = await h.request('GET', '/api/audit?type=second_factor.reset', { cookie: owner });
    expect(audit.json().events[0].summary).toMatch(/^Two-factor sign-in reset by an administrator · .* · 1 session ended$|sessions ended$/);
    const twice = await h.request('POST', `/api/team/accounts/${agent.id}/reset-second-factor`, { cookie: sub });
    expect(twice.json().error.code).toBe('no_second_factor');

    // The primary administrator may reset anyone's, its own included.
    const own = await h.request('POST', `/api/team/accounts/${h.owner.id}/reset-second-factor`, { cookie: owner });
    expect(own.statusCode).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie: owner })).json().error.reason).toBe('factors_reset');
  });
});
