import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM } from '../src/access/actor.js';
import { buildGatehouse } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDb, type Db } from '../src/db/index.js';
import { systemClock } from '../src/lib/clock.js';
import { hashPassword } from '../src/lib/passwords.js';
import { addressKind } from '../src/webhooks/address.js';
import type { Dispatcher } from '../src/webhooks/dispatcher.js';
import { backends, createPgDatabase, type Backend } from './helpers/backends.js';
import { Harness, PASSWORD, cookieFrom } from './helpers/harness.js';
import { Receiver, type Received } from './helpers/receiver.js';

// Short waits between attempts, so a retry is seen in a test; the real schedule spans 34 hours.
const FAST = { clock: systemClock, intervalMs: 25, retryDelaysMs: [150, 150, 150, 150] };

interface Message {
  type: string;
  timestamp: string;
  data: Record<string, any>;
}

const bodyOf = (r: Received) => JSON.parse(r.body) as Message;
const verify = (secret: string, r: Received) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as Message;

describe.each(backends())('webhooks on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let receiver: Receiver;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    h = await Harness.start(backend, { WEBHOOKS_ALLOW_LOOPBACK: 'true' });
    // Signatures are dated by the wall clock (receivers refuse a timestamp minutes off), so the
    // app's clock starts from it too: a rotated-out secret's day is then a day of both clocks.
    h.clock.advance(Date.now() - h.clock.now());
    owner = await h.signIn('owner@acme.test');
    receiver = await Receiver.start();
    dispatcher = h.services.webhooks.startDispatcher(FAST);
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await receiver?.close();
    await h?.close();
  });

  async function register(path: string, events: string[], extra: Record<string, unknown> = {}) {
    const res = await h.request('POST', '/api/integrations/webhooks', { cookie: owner, body: { url: `${receiver.url}${path}`, events, ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { webhook: { id: string }; secret: string };
  }
  const remove = (id: string) => h.request('DELETE', `/api/integrations/webhooks/${id}`, { cookie: owner });
  const deliveryRows = (endpointId: string) => h.db.kysely.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).execute();
  const settled = async (endpointId: string) => (await deliveryRows(endpointId)).every((d) => d.status !== 'pending');

  async function revokeAKey(name: string) {
    const key = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name } });
    return h.request('DELETE', `/api/integrations/keys/${key.json().key.id}`, { cookie: owner });
  }

  it('sends every event exactly once to the endpoints that take it, signed as Standard Webhooks say', async () => {
    const all = await register('/all', ['session.started', 'session.ended', 'account.created', 'account.disabled', 'security.settings_changed', 'key.revoked']);
    const keysOnly = await register('/keys', ['key.revoked']);

    const created = await h.request('POST', '/api/team/agents', { cookie: owner, body: { name: 'Hook Agent', email: 'hook@acme.test', password: PASSWORD } });
    const agentId = created.json().account.id as string;
    const agentSession = (await h.login('hook@acme.test')).json().session.id as string;
    await h.request('PATCH', `/api/team/accounts/${agentId}`, { cookie: owner, body: { disabled: true } });
    await h.request('PATCH', '/api/settings/security', { cookie: owner, body: { agentIdleMinutes: 600 } });
    await revokeAKey('Hooked key');
    const mine = await h.signIn('owner@acme.test');
    await h.request('POST', '/api/auth/logout', { cookie: mine });

    await expect.poll(async () => ((await settled(all.webhook.id)) ? receiver.at('/all').length : -1), { timeout: 10_000 }).toBe(8);
    await expect.poll(() => receiver.at('/keys').length, { timeout: 10_000 }).toBe(1);
    // Nothing more arrives once everything is delivered.
    await dispatcher.runOnce();
    const got = receiver.at('/all');
    expect(got).toHaveLength(8);

    const messages = got.map((r) => verify(all.secret, r));
    expect(messages.map((m) => m.type).sort()).toEqual(
      ['account.created', 'account.disabled', 'key.revoked', 'security.settings_changed', 'session.ended', 'session.ended', 'session.started', 'session.started'].sort(),
    );
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(8);
    for (const r of got) {
      expect(r.headers['webhook-id']).toMatch(/^msg_/);
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      expect(r.headers['content-type']).toBe('application/json');
    }
    const ofType = (t: string) => messages.filter((m) => m.type === t);
    expect(ofType('account.created')[0]!.data).toMatchObject({
      workspaceId: h.workspace.id,
      account: { id: agentId, label: 'Hook Agent <hook@acme.test>' },
      role: 'agent',
      actor: { id: h.owner.id },
    });
    expect(ofType('account.disabled')[0]!.data).toMatchObject({ account: { id: agentId }, actor: { id: h.owner.id }, endedSessions: 1 });
    const ended = ofType('session.ended');
    expect(ended.find((m) => m.data.sessionId === agentSession)!.data).toMatchObject({
      reason: 'account_disabled',
      account: { id: agentId },
      actor: { id: h.owner.id, label: 'Olivia Owner <owner@acme.test>' },
    });
    expect(ended.find((m) => m.data.sessionId !== agentSession)!.data).toMatchObject({ reason: 'signed_out', account: { id: h.owner.id } });
    expect(ofType('security.settings_changed')[0]!.data).toMatchObject({ changes: { agentIdleMinutes: { to: 600 } } });
    expect(ofType('key.revoked')[0]!.data).toMatchObject({ key: { name: 'Hooked key' } });
    expect(
      ofType('session.started')
        .map((m) => m.data.account.id)
        .sort(),
    ).toEqual([agentId, h.owner.id].sort());

    // The key-only endpoint got the same message (same webhook-id), signed with its own secret.
    const keyMessage = receiver.at('/keys')[0]!;
    expect(verify(keysOnly.secret, keyMessage).type).toBe('key.revoked');
    expect(() => verify(all.secret, keyMessage)).toThrow();
    expect(got.map((r) => r.headers['webhook-id'])).toContain(keyMessage.headers['webhook-id']);

    // The list shows each endpoint's latest delivery; no secret is ever shown again.
    const listed = await h.request('GET', '/api/integrations/webhooks', { cookie: owner });
    const shown = listed.json().webhooks.find((w: { id: string }) => w.id === all.webhook.id);
    expect(shown).toMatchObject({ url: `${receiver.url}/all`, enabled: true, lastDelivery: { status: 'delivered', responseCode: 200 } });
    expect(listed.body).not.toContain(all.secret.slice(6));
    expect((await h.request('GET', `/api/integrations/webhooks/${all.webhook.id}`, { cookie: owner })).body).not.toContain(all.secret.slice(6));
    await remove(all.webhook.id);
    await remove(keysOnly.webhook.id);
  });

  it('retries an endpoint that is down, with the same message, until it answers 2xx', async () => {
    const hook = await register('/flaky', ['key.revoked']);
    receiver.answerNext('reset', 500, 503);
    await revokeAKey('Flaky key');
    await expect.poll(async () => (await deliveryRows(hook.webhook.id))[0]?.status, { timeout: 10_000 }).toBe('delivered');
    const got = receiver.at('/flaky');
    expect(got.map((r) => r.answered)).toEqual(['reset', 500, 503, 200]);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of got) expect(verify(hook.secret, r).type).toBe('key.revoked');

    const page = (await h.request('GET', `/api/integrations/webhooks/${hook.webhook.id}/deliveries`, { cookie: owner })).json();
    expect(page.deliveries).toHaveLength(1);
    expect(page.deliveries[0]).toMatchObject({ type: 'key.revoked', status: 'delivered', attempts: 4, responseCode: 200, lastError: null, nextAttemptAt: null });
    await remove(hook.webhook.id);
  });

  it('gives up after the last retry, and a re-send delivers the message again with the same webhook-id', async () => {
    const hook = await register('/gone', ['key.revoked']);
    receiver.answerNext(500, 500, 500, 500, 500);
    await revokeAKey('Gone key');
    await expect.poll(async () => (await deliveryRows(hook.webhook.id))[0]?.status, { timeout: 10_000 }).toBe('failed');
    const [failed] = (await h.request('GET', `/api/integrations/webhooks/${hook.webhook.id}/deliveries`, { cookie: owner })).json().deliveries;
    expect(failed).toMatchObject({ status: 'failed', attempts: 5, responseCode: 500, lastError: 'The endpoint answered 500.' });
    expect((await h.request('GET', `/api/integrations/webhooks/${hook.webhook.id}`, { cookie: owner })).json().webhook.lastDelivery).toMatchObject({
      status: 'failed',
      responseCode: 500,
    });

    const resent = await h.request('POST', `/api/integrations/webhooks/${hook.webhook.id}/deliveries/${failed.id}/resend`, { cookie: owner });
    expect(resent.statusCode).toBe(202);
    expect(resent.json().delivery).toMatchObject({ messageId: failed.messageId, status: 'pending', attempts: 0 });
    await expect.poll(async () => (await deliveryRows(hook.webhook.id)).find((d) => d.id === resent.json().delivery.id)?.status, { timeout: 10_000 }).toBe('delivered');
    const got = receiver.at('/gone');
    expect(got).toHaveLength(6);
    expect(got.at(-1)!.headers['webhook-id']).toBe(failed.messageId);

    const audit = (await h.request('GET', '/api/audit?type=webhook.created,webhook.redelivered', { cookie: owner })).json().events;
    expect(audit.filter((e: { detail: { webhook: string } }) => e.detail.webhook === hook.webhook.id).map((e: { type: string }) => e.type)).toEqual([
      'webhook.redelivered',
      'webhook.created',
    ]);
    await remove(hook.webhook.id);
  });

  it('writes no delivery for a change that rolled back', async () => {
    const hook = await register('/rollback', ['session.ended']);
    const agent = await h.account('agent', 'Rolled Back', 'rollback@acme.test');
    const sessionId = (await h.login('rollback@acme.test')).json().session.id as string;
    await expect(
      h.services.sessions.change(async (change) => {
        expect(await change.end({ workspaceId: h.workspace.id, accountIds: [agent.id] }, 'ended_by_admin', SYSTEM)).toHaveLength(1);
        // Inside the transaction the outbox row is there, beside the audit row.
        expect(await change.trx.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', hook.webhook.id).execute()).toHaveLength(1);
        throw new Error('a fault after the end');
      }),
    ).rejects.toThrow('a fault after the end');
    await dispatcher.runOnce();
    expect(await deliveryRows(hook.webhook.id)).toEqual([]);
    expect(receiver.at('/rollback')).toEqual([]);
    const session = await h.db.kysely.selectFrom('sessions').select('ended_at').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session.ended_at).toBeNull();
    await remove(hook.webhook.id);
  });

  it('rotates the secret: both signatures are sent for a day, the old secret then stops signing', async () => {
    const hook = await register('/rotate', ['key.revoked']);
    const rotated = await h.request('POST', `/api/integrations/webhooks/${hook.webhook.id}/rotate-secret`, { cookie: owner });
    expect(rotated.statusCode).toBe(200);
    const { secret, webhook } = rotated.json();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secret).not.toBe(hook.secret);
    expect(webhook.previousSecretValidUntil).toBe(new Date(h.clock.now() + 24 * 3600_000).toISOString());
    await revokeAKey('Rotation key');
    await expect.poll(() => receiver.at('/rotate').length, { timeout: 10_000 }).toBe(1);
    const [message] = receiver.at('/rotate');
    expect(String(message!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(secret, message!).type).toBe('key.revoked');
    expect(verify(hook.secret, message!).type).toBe('key.revoked');

    // Past the day, only the new secret signs.
    await h.db.kysely
      .updateTable('webhook_endpoints')
      .set({ previous_secret_expires_at: Date.now() - 1 })
      .where('id', '=', hook.webhook.id)
      .execute();
    await revokeAKey('Rotation key 2');
    await expect.poll(() => receiver.at('/rotate').length, { timeout: 10_000 }).toBe(2);
    const later = receiver.at('/rotate')[1]!;
    expect(verify(secret, later).type).toBe('key.revoked');
    expect(() => verify(hook.secret, later)).toThrow();
    const audit = (await h.request('GET', '/api/audit?type=webhook.secret_rotated', { cookie: owner })).json().events;
    expect(audit[0].detail).toMatchObject({ webhook: hook.webhook.id });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
    await remove(hook.webhook.id);
  });

  it('updates, disables, pages deliveries newest first, sends a test message, and deletes with audit rows', async () => {
    const hook = await register('/manage', ['key.revoked'], { description: 'Inbox' });
    const patched = await h.request('PATCH', `/api/integrations/webhooks/${hook.webhook.id}`, {
      cookie: owner,
      body: { events: ['key.revoked', 'account.created'], description: 'Inbox sync', enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().webhook).toMatchObject({ events: ['key.revoked', 'account.created'], description: 'Inbox sync', enabled: false });
    // Disabled: no delivery is written for it.
    await revokeAKey('While disabled');
    expect(await deliveryRows(hook.webhook.id)).toEqual([]);
    await h.request('PATCH', `/api/integrations/webhooks/${hook.webhook.id}`, { cookie: owner, body: { enabled: true } });

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const test = await h.request('POST', `/api/integrations/webhooks/${hook.webhook.id}/test`, { cookie: owner });
      expect(test.statusCode).toBe(202);
      ids.push(test.json().delivery.id);
      h.clock.advance(1000);
    }
    await expect.poll(() => receiver.at('/manage').length, { timeout: 10_000 }).toBe(3);
    expect(verify(hook.secret, receiver.at('/manage')[0]!)).toMatchObject({ type: 'webhook.test', data: { webhookId: hook.webhook.id } });
    const first = (await h.request('GET', `/api/integrations/webhooks/${hook.webhook.id}/deliveries?limit=2`, { cookie: owner })).json();
    expect(first.deliveries.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const second = (await h.request('GET', `/api/integrations/webhooks/${hook.webhook.id}/deliveries?limit=2&cursor=${first.nextCursor}`, { cookie: owner })).json();
    expect(second).toEqual({ deliveries: [expect.objectContaining({ id: ids[0], status: 'delivered' })], nextCursor: null });

    const badUrl = await h.request('PATCH', `/api/integrations/webhooks/${hook.webhook.id}`, { cookie: owner, body: { url: 'ftp://example.com/' } });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error).toMatchObject({ code: 'invalid_request', field: 'url', rule: 'format' });
    const badEvent = await h.request('POST', '/api/integrations/webhooks', { cookie: owner, body: { url: `${receiver.url}/x`, events: ['session.exploded'] } });
    expect(badEvent.statusCode).toBe(400);

    expect((await remove(hook.webhook.id)).json()).toEqual({ deleted: 1 });
    expect(await deliveryRows(hook.webhook.id)).toEqual([]);
    expect((await h.request('GET', `/api/integrations/webhooks/${hook.webhook.id}`, { cookie: owner })).statusCode).toBe(404);
    expect((await remove(hook.webhook.id)).statusCode).toBe(404);
    const audit = (await h.request('GET', '/api/audit?type=webhook.created,webhook.updated,webhook.deleted', { cookie: owner })).json().events;
    expect(audit.filter((e: { detail: { webhook: string } }) => e.detail.webhook === hook.webhook.id).map((e: { type: string }) => e.type)).toEqual([
      'webhook.deleted',
      'webhook.updated',
      'webhook.updated',
      'webhook.created',
    ]);
  });

  it('keeps a webhook of another workspace out of reach', async () => {
    const hook = await register('/mine', ['key.revoked']);
    const other = await h.createWorkspace({ slug: 'other-hooks', name: 'Other', adminName: 'Otto', adminEmail: 'otto@hooks.test' });
    const otto = cookieFrom(await h.login('otto@hooks.test', { workspace: other.workspace.slug }));
    expect((await h.request('GET', `/api/integrations/webhooks/${hook.webhook.id}`, { cookie: otto })).statusCode).toBe(404);
    expect((await h.request('DELETE', `/api/integrations/webhooks/${hook.webhook.id}`, { cookie: otto })).statusCode).toBe(404);
    expect((await h.request('GET', '/api/integrations/webhooks', { cookie: otto })).json().webhooks).toEqual([]);
    await remove(hook.webhook.id);
  });
});

