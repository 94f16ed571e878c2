import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { SoftAuthenticator } from './helpers/authenticator.js';
import { backends } from './helpers/backends.js';
import { Harness, cookieFrom } from './helpers/harness.js';

/** Passkeys and security keys as a second factor (issue 16), with a software authenticator. */
describe.each(backends())('passkeys on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(backend);
  });
  afterAll(() => h?.close());

  const auditOf = (type: string) => h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('id').execute();
  const loginIdOf = async (email: string) => (await h.db.kysely.selectFrom('logins').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  /** Adds a passkey to the signed-in login of `cookie`; returns the answer. */
  async function addPasskey(cookie: string, key: SoftAuthenticator, name = 'Laptop') {
    const options = await h.request('POST', '/api/me/second-factor/passkeys/options', { cookie });
    expect(options.statusCode, options.body).toBe(200);
    return h.request('POST', '/api/me/second-factor/passkeys', { cookie, body: { name, response: key.register(options.json().challenge) } });
  }

  /** Signs in with the password, adds a passkey, returns the key and the session cookie. */
  async function enrol(email: string) {
    const cookie = await h.signIn(email);
    const key = new SoftAuthenticator();
    const added = await addPasskey(cookie, key);
    expect(added.statusCode, added.body).toBe(200);
    return { key, cookie, recoveryCodes: added.json().recoveryCodes as string[] };
  }

  /** The password step of a login with a passkey: its challenge and the WebAuthn options bound to it. */
  async function passwordStep(email: string) {
    const res = await h.login(email);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().next).toBe('second_factor');
    return res.json() as { challenge: string; methods: string[]; passkey: { challenge: string; rpId: string; allowCredentials: { id: string }[] } };
  }

  const secondStep = (challenge: string, passkey: unknown) => h.request('POST', '/api/auth/login/second-factor', { body: { challenge, passkey } });

  it('adds a passkey from My account: listed, stored with its counter, ten recovery codes for a first factor, audited', async () => {
    await h.account('agent', 'Pia Passkey', 'pia@acme.test');
    const cookie = await h.signIn('pia@acme.test');
    const options = (await h.request('POST', '/api/me/second-factor/passkeys/options', { cookie })).json();
    expect(options).toMatchObject({ rp: { name: 'Gatehouse', id: 'localhost' }, attestation: 'none', user: { name: 'pia@acme.test (acme)', displayName: 'Pia Passkey' } });
    const key = new SoftAuthenticator();
    const added = await h.request('POST', '/api/me/second-factor/passkeys', { cookie, body: { name: ' YubiKey 5 ', response: key.register(options.challenge) } });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().passkey).toMatchObject({ id: key.id, name: 'YubiKey 5', transports: ['internal'], lastUsedAt: null });
    expect(added.json().recoveryCodes).toHaveLength(10);

    const listed = (await h.request('GET', '/api/me/second-factor/passkeys', { cookie })).json().passkeys;
    expect(listed.map((p: { id: string }) => p.id)).toEqual([key.id]);
    expect((await h.request('GET', '/api/me/second-factor', { cookie })).json()).toMatchObject({ enrolled: false, hasPasskey: true, recoveryCodesLeft: 10 });
    const row = await h.db.kysely.selectFrom('passkeys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ login_id: await loginIdOf('pia@acme.test'), counter: 0, name: 'YubiKey 5' });

    // The challenge works once: the same answer again adds nothing.
    const again = await h.request('POST', '/api/me/second-factor/passkeys', { cookie, body: { name: 'Again', response: key.register(options.challenge) } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('no_enrolment');
    // A challenge the server never issued, or an answer made for another site, is refused.
    const forged = await h.request('POST', '/api/me/second-factor/passkeys', {
      cookie,
      body: { name: 'Forged', response: new SoftAuthenticator().register('bm90LWlzc3VlZA') },
    });
    expect(forged.json().error.code).toBe('no_enrolment');
    const fresh = (await h.request('POST', '/api/me/second-factor/passkeys/options', { cookie })).json();
    const phished = await h.request('POST', '/api/me/second-factor/passkeys', {
      cookie,
      body: { name: 'Phished', response: new SoftAuthenticator().register(fresh.challenge, { origin: 'https://evil.test' }) },
    });
    expect(phished.statusCode).toBe(400);
    expect(phished.json().error.code).toBe('passkey_refused');
    // A second passkey brings no new recovery codes.
    const second = await addPasskey(cookie, new SoftAuthenticator(), 'Phone');
    expect(second.json().recoveryCodes).toEqual([]);

    const [event] = await auditOf('second_factor.enrolled');
    expect(event?.target_label).toBe('Pia Passkey <pia@acme.test>');
    const audit = await h.request('GET', '/api/audit?type=second_factor.enrolled', { cookie: await h.signIn('owner@acme.test') });
    expect(audit.json().events.map((e: { summary: string }) => e.summary)).toEqual(['Passkey “Phone” added', 'Passkey “YubiKey 5” added · 10 recovery codes issued']);
  });

  it('signs in with the password, then the passkey: the session records password+passkey, the counter moves, the use is audited', async () => {
    await h.account('agent', 'Sam Sign', 'sam@acme.test');
    const { key } = await enrol('sam@acme.test');
    const step = await passwordStep('sam@acme.test');
    expect(step.methods).toEqual(['passkey', 'recovery_code']);
    expect(step.passkey.rpId).toBe('localhost');
    expect(step.passkey.allowCredentials.map((c) => c.id)).toEqual([key.id]);

    const done = await secondStep(step.challenge, key.assert(step.passkey.challenge));
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().session).toMatchObject({ authMethod: 'password+passkey', restriction: null });
    const cookie = cookieFrom(done);
    expect((await h.request('GET', '/api/me', { cookie })).json().session.authMethod).toBe('password+passkey');
    const row = await h.db.kysely.selectFrom('passkeys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.counter).toBe(1);
    expect(row.last_used_at).toBe(h.clock.now());

    const [signin] = (await auditOf('signin')).filter((e) => e.session_id === done.json().session.id);
    expect(JSON.parse(signin!.detail).method).toBe('password+passkey');
    const [used] = (await auditOf('second_factor.passkey_used')).filter((e) => e.session_id === done.json().session.id);
    expect(JSON.parse(used!.detail)).toEqual({ name: 'Laptop' });
    const audit = await h.request('GET', '/api/audit?type=signin,second_factor.passkey_used', { cookie: await h.signIn('owner@acme.test') });
    const summaries = audit.json().events.map((e: { summary: string }) => e.summary);
    expect(summaries).toContain('Signed in with the passkey “Laptop”');
    expect(summaries.some((s: string) => s.includes('password and passkey'))).toBe(true);

    // The same answer again: the sign-in challenge is spent.
    const again = await secondStep(step.challenge, key.assert(step.passkey.challenge));
    expect(again.json().error.code).toBe('challenge_expired');
  });

  it('refuses a wrong challenge, a replayed one, and one issued for another password step; each counts as a failed sign-in', async () => {
    await h.account('agent', 'Wes Wrong', 'wes@acme.test');
    const { key } = await enrol('wes@acme.test');
    const failures = async () => (await auditOf('signin.failed')).filter((e) => JSON.parse(e.detail).reason === 'wrong_passkey').length;
    const before = await failures();

    const first = await passwordStep('wes@acme.test');
    const wrong = await secondStep(first.challenge, key.assert('bm90LWlzc3VlZC1jaGFsbGVuZ2U'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_code');

    // The WebAuthn challenge of one password step answers no other.
    const second = await passwordStep('wes@acme.test');
    const crossed = await secondStep(second.challenge, key.assert(first.passkey.challenge));
    expect(crossed.json().error.code).toBe('invalid_code');

    // Used once: an assertion over a challenge that already signed someone in is refused.
    const ok = await secondStep(first.challenge, key.assert(first.passkey.challenge));
    expect(ok.statusCode, ok.body).toBe(200);
    const third = await passwordStep('wes@acme.test');
    const replay = await secondStep(third.challenge, key.assert(first.passkey.challenge));
    expect(replay.json().error.code).toBe('invalid_code');
    // A right assertion for another origin (a phishing page) is refused too.
    const phished = await secondStep(third.challenge, key.assert(third.passkey.challenge, { origin: 'https://evil.test' }));
    expect(phished.json().error.code).toBe('invalid_code');

    expect((await failures()) - before).toBe(4);
    // Still good for the right answer: wrong ones do not spend the challenge until the limit.
    const right = await secondStep(third.challenge, key.assert(third.passkey.challenge));
    expect(right.statusCode, right.body).toBe(200);
  });

  it("refuses another login's credential, even one signed correctly over this sign-in's challenge", async () => {
    await h.account('agent', 'Ann Other', 'ann@acme.test');
    await h.account('agent', 'Bob Other', 'bob@acme.test');
    const { cookie: annCookie } = await enrol('ann@acme.test');
    const { key: bobKey } = await enrol('bob@acme.test');
    const step = await passwordStep('ann@acme.test');
    const res = await secondStep(step.challenge, bobKey.assert(step.passkey.challenge));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_code');
    // Removing another login's passkey is not found either.
    const removed = await h.request('DELETE', `/api/me/second-factor/passkeys/${bobKey.id}`, { cookie: annCookie });
    expect(removed.statusCode).toBe(404);
    const renamed = await h.request('PATCH', `/api/me/second-factor/passkeys/${bobKey.id}`, { cookie: annCookie, body: { name: 'Mine now' } });
    expect(renamed.statusCode).toBe(404);
    expect(await h.db.kysely.selectFrom('passkeys').select('id').where('id', '=', bobKey.id).executeTakeFirst()).toBeDefined();
  });

  it('refuses a sign counter that goes backwards or stands still (a cloned key)', async () => {
    await h.account('agent', 'Cal Clone', 'cal@acme.test');
    const { key } = await enrol('cal@acme.test');
    const step = await passwordStep('cal@acme.test');
    expect((await secondStep(step.challenge, key.assert(step.passkey.challenge, { counter: 7 }))).statusCode).toBe(200);

    const back = await passwordStep('cal@acme.test');
    const backwards = await secondStep(back.challenge, key.assert(back.passkey.challenge, { counter: 3 }));
    expect(backwards.json().error.code).toBe('invalid_code');
    const still = await secondStep(back.challenge, key.assert(back.passkey.challenge, { counter: 7 }));
    expect(still.json().error.code).toBe('invalid_code');
    expect((await h.db.kysely.selectFrom('passkeys').select('counter').where('id', '=', key.id).executeTakeFirstOrThrow()).counter).toBe(7);
    expect((await secondStep(back.challenge, key.assert(back.passkey.challenge, { counter: 8 }))).statusCode).toBe(200);
  });

  it('uses up a sign-in challenge after 5 refused passkey answers, like wrong codes', async () => {
    await h.account('agent', 'Lia Limit', 'lia@acme.test');
    const { key } = await enrol('lia@acme.test');
    const step = await passwordStep('lia@acme.test');
    for (let i = 0; i < 5; i += 1) expect((await secondStep(step.challenge, key.assert('d3Jvbmc'))).json().error.code).toBe('invalid_code');
    const after = await secondStep(step.challenge, key.assert(step.passkey.challenge));
    expect(after.json().error.code).toBe('challenge_expired');
  });

  it("satisfies the workspace's requirement: a session limited to enrolment adds a passkey and becomes a full one", async () => {
    await h.account('agent', 'Eve Enforced', 'eve@acme.test');
    const owner = await h.signIn('owner@acme.test');
    expect((await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { requireSecondFactor: 'agents', secondFactorGraceDays: 0 } })).statusCode).toBe(200);
    h.clock.advance(DAY);
    const limited = await h.login('eve@acme.test');
    expect(limited.json().session.restriction).toBe('second_factor_enrolment');
    const cookie = cookieFrom(limited);
    expect((await h.request('GET', '/api/me/sessions', { cookie })).json().error.code).toBe('second_factor_required');
    const key = new SoftAuthenticator();
    const added = await addPasskey(cookie, key);
    expect(added.statusCode, added.body).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie })).json().session).toMatchObject({ restriction: null, authMethod: 'password+passkey' });
    expect((await h.request('GET', '/api/me/sessions', { cookie })).statusCode).toBe(200);
    const [event] = (await auditOf('second_factor.enrolled')).slice(-1);
    expect(JSON.parse(event!.detail)).toMatchObject({ kind: 'passkey', required: true });
    // The next sign-in asks for the passkey, not for enrolment.
    const step = await passwordStep('eve@acme.test');
    const done = await secondStep(step.challenge, key.assert(step.passkey.challenge));
    expect(done.json().session).toMatchObject({ restriction: null, authMethod: 'password+passkey' });
    // Put the workspace back for the tests after this one: a day on, the owner signs in again (a
    // fresh proof for the dangerous act), and the change must take.
    const back = await h.request('PATCH', '/api/settings/security', { cookie: await h.signIn('owner@acme.test'), body: { requireSecondFactor: 'none' } });
    expect(back.statusCode, back.body).toBe(200);
  });

  it('renames and removes a passkey; with the last one gone, sign-in is one step again and the recovery codes go', async () => {
    await h.account('agent', 'Ray Rename', 'ray@acme.test');
    const { key, cookie } = await enrol('ray@acme.test');
    const renamed = await h.request('PATCH', `/api/me/second-factor/passkeys/${key.id}`, { cookie, body: { name: 'Desk key' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().passkey.name).toBe('Desk key');
    expect((await h.request('PATCH', '/api/me/second-factor/passkeys/nope', { cookie, body: { name: 'x' } })).statusCode).toBe(404);
    const removed = await h.request('DELETE', `/api/me/second-factor/passkeys/${key.id}`, { cookie });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await h.request('GET', '/api/me/second-factor/passkeys', { cookie })).json().passkeys).toEqual([]);
    expect((await h.request('GET', '/api/me/second-factor', { cookie })).json()).toMatchObject({ hasPasskey: false, recoveryCodesLeft: 0 });
    const loginId = await loginIdOf('ray@acme.test');
    expect(await h.db.kysely.selectFrom('recovery_codes').select('code_hash').where('login_id', '=', loginId).execute()).toEqual([]);
    expect((await h.login('ray@acme.test')).json().session.authMethod).toBe('password');
    const [event] = (await auditOf('second_factor.removed')).slice(-1);
    expect(JSON.parse(event!.detail)).toEqual({ kind: 'passkey', name: 'Desk key' });
  });

  it("is removed by an administrator's reset: the sessions end and the next sign-in enrols again", async () => {
    const agent = await h.account('agent', 'Rex Reset', 'rex@acme.test');
    const { key, cookie } = await enrol('rex@acme.test');
    const reset = await h.request('POST', `/api/team/accounts/${agent.id}/reset-second-factor`, { cookie: await h.signIn('owner@acme.test') });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await h.request('GET', '/api/me', { cookie })).json().error).toMatchObject({ code: 'session_expired', reason: 'factors_reset' });
    expect(await h.db.kysely.selectFrom('passkeys').select('id').where('id', '=', key.id).executeTakeFirst()).toBeUndefined();
    const next = await h.login('rex@acme.test');
    expect(next.json().session.restriction).toBe('second_factor_enrolment');
    const [event] = (await auditOf('second_factor.reset')).slice(-1);
    expect(JSON.parse(event!.detail)).toMatchObject({ wasEnrolled: true, passkeys: 1 });

    // Enrolling a new passkey answers the reset: removed again later, sign-in is one step, not enrolment.
    const restricted = cookieFrom(next);
    const again = await addPasskey(restricted, new SoftAuthenticator());
    expect(again.statusCode, again.body).toBe(200);
    const removed = await h.request('DELETE', `/api/me/second-factor/passkeys/${again.json().passkey.id as string}`, { cookie: restricted });
    expect(removed.statusCode, removed.body).toBe(204);
    const after = await h.login('rex@acme.test');
    expect(after.json().session).toMatchObject({ authMethod: 'password', restriction: null });
  });

  it('verifies a passkey for re-authentication against a challenge it issued, once', async () => {
    await h.account('agent', 'Ida Reauth', 'ida@acme.test');
    const { key } = await enrol('ida@acme.test');
    const loginId = await loginIdOf('ida@acme.test');
    const rp = { id: 'localhost', origin: 'http://localhost' };
    const options = await h.services.passkeys.startAssertion(loginId, rp);
    const answer = key.assert(options.challenge);
    expect(await h.services.passkeys.finishAssertion(loginId, answer, rp)).toBe(true);
    expect(await h.services.passkeys.finishAssertion(loginId, key.assert(options.challenge), rp)).toBe(false);
    // A sign-in's challenge is not a re-authentication's, and another login's challenge is not this one's.
    const step = await passwordStep('ida@acme.test');
    expect(await h.services.passkeys.finishAssertion(loginId, key.assert(step.passkey.challenge), rp)).toBe(false);
    const other = await h.services.passkeys.startAssertion(await loginIdOf('owner@acme.test'), rp);
    expect(await h.services.passkeys.finishAssertion(loginId, key.assert(other.challenge), rp)).toBe(false);
  });
});

