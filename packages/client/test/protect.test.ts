import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/helpers/backends.js';
import type { Harness } from '../../../test/helpers/harness.js';
import { gatehouseExpress } from '../src/express.js';
import { gatehouseFastify } from '../src/fastify.js';
import { createGatehouseGuard, type GatehouseGuard, type GatehouseGuardOptions } from '../src/guard.js';
import { agentSession, controlledNetwork, startGatehouse, until } from './gatehouse.js';

// The package against a real Gatehouse: a protected Fastify app (and a plain Node server using
// the Express middleware) in front of it, the network between them real except that the test
// can cut the revocation stream.
describe.each(backends())('protecting an app on $name', (backend) => {
  let h: Harness;
  let url: string;
  let owner: string;
  let serviceKey: string;
  const closers: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    ({ h, url, owner, serviceKey } = await startGatehouse(backend));
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  afterAll(async () => {
    // Connections the cut streams left behind that never carried a request (the client gave up
    // while connecting) count as busy for Node until its headers timeout (60 s): drop them.
    h?.app.server.closeAllConnections();
    await h?.close();
  });

  /** A Fastify app with one protected route answering the session's claims, and its guard. */
  async function protectedApp(
    extra: Partial<GatehouseGuardOptions> = {},
  ): Promise<{ app: FastifyInstance; guard: GatehouseGuard; net: ReturnType<typeof controlledNetwork> }> {
    const net = controlledNetwork();
    const guard = createGatehouseGuard({ url, serviceKey, fetch: net.fetch, ...extra });
    const app = Fastify();
    await app.register(gatehouseFastify, { guard });
    app.get('/inbox', async (request) => ({ sub: request.gatehouse?.sub, sid: request.gatehouse?.sid }));
    closers.push(async () => {
      guard.close();
      await app.close();
    });
    return { app, guard, net };
  }
  const visit = (app: FastifyInstance, cookie: string) => app.inject({ method: 'GET', url: '/inbox', headers: { cookie }, remoteAddress: '127.0.0.1' });
  const endSession = async (sessionId: string) => expect((await h.request('DELETE', `/api/sessions/${sessionId}`, { cookie: owner })).statusCode).toBe(200);

  it('lets an active session in with its claims, and refuses no cookie or a bad one with 401 JSON', async () => {
    const { app } = await protectedApp();
    const s = await agentSession(h);
    const ok = await visit(app, `gatehouse_session=${s.token}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ sub: s.accountId, sid: s.sessionId });
    const none = await app.inject({ method: 'GET', url: '/inbox' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
    const bad = await visit(app, `gatehouse_session=${'x'.repeat(43)}`);
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('session_inactive');
    expect(bad.headers['content-type']).toContain('application/json');
  });

  it('reads __Host-gatehouse_session first, then gatehouse_session, then a Bearer token', async () => {
    const { app } = await protectedApp({ cache: false });
    const s = await agentSession(h);
    const bogus = 'y'.repeat(43);
    expect((await visit(app, `gatehouse_session=${bogus}; __Host-gatehouse_session=${s.token}`)).statusCode).toBe(200);
    expect((await visit(app, `__Host-gatehouse_session=${bogus}; gatehouse_session=${s.token}`)).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/inbox', headers: { authorization: `Bearer ${s.token}` } })).statusCode).toBe(200);
  });

  it('reuses an answer only while the revocation stream is live; with it down, asks Gatehouse every time', async () => {
    const { app, guard, net } = await protectedApp();
    await until(() => guard.streaming, 'the stream is live');
    const s = await agentSession(h);
    const cookie = `gatehouse_session=${s.token}`;
    const before = guard.introspections;
    for (let i = 0; i < 3; i++) expect((await visit(app, cookie)).statusCode).toBe(200);
    expect(guard.introspections - before).toBe(1);

    net.cutStreams();
    await until(() => !guard.streaming, 'the stream is down');
    const down = guard.introspections;
    for (let i = 0; i < 3; i++) expect((await visit(app, cookie)).statusCode).toBe(200);
    expect(guard.introspections - down).toBe(3);

    // Back with back-off; the cache starts empty, then serves again.
    net.restoreStreams();
    await until(() => guard.streaming, 'the stream is live again', 15_000);
    const up = guard.introspections;
    for (let i = 0; i < 3; i++) expect((await visit(app, cookie)).statusCode).toBe(200);
    expect(guard.introspections - up).toBe(1);
  });

  it('evicts an ended session at once, long before its cached answer would expire', async () => {
    // A cache that would otherwise hold for a minute: only the stream's event can explain a refusal.
    const { app, guard } = await protectedApp({ cacheTtlMs: 60_000 });
    await until(() => guard.streaming, 'the stream is live');
    const s = await agentSession(h);
    const cookie = `gatehouse_session=${s.token}`;
    expect((await visit(app, cookie)).statusCode).toBe(200);
    expect((await visit(app, cookie)).statusCode).toBe(200);
    const cached = guard.introspections;

    await endSession(s.sessionId);
    const ended = Date.now();
    await until(async () => (await visit(app, cookie)).statusCode === 401, 'the ended session is refused');
    expect(guard.introspections).toBeGreaterThan(cached);
    // Whatever the machine's speed, a request that starts a second after the end returned is refused.
    await new Promise((r) => setTimeout(r, Math.max(0, ended + 1000 - Date.now())));
    const late = await visit(app, cookie);
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('session_inactive');
  });

  it('refuses an ended session with the stream down, by asking Gatehouse', async () => {
    const { app, guard, net } = await protectedApp({ cacheTtlMs: 60_000 });
    await until(() => guard.streaming, 'the stream is live');
    const s = await agentSession(h);
    const cookie = `gatehouse_session=${s.token}`;
    expect((await visit(app, cookie)).statusCode).toBe(200);
    net.cutStreams();
    await until(() => !guard.streaming, 'the stream is down');
    await endSession(s.sessionId);
    expect((await visit(app, cookie)).statusCode).toBe(401);
  });

  it('protects a plain Node server with the Express middleware, req.gatehouse set', async () => {
    const middleware = gatehouseExpress({ url, serviceKey });
    const server: Server = createServer((req, res) =>
      middleware(req, res, () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ sid: (req as { gatehouse?: { sid: string } }).gatehouse?.sid }));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      middleware.guard.close();
      await new Promise((resolve) => server.close(resolve));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await until(() => middleware.guard.streaming, 'the stream is live');
    const s = await agentSession(h);
    const ok = await fetch(`${base}/`, { headers: { cookie: `gatehouse_session=${s.token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sid: s.sessionId });
    await endSession(s.sessionId);
    await until(async () => (await fetch(`${base}/`, { headers: { cookie: `gatehouse_session=${s.token}` } })).status === 401, 'the ended session is refused');
    const refused = await fetch(`${base}/`, { headers: { cookie: `gatehouse_session=${s.token}` } });
    expect(await refused.json()).toMatchObject({ error: { code: 'session_inactive' } });
  });

  it('answers 503 when Gatehouse cannot be asked, never letting a request in on a guess', async () => {
    const dead = Fastify();
    await dead.listen({ port: 0, host: '127.0.0.1' });
    const deadUrl = `http://127.0.0.1:${(dead.server.address() as AddressInfo).port}`;
    await dead.close();
    const guard = createGatehouseGuard({ url: deadUrl, serviceKey, cache: false });
    const app = Fastify();
    await app.register(gatehouseFastify, { guard });
    app.get('/inbox', async () => ({ ok: true }));
    closers.push(() => app.close());
    const res = await visit(app, `gatehouse_session=${'z'.repeat(43)}`);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('gatehouse_unavailable');
  });
});