describe.each(backends())('the webhook address guard on $name', (backend) => {
  let h: Harness;
  let owner: string;
  let receiver: Receiver;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'https://127.0.0.1/hook',
    'https://localhost/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://10.1.2.3/hook',
    'https://172.16.0.1/hook',
    'https://192.168.1.10/hook',
    'https://100.64.0.1/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:a9fe:a9fe]/hook',
    'https://[fd00::1]/hook',
    'https://[fe80::1]/hook',
    'https://0.0.0.0/hook',
    'https://user:pass@example.com/hook',
  ])('refuses %s at registration without WEBHOOKS_ALLOW_LOOPBACK', async (url) => {
    const res = await h.request('POST', '/api/integrations/webhooks', { cookie: owner, body: { url, events: ['key.revoked'] } });
    expect(res.statusCode, res.body).toBe(400);
    // A program (the console) tells a URL of the wrong form from a host where webhooks may not go.
    expect(res.json().error).toMatchObject({ code: 'invalid_request', field: 'url', rule: url.includes('@') || url.startsWith('http:') ? 'format' : 'public_address' });
    expect(await h.db.kysely.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
  });

  it('accepts a public https address', async () => {
    const res = await h.request('POST', '/api/integrations/webhooks', { cookie: owner, body: { url: 'https://93.184.215.14/hooks/gatehouse', events: ['key.revoked'] } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().secret).toMatch(/^whsec_/);
    await h.request('DELETE', `/api/integrations/webhooks/${res.json().webhook.id}`, { cookie: owner });
  });

  it('checks the address again at send time (a name that now resolves to a private address), and sends nothing there', async () => {
    // An endpoint whose name resolved publicly when it was registered, and to loopback now.
    const now = h.clock.now();
    await h.db.kysely
      .insertInto('webhook_endpoints')
      .values({
        id: 'whk_rebound',
        workspace_id: h.workspace.id,
        url: `${receiver.url.replace('http://127.0.0.1', 'https://localhost')}/rebound`,
        description: '',
        events: '["key.revoked"]',
        enabled: 1,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        previous_secret: null,
        previous_secret_expires_at: null,
        created_at: now,
        created_by: null,
        updated_at: now,
      })
      .execute();
    const key = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Rebound' } });
    await h.request('DELETE', `/api/integrations/keys/${key.json().key.id}`, { cookie: owner });
    const dispatcher = h.services.webhooks.startDispatcher({ ...FAST, retryDelaysMs: [] });
    try {
      await expect
        .poll(
          async () =>
            (await h.db.kysely.selectFrom('webhook_deliveries').select(['status', 'last_error']).where('endpoint_id', '=', 'whk_rebound').executeTakeFirst())?.status,
          { timeout: 10_000 },
        )
        .toBe('failed');
    } finally {
      await dispatcher.stop();
    }
    const row = await h.db.kysely.selectFrom('webhook_deliveries').select(['last_error', 'response_code']).where('endpoint_id', '=', 'whk_rebound').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ response_code: null, last_error: expect.stringContaining('private, loopback') });
    expect(receiver.received).toEqual([]);
  });
});

