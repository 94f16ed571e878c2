import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { DEVICE_COOKIE_NAME } from '../../src/http/device-cookie.js';
import { DAY, MINUTE } from '../../src/lib/clock.js';
import { backends } from '../helpers/backends.js';
import { cookieFrom, Harness, PASSWORD } from '../helpers/harness.js';
import { buildServer, seedAcme, startTwoNodes, type Node, type PgNodes } from '../helpers/nodes.js';

/**
 * Issue 19, finding 3: strangers must not be able to lock anybody out. A browser that signed in to
 * a login before carries its device cookie and is judged by its own failures alone; everyone else
 * meets a back-off that grows with each failure, and the per-address limit.
 */

/** The `gatehouse_device=…` pair a response sets. */
function deviceFrom(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [header ?? '']).find((h) => h.startsWith(`${DEVICE_COOKIE_NAME}=`));
  if (!line) throw new Error(`no device cookie was set (${res.statusCode} ${res.body})`);
  return line.split(';')[0]!;
}

describe.each(backends())('sign-in lockout ($name)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(backend);
  });
  afterAll(async () => h?.close());

  const lockedRows = (label: string) => h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'signin.locked').where('target_label', '=', label).execute();
  const retryAfter = (res: LightMyRequestResponse) => Number(res.headers['retry-after']);

  it('a stranger’s 100 wrong passwords do not stop the primary administrator signing in from a browser that signed in before, from anywhere or the same address', async () => {
    const office = '198.51.100.20';
    const first = await h.login('owner@acme.test', {}, { ip: office });
    expect(first.statusCode).toBe(200);
    const device = deviceFrom(first);
    expect(String(first.headers['set-cookie'])).toMatch(new RegExp(`${DEVICE_COOKIE_NAME}=[^;]+; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax`));
    // Signing out ends the session, not the browser's standing.
    expect((await h.request('POST', '/api/auth/logout', { cookie: cookieFrom(first) })).statusCode).toBe(204);

    for (const ip of ['203.0.113.66', office]) {
      const answers: number[] = [];
      for (let i = 0; i < 100; i++) answers.push((await h.login('owner@acme.test', { password: `guess ${i}` }, { ip })).statusCode);
      expect(answers.every((s) => s === 401 || s === 429)).toBe(true);
      expect(answers).toContain(429);

      // The stranger (no device cookie) is held back even with the right password…
      const stranger = await h.login('owner@acme.test', {}, { ip });
      expect(stranger.statusCode).toBe(429);
      // …the administrator's browser is not, from the stranger's address or its own.
      const admin = await h.login('owner@acme.test', {}, { ip, cookie: device });
      expect(admin.statusCode).toBe(200);
      expect((await h.request('GET', '/api/me', { cookie: cookieFrom(admin) })).json().account.isPrimary).toBe(true);
    }
    // The administrator's sign-ins reset only the device's own counter: strangers are still slowed.
    expect((await h.login('owner@acme.test', {}, { ip: '203.0.113.66' })).statusCode).toBe(429);
    // One audit row for the lockout, however many attempts it held back.
    expect(await lockedRows('owner@acme.test')).toHaveLength(1);
  });

  it('slows an untrusted client down with a growing Retry-After up to the cap, and lets the right password in once the window passes', async () => {
    await h.account('agent', 'Slow Down', 'slow@acme.test');
    const ip = '192.0.2.10';
    for (let i = 0; i < 4; i++) expect((await h.login('slow@acme.test', { password: `wrong ${i}` }, { ip })).statusCode).toBe(401);
    expect((await h.login('slow@acme.test', {}, { ip })).statusCode).toBe(200); // four failures are free, and a success forgets them
    for (let i = 0; i < 5; i++) expect((await h.login('slow@acme.test', { password: `wrong ${i}` }, { ip })).statusCode).toBe(401);

    const waits: number[] = [];
    for (;;) {
      const right = await h.login('slow@acme.test', {}, { ip });
      const wrong = await h.login('slow@acme.test', { password: 'still wrong' }, { ip });
      expect(right.statusCode).toBe(429);
      expect(right.json().error.code).toBe('too_many_attempts');
      expect(right.headers['set-cookie']).toBeUndefined();
      // Held back before the password is looked at: the right and a wrong one get the same answer.
      expect(wrong.body).toBe(right.body);
      const wait = retryAfter(right);
      expect(right.json().error.retryAfterSeconds).toBe(wait);
      waits.push(wait);
      if (wait >= 900) break;
      h.clock.advance(wait * 1000);
      expect((await h.login('slow@acme.test', { password: 'another guess' }, { ip })).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900]);

    // Past the cap it grows no more; the window passes, and the right password gets in.
    h.clock.advance(900 * 1000);
    expect((await h.login('slow@acme.test', { password: 'one more guess' }, { ip })).statusCode).toBe(401);
    expect(retryAfter(await h.login('slow@acme.test', {}, { ip }))).toBe(900);
    h.clock.advance(900 * 1000);
    const inside = await h.login('slow@acme.test', {}, { ip });
    expect(inside.statusCode).toBe(200);
    deviceFrom(inside);
    // The success forgot the failures: the next wrong password is a plain 401 and the next right one gets in.
    expect((await h.login('slow@acme.test', { password: 'typo' }, { ip: '192.0.2.11' })).statusCode).toBe(401);
    expect((await h.login('slow@acme.test', {}, { ip: '192.0.2.11' })).statusCode).toBe(200);
    // One lockout period (the failures before the first success never reached it): one audit row.
    const rows = await lockedRows('slow@acme.test');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.detail)).toEqual({ failures: 5 });
  });

  it('a forged device cookie, or another login’s, is treated as untrusted', async () => {
    await h.account('agent', 'Real Owner', 'real@acme.test');
    await h.account('agent', 'Other Person', 'other@acme.test');
    const realDevice = deviceFrom(await h.login('real@acme.test'));
    const otherDevice = deviceFrom(await h.login('other@acme.test'));
    for (let i = 0; i < 5; i++) await h.login('real@acme.test', { password: `guess ${i}` });

    const value = realDevice.slice(realDevice.indexOf('=') + 1);
    const [nonce, mac] = value.split('.') as [string, string];
    const flipped = `${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`;
    for (const forged of [
      otherDevice,
      `${DEVICE_COOKIE_NAME}=${nonce}.${flipped}`,
      `${DEVICE_COOKIE_NAME}=${'A'.repeat(22)}.${'B'.repeat(43)}`,
      `${DEVICE_COOKIE_NAME}=${value}x`,
      `${DEVICE_COOKIE_NAME}=`,
    ]) {
      const res = await h.login('real@acme.test', {}, { cookie: forged });
      expect(res.statusCode, forged).toBe(429);
    }
    // The same cookie in another workspace's login of the same email counts for nothing there either.
    await h.createWorkspace({ slug: 'globex', name: 'Globex', adminName: 'Real Owner', adminEmail: 'real@acme.test' });
    for (let i = 0; i < 5; i++) await h.login('real@acme.test', { workspace: 'globex', password: `guess ${i}` });
    expect((await h.login('real@acme.test', { workspace: 'globex' }, { cookie: realDevice })).statusCode).toBe(429);

    expect((await h.login('real@acme.test', {}, { cookie: realDevice })).statusCode).toBe(200);
  });

  it('the per-address limit refuses untrusted attempts but never a trusted device’s right password; a device has its own budget', async () => {
    const strict = await Harness.start(backend, { IP_MAX_FAILURES: '3', DEVICE_MAX_FAILURES: '4' });
    try {
      const ip = '203.0.113.9';
      const device = deviceFrom(await strict.login('owner@acme.test', {}, { ip }));
      for (let i = 0; i < 3; i++) expect((await strict.login(`guess${i}@acme.test`, { password: 'wrong password' }, { ip })).statusCode).toBe(401);

      const untrusted = await strict.login('owner@acme.test', {}, { ip });
      expect(untrusted.statusCode).toBe(429);
      expect(retryAfter(untrusted)).toBe(15 * 60);
      expect((await strict.login('owner@acme.test', {}, { ip: '203.0.113.10' })).statusCode).toBe(200);
      const trusted = await strict.login('owner@acme.test', {}, { ip, cookie: device });
      expect(trusted.statusCode).toBe(200);

      // The device's own failures: four wrong passwords spend its budget; then it is a stranger
      // like any other, here refused by the address's limit, until its window passes.
      const renewed = deviceFrom(trusted);
      for (let i = 0; i < 4; i++) expect((await strict.login('owner@acme.test', { password: `typo ${i}` }, { ip, cookie: renewed })).statusCode).toBe(401);
      expect((await strict.login('owner@acme.test', {}, { ip, cookie: renewed })).statusCode).toBe(429);
      strict.clock.advance(15 * MINUTE);
      expect((await strict.login('owner@acme.test', {}, { ip, cookie: renewed })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('a password change invalidates the login’s device cookies and gives the browser that changed it a new one', async () => {
    await h.account('agent', 'Pat Change', 'pat@acme.test');
    const laptop = await h.login('pat@acme.test');
    const laptopDevice = deviceFrom(laptop);
    const phone = await h.login('pat@acme.test');
    const changed = await h.request('POST', '/api/auth/password', { cookie: cookieFrom(phone), body: { current: PASSWORD, next: 'a brand new password' } });
    expect(changed.statusCode).toBe(200);
    const phoneDevice = deviceFrom(changed);

    for (let i = 0; i < 5; i++) await h.login('pat@acme.test', { password: `guess ${i}` });
    expect((await h.login('pat@acme.test', { password: 'a brand new password' }, { cookie: laptopDevice })).statusCode).toBe(429);
    expect((await h.login('pat@acme.test', { password: 'a brand new password' }, { cookie: phoneDevice })).statusCode).toBe(200);
  });

  it('on https the device cookie is __Host-gatehouse_device and Secure, and the plain name counts for nothing', async () => {
    const secure = await Harness.start(backend, { COOKIE_SECURE: 'true' });
    try {
      const header = (await secure.login('owner@acme.test')).headers['set-cookie'];
      const line = (Array.isArray(header) ? header : [header ?? '']).find((h) => h.startsWith(`__Host-${DEVICE_COOKIE_NAME}=`));
      expect(line).toMatch(/; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure$/);
      const value = line!.slice(line!.indexOf('=') + 1, line!.indexOf(';'));
      for (let i = 0; i < 5; i++) await secure.login('owner@acme.test', { password: `guess ${i}` });
      expect((await secure.login('owner@acme.test', {}, { cookie: `${DEVICE_COOKIE_NAME}=${value}` })).statusCode).toBe(429);
      expect((await secure.login('owner@acme.test', {}, { cookie: `__Host-${DEVICE_COOKIE_NAME}=${value}` })).statusCode).toBe(200);
    } finally {
      await secure.close();
    }
  });

  it('keeps the counters in the database and the sweep forgets expired ones', async () => {
    const count = async () => (await h.db.kysely.selectFrom('login_guard').select('key').execute()).length;
    await h.login('nobody-at-all@acme.test', { password: 'wrong password' }, { ip: '192.0.2.99' });
    expect(await count()).toBeGreaterThan(0);
    h.clock.advance(DAY + MINUTE);
    expect(await h.services.auth.pruneFailures()).toBeGreaterThan(0);
    expect(await count()).toBe(0);
  });
});

describe.skipIf(!inject('pgAdminUrl'))('sign-in lockout across two nodes on one PostgreSQL database', () => {
  let nodes: PgNodes | undefined;
  let db: Db;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    buildServer();
    nodes = await startTwoNodes({ LOGIN_MAX_FAILURES: '3', IP_MAX_FAILURES: '3' }, ['node-a', 'node-b'], (db) => seedAcme(db));
    ({ db, a, b } = nodes);
  }, 120_000);

  afterAll(() => nodes?.stop());

  const login = async (node: Node, password: string, cookie?: string) => {
    const res = await fetch(`${node.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ workspace: 'acme', email: 'owner@acme.test', password }),
    });
    const device = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE_NAME}=`));
    return { status: res.status, device: device?.split(';')[0], body: await res.text() };
  };

  it('failures on node A count on node B, and a device cookie signed by A is trusted by B', async () => {
    const first = await login(a, PASSWORD);
    expect(first.status).toBe(200);
    expect(first.device).toBeDefined();

    expect((await login(a, 'guess one')).status).toBe(401);
    expect((await login(b, 'guess two')).status).toBe(401);
    expect((await login(a, 'guess three')).status).toBe(401);
    const row = await db.kysely.selectFrom('login_guard').selectAll().where('key', '=', 'login:acme\nowner@acme.test').executeTakeFirstOrThrow();
    expect(row.failures).toBe(3);

    // Three failures from this address, two of them on A: B refuses the next untrusted attempt.
    const onB = await login(b, PASSWORD);
    expect(onB.status, onB.body).toBe(429);
    // The browser that signed in on A is trusted on B (one signing key for every node).
    const trusted = await login(b, PASSWORD, first.device);
    expect(trusted.status, trusted.body).toBe(200);

    // A trusted device's failures on both nodes land in one counter.
    expect((await login(a, 'typo', trusted.device)).status).toBe(401);
    expect((await login(b, 'typo', trusted.device)).status).toBe(401);
    const nonce = trusted.device!.slice(trusted.device!.indexOf('=') + 1).split('.')[0]!;
    expect((await db.kysely.selectFrom('login_guard').select('failures').where('key', '=', `device:${nonce}`).executeTakeFirstOrThrow()).failures).toBe(2);
  });
});
