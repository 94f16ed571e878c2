import net from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { openPostgres } from '../../src/db/postgres.js';
import { COOKIE_NAME } from '../../src/http/auth.js';
import { createLocalBus } from '../../src/sessions/events.js';
import { backends } from '../helpers/backends.js';
import { Harness, PASSWORD } from '../helpers/harness.js';

/** A well-formed session cookie: it reaches the database (a malformed one is refused before). */
const SOME_COOKIE = `${COOKIE_NAME}=${'A'.repeat(43)}`;
const login = { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD };

/**
 * Asserts the outage answer: 503, the code, a sentence, Retry-After, and promptly: within the
 * pool's 1 s connection timeout and some room for a loaded machine, far from a hang.
 */
function expectUnavailable(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, started: number, within = 2000) {
  expect(res.statusCode).toBe(503);
  expect(res.json()).toEqual({ error: { code: 'database_unavailable', message: expect.stringMatching(/^[A-Z].*\.$/), retryAfterSeconds: expect.any(Number) } });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(Date.now() - started).toBeLessThan(within);
}

/**
 * An app whose PostgreSQL database cannot be reached: every route that needs the database answers
 * 503 database_unavailable at once (never a 500, never a wait), liveness stays 200 and readiness
 * says what failed. Needs no PostgreSQL server: the point is that there is none.
 */
describe.each([
  // Nothing listens: connections are refused at once.
  ['refused', async () => ({ url: 'postgres://postgres@127.0.0.1:1/gatehouse', close: async () => {} })],
  // A host that accepts the connection and never says a word: the pool's connection timeout ends the wait.
  [
    'silent',
    async () => {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((s) => sockets.add(s.on('error', () => {})));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        url: `postgres://postgres@127.0.0.1:${(server.address() as net.AddressInfo).port}/gatehouse`,
        close: async () => {
          for (const s of sockets) s.destroy();
          await new Promise((resolve) => server.close(resolve));
        },
      };
    },
  ],
] as const)('an app whose PostgreSQL database is unreachable (%s)', (_name, listen) => {
  let app: FastifyInstance;
  let db: Db;
  let target: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    target = await listen();
    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: target.url });
    db = openPostgres(target.url, 2);
    app = await buildApp({ config, db, bus: createLocalBus() });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await target?.close();
  });

  it('answers sign-in and an authenticated route with 503 database_unavailable', async () => {
    // The first request pays for compiling the routes' schemas; the timings below are the database's.
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: login })).statusCode).toBe(503);
    let started = Date.now();
    expectUnavailable(await app.inject({ method: 'POST', url: '/api/auth/login', payload: login }), started);
    started = Date.now();
    expectUnavailable(await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: SOME_COOKIE } }), started);
    started = Date.now();
    expectUnavailable(await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: SOME_COOKIE } }), started);
  });

  it('keeps /healthz at 200 and answers /readyz 503 with the reason', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const started = Date.now();
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^read failed/) });
    expect(Number(ready.headers['retry-after'])).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe.each(backends())('readiness on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => (h = await Harness.start(backend, { NODE_ID: 'ready-node' })));
  afterAll(async () => h?.close());

  it('is ready when the database answers a read and takes a write, and rewrites one row however often it is asked', async () => {
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1000);
      const res = await h.request('GET', '/readyz');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready' });
    }
    const rows = await sql<{ node_id: string; checked_at: number }>`select node_id, checked_at from gatehouse_health`.execute(h.db.kysely);
    expect(rows.rows).toEqual([{ node_id: 'ready-node', checked_at: h.clock.now() }]);
  });
});

/**
 * SQLite that cannot write (a full disk, a read-only file, another process holding the write
 * lock): sign-in and readiness answer 503, not 500, and reads go on being served. As root a
 * chmod does not stop writes, so the refusals are made from inside: `query_only` gives the
 * SQLITE_READONLY a read-only file gives, and a second connection holding the write lock gives
 * SQLITE_BUSY.
 */
describe('SQLite refusing writes', () => {
  let h: Harness;
  let cookie: string;
  const [sqlite] = backends();

  beforeAll(async () => {
    h = await Harness.start(sqlite!);
    cookie = await h.signIn('owner@acme.test');
  });
  afterAll(async () => h?.close());
  afterEach(async () => {
    await sql`pragma query_only = off`.execute(h.db.kysely);
    await sql`pragma busy_timeout = 5000`.execute(h.db.kysely);
  });

  const expectRefusingWrites = async () => {
    const ready = await h.request('GET', '/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^write failed/) });
    expect((await h.request('GET', '/healthz')).statusCode).toBe(200);
    const started = Date.now();
    expectUnavailable(await h.login('owner@acme.test'), started);
    // Reads still work: the signed-in owner is served.
    expect((await h.request('GET', '/api/me', { cookie })).statusCode).toBe(200);
    const started2 = Date.now();
    expectUnavailable(await h.request('POST', '/api/auth/logout', { cookie }), started2);
  };

  it('answers 503 while the file is read-only, and serves again once it is not', async () => {
    await sql`pragma query_only = on`.execute(h.db.kysely);
    await expectRefusingWrites();
    await sql`pragma query_only = off`.execute(h.db.kysely);
    expect((await h.request('GET', '/readyz')).statusCode).toBe(200);
    expect((await h.login('owner@acme.test')).statusCode).toBe(200);
  });

  it('answers 503 while another process holds the write lock past the busy timeout', async () => {
    const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(h.db.kysely);
    const other = new BetterSqlite3(rows[0]!.file);
    await sql`pragma busy_timeout = 50`.execute(h.db.kysely);
    try {
      other.exec('begin exclusive');
      await expectRefusingWrites();
      other.exec('rollback');
      expect((await h.request('GET', '/readyz')).statusCode).toBe(200);
      expect((await h.request('POST', '/api/auth/logout', { cookie })).statusCode).toBe(204);
    } finally {
      other.close();
    }
  });
});