describe('what kind of address', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:a9fe:a9fe::1', 'forbidden'],
    ['10.0.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.1', 'public'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['fc00::1', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['fe80::1%eth0', 'forbidden'],
    ['::', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['not an address', 'forbidden'],
  ])('%s is %s', (ip, kind) => {
    expect(addressKind(ip)).toBe(kind);
  });
});

/** A node: an app and its services on a database another node may share; no Harness, so nothing is dropped when it closes. */
async function node(db: Db, url: string | undefined) {
  const config = loadConfig({ LOG_LEVEL: 'silent', WEBHOOKS_ALLOW_LOOPBACK: 'true', ...(url ? { DATABASE_URL: url } : {}) });
  return buildGatehouse({ config, db });
}

async function workspaceOn(db: Db, url: string | undefined) {
  const first = await node(db, url);
  await first.services.accounts.createWorkspace({
    slug: 'acme',
    name: 'Acme',
    adminName: 'Olivia Owner',
    adminEmail: 'owner@acme.test',
    adminPasswordHash: await hashPassword(PASSWORD),
    now: Date.now(),
  });
  return first;
}

const loginTo = async (app: Awaited<ReturnType<typeof node>>['app'], email = 'owner@acme.test') =>
  cookieFrom(await app.inject({ method: 'POST', url: '/api/auth/login', payload: { workspace: 'acme', email, password: PASSWORD } }));

