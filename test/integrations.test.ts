import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/lib/clock.js';
import { backends } from './helpers/backends.js';
import { Harness, cookieFrom, tokenOf } from './helpers/harness.js';

// Other apps of a workspace ask Gatehouse whether a session is valid: POST /api/introspect with
// a service key. Every refusal the console makes must hold there too, at once.
describe.each(backends())('service keys and introspection on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let key: string;
  let keyId: string;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
    const created = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Inbox' } });
    expect(created.statusCode).toBe(201);
    ({ secret: key } = created.json());
    keyId = created.json().key.id;
  });
  afterAll(() => h?.close());

  /** Asks with this file's key, another one, or (null) none at all. */
  const introspect = (token: string, extra: Record<string, unknown> = {}, secret: string | null = key) =>
    h.request('POST', '/api/introspect', { body: { token, ...extra }, headers: secret ? { authorization: `Bearer ${secret}` } : {} });

  const lastSeen = async (sessionId: string) =>
    (await h.db.kysely.selectFrom('sessions').select('last_seen_at').where('id', '=', sessionId).executeTakeFirstOrThrow()).last_seen_at;

  async function agentSession(name: string, email: string, ip = '127.0.0.1') {
    const account = await h.account('agent', name, email);
    const res = await h.login(email, {}, { ip });
    const cookie = cookieFrom(res);
    return { account, cookie, token: tokenOf(cookie), sessionId: res.json().session.id as string };
  }

  it('shows the secret once and keeps only its hash', async () => {
    const created = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Chat widget' } });
    const { secret, key: shown } = created.json();
    expect(secret).toMatch(/^ghsk_[A-Za-z0-9_-]{43}$/);
    expect(shown).toMatchObject({
      name: 'Chat widget',
      status: 'active',
      prefix: secret.slice(0, 11),
      createdBy: { id: h.owner.id, name: 'Olivia Owner' },
      lastUsedAt: null,
      revokedAt: null,
    });
    const listed = (await h.request('GET', '/api/integrations/keys', { cookie: owner })).json().keys;
    expect(listed.map((k: { name: string }) => k.name)).toContain('Chat widget');
    expect(JSON.stringify(listed)).not.toContain(secret);
    const rows = await h.db.kysely.selectFrom('service_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(11));
  });

  it('answers an active session with its claims, in the shape of RFC 7662', async () => {
    const { account, token, sessionId } = await agentSession('Ivy Inbox', 'ivy@acme.test');
    const res = await introspect(token);
    expect(res.statusCode).toBe(200);
    const now = h.clock.now();
    expect(res.json()).toEqual({
      active: true,
      sub: account.id,
      sid: sessionId,
      role: 'agent',
      workspace: 'acme',
      iat: Math.floor(now / 1000),
      // The agent idle timeout (72 hours by default) comes before the 30-day lifetime.
      exp: Math.floor((now + 72 * HOUR) / 1000),
      name: 'Ivy Inbox',
      email: 'ivy@acme.test',
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('refuses a request without a key, with a wrong one, or with a session cookie', async () => {
    const { token, cookie } = await agentSession('Nick Nokey', 'nick@acme.test');
    for (const res of [
      await introspect(token, {}, null),
      await introspect(token, {}, 'ghsk_' + 'A'.repeat(43)),
      await introspect(token, {}, 'not a key'),
      await h.request('POST', '/api/introspect', { cookie, body: { token } }),
      await h.request('POST', '/api/introspect', { body: { token }, headers: { authorization: `Basic ${Buffer.from(`x:${key}`).toString('base64')}` } }),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
    }
  });

  it('answers inactive, and nothing else, for an ended, disabled, expired or unknown session', async () => {
    const ended = await agentSession('Eli Ended', 'eli@acme.test');
    expect((await introspect(ended.token)).json().active).toBe(true);
    await h.request('DELETE', `/api/sessions/${ended.sessionId}`, { cookie: owner });
    expect((await introspect(ended.token)).json()).toEqual({ active: false });

    const disabled = await agentSession('Dee Disabled', 'dee@acme.test');
    expect((await introspect(disabled.token)).json().active).toBe(true);
    await h.request('PATCH', `/api/team/accounts/${disabled.account.id}`, { cookie: owner, body: { disabled: true } });
    expect((await introspect(disabled.token)).json()).toEqual({ active: false });

    expect((await introspect('B'.repeat(43))).json()).toEqual({ active: false });
    expect((await introspect('short')).json()).toEqual({ active: false });
  });

  it('ends an idle session on the spot, as the console does', async () => {
    const idle = await agentSession('Ida Idle', 'ida@acme.test');
    h.clock.advance(72 * HOUR + MINUTE);
    try {
      expect((await introspect(idle.token)).json()).toEqual({ active: false });
      const row = await h.db.kysely.selectFrom('sessions').select(['ended_at', 'end_reason']).where('id', '=', idle.sessionId).executeTakeFirstOrThrow();
      expect(row.end_reason).toBe('idle_timeout');
    } finally {
      // Keep the other sessions of this file valid: sign the owner in again at the new time.
      owner = await h.signIn('owner@acme.test');
    }
  });

  it('writes last activity at most once a minute, however often it is asked', async () => {
    const s = await agentSession('Tom Touch', 'tom@acme.test');
    const before = await lastSeen(s.sessionId);
    for (let i = 0; i < 3; i++) expect((await introspect(s.token)).json().active).toBe(true);
    expect(await lastSeen(s.sessionId)).toBe(before);
    h.clock.advance(61_000);
    const touched = (await introspect(s.token)).json();
    expect(await lastSeen(s.sessionId)).toBe(h.clock.now());
    expect(touched.exp).toBe(Math.floor((h.clock.now() + 72 * HOUR) / 1000));
    h.clock.advance(30_000);
    await introspect(s.token);
    expect(await lastSeen(s.sessionId)).toBe(h.clock.now() - 30_000);
  });

  it('records when and from where a key was last used', async () => {
    const s = await agentSession('Una Used', 'una@acme.test');
    await h.request('POST', '/api/introspect', { body: { token: s.token }, headers: { authorization: `Bearer ${key}` }, ip: '198.51.100.20' });
    const listed = (await h.request('GET', '/api/integrations/keys', { cookie: owner })).json().keys.find((k: { id: string }) => k.id === keyId);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(['198.51.100.20', '127.0.0.1']).toContain(listed.lastUsedIp);
  });

  it('never answers for, nor touches, a session of another workspace', async () => {
    const other = await h.createWorkspace({ slug: 'rival', name: 'Rival', adminName: 'Rita Rival', adminEmail: 'rita@rival.test' });
    const rivalCookie = cookieFrom(await h.login('rita@rival.test', { workspace: 'rival' }));
    expect(other.workspace.slug).toBe('rival');
    const rivalKey = (await h.request('POST', '/api/integrations/keys', { cookie: rivalCookie, body: { name: 'Rival inbox' } })).json().secret;
    const mine = await agentSession('Mia Mine', 'mia@acme.test');
    h.clock.advance(61_000);
    const before = await lastSeen(mine.sessionId);
    expect((await introspect(mine.token, {}, rivalKey)).json()).toEqual({ active: false });
    expect(await lastSeen(mine.sessionId)).toBe(before);
    expect((await introspect(tokenOf(rivalCookie), {}, key)).json()).toEqual({ active: false });
    // Neither workspace sees or revokes the other's keys.
    expect((await h.request('DELETE', `/api/integrations/keys/${keyId}`, { cookie: rivalCookie })).statusCode).toBe(404);
    expect((await introspect(mine.token)).json().active).toBe(true);
  });

  it("applies the workspace's IP allow list to the address the service passes", async () => {
    const office = await agentSession('Otis Office', 'otis@acme.test');
    const saved = await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: ['127.0.0.0/8', '203.0.113.0/24'] } });
    expect(saved.statusCode).toBe(200);
    try {
      expect((await introspect(office.token, { ip: '203.0.113.50' })).json().active).toBe(true);
      expect((await introspect(office.token, { ip: '198.51.100.7' })).json()).toEqual({ active: false });
      expect((await introspect(office.token, { ip: '::ffff:203.0.113.50' })).json().active).toBe(true);
      const missing = await introspect(office.token);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.message).toContain('"ip"');
      expect((await introspect(office.token, { ip: 'not an address' })).statusCode).toBe(400);
    } finally {
      await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { ipAllowlist: [] } });
    }
  });

  it('refuses a revoked key from the moment the revoke returns, and records both in the audit log', async () => {
    const s = await agentSession('Rex Revoked', 'rex@acme.test');
    const created = (await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Short-lived' } })).json();
    expect((await introspect(s.token, {}, created.secret)).json().active).toBe(true);
    const revoked = await h.request('DELETE', `/api/integrations/keys/${created.key.id}`, { cookie: owner });
    expect(revoked.json()).toEqual({ revoked: 1 });
    expect((await introspect(s.token, {}, created.secret)).statusCode).toBe(401);
    expect((await h.request('DELETE', `/api/integrations/keys/${created.key.id}`, { cookie: owner })).json()).toEqual({ revoked: 0 });
    expect((await h.request('DELETE', '/api/integrations/keys/key_nope', { cookie: owner })).statusCode).toBe(404);
    const listed = (await h.request('GET', '/api/integrations/keys', { cookie: owner })).json().keys.find((k: { id: string }) => k.id === created.key.id);
    expect(listed).toMatchObject({ status: 'revoked', revokedBy: { id: h.owner.id, name: 'Olivia Owner' } });
    const audit = (await h.request('GET', '/api/audit?type=key.created,key.revoked', { cookie: owner })).json().events;
    expect(audit.filter((e: { detail: { key: string } }) => e.detail.key === created.key.id).map((e: { type: string }) => e.type)).toEqual(['key.revoked', 'key.created']);
    // The other keys still work.
    expect((await introspect(s.token)).json().active).toBe(true);
  });
});