describe('passkeys behind PUBLIC_URL', () => {
  let h: Harness;
  const host = 'desk.acme.test:8080';
  beforeAll(async () => {
    h = await Harness.start(backends()[0]!, { PUBLIC_URL: `http://${host}` });
  });
  afterAll(() => h?.close());

  it('takes the RP ID and the origin from PUBLIC_URL, and refuses an answer made for another site', async () => {
    const headers = { host };
    const cookie = await h.signIn('owner@acme.test', undefined, { headers });
    const options = (await h.request('POST', '/api/me/second-factor/passkeys/options', { cookie, headers })).json();
    expect(options.rp).toEqual({ name: 'Gatehouse', id: 'desk.acme.test' });
    const page = { rpId: 'desk.acme.test', origin: `http://${host}` };
    const wrongPlace = await h.request('POST', '/api/me/second-factor/passkeys', {
      cookie,
      headers,
      body: { name: 'Elsewhere', response: new SoftAuthenticator({ rpId: 'localhost', origin: 'http://localhost' }).register(options.challenge) },
    });
    expect(wrongPlace.json().error.code).toBe('passkey_refused');
    const key = new SoftAuthenticator(page);
    const added = await h.request('POST', '/api/me/second-factor/passkeys', { cookie, headers, body: { name: 'Desk', response: key.register(options.challenge) } });
    expect(added.statusCode, added.body).toBe(200);
    const step = (await h.login('owner@acme.test', {}, { headers })).json();
    expect(step.passkey.rpId).toBe('desk.acme.test');
    const done = await h.request('POST', '/api/auth/login/second-factor', { headers, body: { challenge: step.challenge, passkey: key.assert(step.passkey.challenge) } });
    expect(done.json().session.authMethod).toBe('password+passkey');
  });
});