describe.each(backends())('webhook delivery across a restart on $name', (backend: Backend) => {
  it('a node restarted mid-retry picks the delivery up again and it arrives once', async () => {
    const opened = await backend.open();
    const receiver = await Receiver.start();
    try {
      const first = await workspaceOn(opened.db, opened.url);
      const cookie = await loginTo(first.app);
      const hook = await first.app.inject({
        method: 'POST',
        url: '/api/integrations/webhooks',
        headers: { cookie },
        payload: { url: `${receiver.url}/restart`, events: ['key.revoked'] },
      });
      const { secret } = hook.json();
      receiver.answerNext(500);
      const key = await first.app.inject({ method: 'POST', url: '/api/integrations/keys', headers: { cookie }, payload: { name: 'Restart' } });
      await first.app.inject({ method: 'DELETE', url: `/api/integrations/keys/${key.json().key.id}`, headers: { cookie } });
      // The first attempt fails; the retry is an hour away by the real schedule when the node stops.
      const dispatcher = first.services.webhooks.startDispatcher({ intervalMs: 25, retryDelaysMs: [400] });
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      await dispatcher.stop();
      await first.app.close();
      const row = await opened.db.kysely.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'pending', attempts: 1, response_code: 500, locked_until: null });

      const second = await node(opened.db, opened.url);
      const again = second.services.webhooks.startDispatcher({ intervalMs: 25, retryDelaysMs: [400] });
      try {
        await expect
          .poll(async () => (await opened.db.kysely.selectFrom('webhook_deliveries').select('status').executeTakeFirstOrThrow()).status, { timeout: 10_000 })
          .toBe('delivered');
        await again.runOnce();
      } finally {
        await again.stop();
        await second.app.close();
      }
      expect(receiver.received.map((r) => r.answered)).toEqual([500, 200]);
      expect(receiver.received[0]!.headers['webhook-id']).toBe(receiver.received[1]!.headers['webhook-id']);
      expect(verify(secret, receiver.received[1]!).type).toBe('key.revoked');
    } finally {
      await receiver.close();
      await opened.cleanup();
    }
  });
});

