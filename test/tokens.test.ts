import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { backends } from './helpers/backends.js';
import { Harness, PASSWORD } from './helpers/harness.js';

// Personal access tokens ("authorized apps"): a person's credential for a script, acting as the
// account they were signed in to, within its scope and that account's grants, never the console.
describe.each(backends())('personal access tokens on $name', (backend) => {
  let h: Harness;
  let owner: string;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
  });
  afterAll(() => h?.close());

  const make = async (cookie: string, scope: 'read' | 'full', name = `Token ${scope}`, expiresInDays = 30) => {
    const res = await h.request('POST', '/api/me/tokens', { cookie, body: { name, scope, expiresInDays } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { token: { id: string; prefix: string; status: string }; secret: string };
  };
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, secret: string, body?: unknown) =>
    h.request(method, url, { headers: { authorization: `Bearer ${secret}` }, ...(body !== undefined ? { body } : {}) });
  const ownTokens = async (cookie: string) =>
    (await h.request('GET', '/api/me/tokens', { cookie })).json().tokens as { id: string; status: string; revokeReason: string | null; lastUsedAt: string | null }[];

  it('shows the secret once, keeps only its hash, and acts as the account it was made from', async () => {
    await h.account('admin', 'Sid Scripts', 'sid@acme.test', ['team.agents']);
    const cookie = await h.signIn('sid@acme.test');
    const { token, secret } = await make(cookie, 'read', 'Reporting script');
    expect(secret).toMatch(/^ghpat_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'Reporting script', scope: 'read', status: 'active', prefix: secret.slice(0, 12), account: { name: 'Sid Scripts', role: 'admin' } });
    expect(JSON.stringify(await h.db.kysely.selectFrom('access_tokens').selectAll().execute())).not.toContain(secret.slice(12));
    const me = await call('GET', '/api/me', secret);
    expect(me.statusCode).toBe(200);
    expect(me.json().account).toMatchObject({ email: 'sid@acme.test', role: 'admin' });
    expect(me.json().session.id).toBe(token.id);
    // Its account's grants bound it: Team › Agents yes, Team › Administrators no.
    expect((await call('GET', '/api/team/agents', secret)).statusCode).toBe(200);
    expect((await call('GET', '/api/team/admins', secret)).statusCode).toBe(403);
    const listed = await ownTokens(cookie);
    expect(listed.find((t) => t.id === token.id)!.lastUsedAt).not.toBeNull();
  });

  it('lets a read-only token read and nothing more; a full one change what its account may', async () => {
    const agent = await h.account('agent', 'Ann Target', 'ann@acme.test');
    const annCookie = await h.signIn('ann@acme.test');
    const read = await make(owner, 'read');
    const full = await make(owner, 'full');
    const refused = await call('POST', `/api/team/accounts/${agent.id}/end-sessions`, read.secret);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('read-only');
    expect((await h.request('GET', '/api/me', { cookie: annCookie })).statusCode).toBe(200);
    const ended = await call('POST', `/api/team/accounts/${agent.id}/end-sessions`, full.secret);
    expect(ended.json()).toEqual({ ended: 1 });
    expect((await h.request('GET', '/api/me', { cookie: annCookie })).statusCode).toBe(401);
    // The audit row names the token as how the change was made.
    const row = await h.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'session.ended')
      .where('target_account_id', '=', agent.id)
      .executeTakeFirstOrThrow();
    expect(row.actor_account_id).toBe(h.owner.id);
  });

  it('never opens the console: no sign-out, switch, password, live connection, keys or tokens with a token', async () => {
    const full = await make(owner, 'full');
    for (const [method, url, body] of [
      ['POST', '/api/auth/logout', undefined],
      ['POST', '/api/auth/switch', { account: 'agent' }],
      ['POST', '/api/auth/password', { current: PASSWORD, next: 'another long password' }],
      ['GET', '/api/live', undefined],
      ['GET', '/api/integrations/keys', undefined],
      ['POST', '/api/integrations/keys', { name: 'From a token' }],
      ['POST', '/api/me/tokens', { name: 'Token from a token', scope: 'full', expiresInDays: 365 }],
      ['GET', '/api/me/tokens', undefined],
    ] as const) {
      const res = await call(method, url, full.secret, body);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 401 });
    }
    // A service key is not a token.
    const key = (await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Not a token' } })).json().secret;
    expect((await call('GET', '/api/me', key)).statusCode).toBe(401);
  });

  it('expires', async () => {
    const short = await make(owner, 'read', 'One day', 1);
    expect((await call('GET', '/api/me', short.secret)).statusCode).toBe(200);
    h.clock.advance(DAY);
    try {
      const res = await call('GET', '/api/me', short.secret);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
      expect((await ownTokens(await h.signIn('owner@acme.test'))).find((t) => t.id === short.token.id)!.status).toBe('expired');
    } finally {
      owner = await h.signIn('owner@acme.test');
    }
  });

  it('is refused from the moment its owner or an administrator revokes it', async () => {
    await h.account('agent', 'Rob Revoke', 'rob@acme.test');
    const rob = await h.signIn('rob@acme.test');
    const mine = await make(rob, 'read');
    expect((await call('GET', '/api/me', mine.secret)).statusCode).toBe(200);
    expect((await h.request('DELETE', `/api/me/tokens/${mine.token.id}`, { cookie: rob })).json()).toEqual({ revoked: 1 });
    expect((await call('GET', '/api/me', mine.secret)).statusCode).toBe(401);

    const other = await make(rob, 'read');
    // Nobody else revokes it from their own My account: not found.
    expect((await h.request('DELETE', `/api/me/tokens/${other.token.id}`, { cookie: owner })).statusCode).toBe(404);
    const listed = (await h.request('GET', '/api/integrations/tokens', { cookie: owner })).json().tokens as { id: string }[];
    expect(listed.map((t) => t.id)).toContain(other.token.id);
    expect((await h.request('DELETE', `/api/integrations/tokens/${other.token.id}`, { cookie: owner })).json()).toEqual({ revoked: 1 });
    expect((await call('GET', '/api/me', other.secret)).statusCode).toBe(401);
    const audit = (await h.request('GET', '/api/audit?type=token.created,token.revoked', { cookie: owner })).json().events as {
      type: string;
      detail: { token: string; reason?: string };
    }[];
    expect(audit.filter((e) => e.detail.token === other.token.id).map((e) => e.type)).toEqual(['token.revoked', 'token.created']);
  });

  it("keeps a sub-administrator from revoking the primary administrator's tokens (rule 1)", async () => {
    await h.account('admin', 'Ivy Integrations', 'ivy@acme.test', ['integrations']);
    const ivy = await h.signIn('ivy@acme.test');
    const ownersToken = await make(owner, 'read');
    const res = await h.request('DELETE', `/api/integrations/tokens/${ownersToken.token.id}`, { cookie: ivy });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('primary_admin_protected');
    expect((await call('GET', '/api/me', ownersToken.secret)).statusCode).toBe(200);
  });

  it('is revoked for good when its account is disabled', async () => {
    const dora = await h.account('agent', 'Dora Disabled', 'dora@acme.test');
    const cookie = await h.signIn('dora@acme.test');
    const made = await make(cookie, 'full');
    await h.request('PATCH', `/api/team/accounts/${dora.id}`, { cookie: owner, body: { disabled: true } });
    expect((await call('GET', '/api/me', made.secret)).statusCode).toBe(401);
    await h.request('PATCH', `/api/team/accounts/${dora.id}`, { cookie: owner, body: { disabled: false } });
    expect((await call('GET', '/api/me', made.secret)).statusCode).toBe(401);
    const row = await h.db.kysely.selectFrom('access_tokens').select(['revoked_at', 'revoke_reason']).where('id', '=', made.token.id).executeTakeFirstOrThrow();
    expect(row.revoke_reason).toBe('account_disabled');
  });

  it("is revoked when the login's password changes, for both of its accounts", async () => {
    await h.account('agent', 'Paz Linked', 'paz@acme.test');
    await h.account('admin', 'Paz Linked', 'paz@acme.test', ['audit']);
    const asAgent = await h.signIn('paz@acme.test', 'agent');
    const asAdmin = await h.signIn('paz@acme.test', 'admin');
    const agentToken = await make(asAgent, 'read');
    const adminToken = await make(asAdmin, 'read');
    const changed = await h.request('POST', '/api/auth/password', { cookie: asAgent, body: { current: PASSWORD, next: 'a fresh long password' } });
    expect(changed.statusCode).toBe(200);
    for (const t of [agentToken, adminToken]) expect((await call('GET', '/api/me', t.secret)).statusCode).toBe(401);
    const reasons = (await ownTokens(asAgent)).map((t) => t.revokeReason);
    expect(reasons).toEqual(['password_changed', 'password_changed']);
  });

  it('refuses bad input: no name, an unknown scope, no expiry or one past a year', async () => {
    for (const body of [
      { name: '', scope: 'read', expiresInDays: 7 },
      { name: 'x', scope: 'admin', expiresInDays: 7 },
      { name: 'x', scope: 'read' },
      { name: 'x', scope: 'read', expiresInDays: 366 },
      { name: 'x', scope: 'read', expiresInDays: 0 },
    ]) {
      const res = await h.request('POST', '/api/me/tokens', { cookie: owner, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });
});
