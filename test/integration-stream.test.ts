import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatehouse } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MAX_STREAMS_PER_KEY } from '../src/integrations/streams.js';
import { backends } from './helpers/backends.js';
import { Harness, PASSWORD, cookieFrom } from './helpers/harness.js';
import { openSse, type SseConnection } from './helpers/sse.js';

// GET /api/integrations/stream over real connections: apps that cache introspection answers
// hear of every ended session of their workspace, and lose the stream with their key.
describe.each(backends())('revocation stream on $name', (backend) => {
  let h: Harness;
  let base: string;
  let owner: string;
  const open: SseConnection[] = [];

  beforeAll(async () => {
    h = await Harness.start(backend);
    base = await h.listen();
    owner = await h.signIn('owner@acme.test');
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await h?.close();
  });

  const newKey = async (name: string) => {
    const res = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name } });
    expect(res.statusCode).toBe(201);
    return { secret: res.json().secret as string, id: res.json().key.id as string };
  };
  const stream = async (secret: string, headers: Record<string, string> = {}) => {
    const c = await openSse(`${base}/api/integrations/stream`, { authorization: `Bearer ${secret}`, ...headers });
    open.push(c);
    return c;
  };
  const agentSession = async (email: string) => {
    const account = await h.account('agent', email.split('@')[0]!, email);
    const res = await h.login(email);
    return { account, cookie: cookieFrom(res), sessionId: res.json().session.id as string };
  };

  it('says ready, then tells of every session of its workspace that ends, with who and why', async () => {
    const { secret } = await newKey('Inbox');
    const c = await stream(secret);
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(c.headers.get('cache-control')).toBe('no-store');
    await c.waitFor((e) => e.event === 'ready');

    const { account, sessionId } = await agentSession('ended@acme.test');
    expect((await h.request('DELETE', `/api/sessions/${sessionId}`, { cookie: owner })).statusCode).toBe(200);
    const ended = await c.waitFor((e) => e.event === 'session.ended');
    expect(JSON.parse(ended.data)).toEqual({ sid: sessionId, sub: account.id, reason: 'ended_by_admin' });

    // A sign-out is an end too.
    const other = await agentSession('leaver@acme.test');
    await h.request('POST', '/api/auth/logout', { cookie: other.cookie });
    const out = await c.waitFor((e) => e.event === 'session.ended' && JSON.parse(e.data).sid === other.sessionId);
    expect(JSON.parse(out.data).reason).toBe('signed_out');
  });

  it('never tells one workspace of another workspace’s sessions', async () => {
    const { secret } = await newKey('Quiet');
    const c = await stream(secret);
    await c.waitFor((e) => e.event === 'ready');
    const ws = await h.createWorkspace({ slug: `other${backend.name}`, name: 'Other', adminName: 'Otto', adminEmail: 'otto@other.test' });
    const otto = await h.login('otto@other.test', { workspace: ws.workspace.slug });
    await h.request('POST', '/api/auth/logout', { cookie: cookieFrom(otto) });
    // An end of this workspace after it arrives; the other workspace's end never did.
    const mine = await agentSession(`marker-${backend.name}@acme.test`);
    await h.request('DELETE', `/api/sessions/${mine.sessionId}`, { cookie: owner });
    await c.waitFor((e) => e.event === 'session.ended' && JSON.parse(e.data).sid === mine.sessionId);
    expect(c.events.filter((e) => e.event === 'session.ended').map((e) => JSON.parse(e.data).sid)).toEqual([mine.sessionId]);
  });

  it('refuses cookies, other credentials and no credentials with 401', async () => {
    const variants: Record<string, string>[] = [{ cookie: owner }, { authorization: 'Bearer ghsk_not-a-key' }, {}];
    for (const headers of variants) {
      const res = await fetch(`${base}/api/integrations/stream`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
  });

  it(`holds at most ${MAX_STREAMS_PER_KEY} streams per key, answering 429 too_many_streams past it`, async () => {
    const { secret } = await newKey('Greedy');
    const streams = [];
    for (let i = 0; i < MAX_STREAMS_PER_KEY; i++) streams.push(await stream(secret));
    expect(streams.map((s) => s.status)).toEqual(streams.map(() => 200));
    const refused = await fetch(`${base}/api/integrations/stream`, { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    // Another key is not limited by this one's streams.
    expect((await stream((await newKey('Modest')).secret)).status).toBe(200);
    // A stream the client closes frees its place (bounded poll: the server sees the close).
    streams[0]!.close();
    let again: SseConnection | undefined;
    for (let i = 0; i < 50 && again?.status !== 200; i++) {
      again?.close();
      again = await stream(secret);
      if (again.status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(again?.status).toBe(200);
  });

  it('closes a revoked key’s open streams when the revocation returns', async () => {
    const { secret, id } = await newKey('Doomed');
    const c = await stream(secret);
    await c.waitFor((e) => e.event === 'ready');
    let closed = false;
    void c.ended.then(() => (closed = true));
    expect((await h.request('DELETE', `/api/integrations/keys/${id}`, { cookie: owner })).json()).toEqual({ revoked: 1 });
    await c.ended;
    expect(closed).toBe(true);
    expect((await fetch(`${base}/api/integrations/stream`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
  });

  if (backend.name === 'postgres') {
    it('carries ends and revocations from another node', async () => {
      const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: h.services.config.databaseUrl!, NODE_ID: 'stream-node-b' });
      const { app: nodeB }: { app: FastifyInstance } = await buildGatehouse({ config, db: h.db, clock: h.clock });
      try {
        const { secret, id } = await newKey('Cross-node');
        const c = await stream(secret);
        await c.waitFor((e) => e.event === 'ready');
        const { sessionId } = await agentSession('far@acme.test');
        const ownerOnB = cookieFrom(
          await nodeB.inject({ method: 'POST', url: '/api/auth/login', payload: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD } }),
        );
        expect((await nodeB.inject({ method: 'DELETE', url: `/api/sessions/${sessionId}`, headers: { cookie: ownerOnB } })).statusCode).toBe(200);
        await c.waitFor((e) => e.event === 'session.ended' && JSON.parse(e.data).sid === sessionId);

        // Revoked on node B: node A closes the stream within its one-second check.
        expect((await nodeB.inject({ method: 'DELETE', url: `/api/integrations/keys/${id}`, headers: { cookie: ownerOnB } })).json()).toEqual({ revoked: 1 });
        await c.ended;
      } finally {
        await nodeB.close();
      }
    });
  }
});