describe.skipIf(!inject('pgAdminUrl'))('webhooks with two nodes on one PostgreSQL database', () => {
  it('sends each event once, whichever node claims it', async () => {
    const database = await createPgDatabase();
    const dbA = await openDb({ databaseUrl: database.url, poolSize: 4 });
    const dbB = await openDb({ databaseUrl: database.url, poolSize: 4 });
    const receiver = await Receiver.start();
    const a = await workspaceOn(dbA, database.url);
    const b = await node(dbB, database.url);
    // Small batches, polled often, by both nodes at once: they race for every delivery.
    const options = { intervalMs: 5, batchSize: 2 };
    const dispatchers = [a.services.webhooks.startDispatcher(options), b.services.webhooks.startDispatcher(options)];
    try {
      const cookie = await loginTo(a.app);
      const hook = await b.app.inject({
        method: 'POST',
        url: '/api/integrations/webhooks',
        headers: { cookie },
        payload: { url: `${receiver.url}/nodes`, events: ['session.started', 'session.ended'] },
      });
      expect(hook.statusCode).toBe(201);
      const sessions: string[] = [];
      for (let i = 0; i < 12; i++) {
        const on = i % 2 === 0 ? a.app : b.app;
        const signedIn = await on.inject({ method: 'POST', url: '/api/auth/login', payload: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD } });
        sessions.push(signedIn.json().session.id);
        await on.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: cookieFrom(signedIn) } });
      }
      await expect
        .poll(async () => (await dbA.kysely.selectFrom('webhook_deliveries').select('id').where('status', '=', 'delivered').execute()).length, { timeout: 20_000 })
        .toBe(24);
      await Promise.all(dispatchers.map((d) => d.runOnce()));
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(24);
      expect(new Set(ids).size).toBe(24);
      const messages = receiver.received.map(bodyOf);
      for (const id of sessions) {
        expect(
          messages
            .filter((m) => m.data.sessionId === id)
            .map((m) => m.type)
            .sort(),
        ).toEqual(['session.ended', 'session.started']);
      }
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await a.app.close();
      await b.app.close();
      await receiver.close();
      await dbA.close();
      await dbB.close();
      await database.drop();
    }
  });
});
