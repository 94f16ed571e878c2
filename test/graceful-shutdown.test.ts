import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/index.js';
import { PASSWORD } from './helpers/harness.js';
import { Tab } from './helpers/live.js';
import { buildServer, call, seedAcme, startNode, type Node } from './helpers/nodes.js';

/** A GET on a new connection. */
const get = (url: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .once('error', reject);
  });

/** How long the node keeps its port open after SIGTERM, answering readiness 503. */
const DELAY_MS = 3000;

/**
 * A rolling restart's stop, on a real process: SIGTERM drains the node (readiness 503, tabs told
 * to reconnect), a request already in flight still gets its answer after the port has closed,
 * and the process exits 0. Waits are on conditions, bounded far above what they need.
 */
describe('graceful shutdown on SIGTERM', () => {
  let dir: string;
  let node: Node;

  beforeAll(async () => {
    buildServer();
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-shutdown-'));
    const db = await openDb({ sqlitePath: path.join(dir, 'gatehouse.db') });
    await seedAcme(db);
    await db.close();
    node = await startNode({ DATA_DIR: dir, DATABASE_URL: '', SHUTDOWN_DELAY_MS: String(DELAY_MS), SHUTDOWN_TIMEOUT_MS: '20000' });
  }, 120_000);

  afterAll(async () => {
    await node?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the request in flight, moves the tab, turns readiness 503, and exits 0', async () => {
    const signIn = await call(node.url, 'POST', '/api/auth/login', { body: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD } });
    expect(signIn.status).toBe(200);
    const cookie = signIn.cookie!;
    const tab = await Tab.open(node.url, cookie);
    expect((await get(`${node.url}/readyz`)).status).toBe(200);

    // A slow client: its request's headers and half its body are in, the rest comes later.
    const body = JSON.stringify({ workspace: 'acme', email: 'owner@acme.test', password: PASSWORD });
    const slow = http.request(`${node.url}/api/auth/login`, {
      method: 'POST',
      // The server's "100 Continue" says it has read the headers: the request is then in flight.
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const headersRead = new Promise((resolve) => slow.once('continue', resolve));
    slow.flushHeaders();
    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      slow.once('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
      });
      slow.once('error', reject);
    });
    await headersRead;
    slow.write(body.slice(0, 20));

    const exited = new Promise<number | null>((resolve) => node.process.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    node.process.kill('SIGTERM');

    // Readiness says 503 while the port is still open, so a load balancer stops sending; the tab is still there.
    // (On a connection of its own, as a health check makes: the one kept alive from the first
    // check was idle, so the drain closed it.)
    // (The signal takes a moment to arrive.)
    let ready = { status: 0, body: '' };
    await expect.poll(async () => (ready = await get(`${node.url}/readyz`)).status, { timeout: 2500, interval: 20 }).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('shutting down') });
    expect(tab.messages.map((m) => m.type)).toEqual(['ready']);
    // A new tab sent here meanwhile is moved on the same way.
    const late = new WebSocket(`${node.url.replace(/^http/, 'ws')}/api/live`, { headers: { cookie }, origin: node.url });
    const lateMessages: unknown[] = [];
    late.on('message', (data) => lateMessages.push(JSON.parse(String(data))));
    const lateClose = await new Promise<number>((resolve) => late.once('close', (code) => resolve(code)));
    expect(lateClose).toBe(1001);
    expect(lateMessages).toEqual([{ type: 'reconnect' }]);

    // Once the delay is over, the tab is told to go elsewhere, then closed as "going away" (not signed out)…
    expect(await tab.next('reconnect')).toEqual({ type: 'reconnect' });
    expect((await tab.closed).code).toBe(1001);
    expect(tab.of('session.ended')).toEqual([]);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(DELAY_MS - 100);
    // …the port closes…
    await expect
      .poll(
        () =>
          get(`${node.url}/healthz`).then(
            () => 'open',
            () => 'closed',
          ),
        { timeout: 15_000, interval: 100 },
      )
      .toBe('closed');
    // …and the request still in flight is answered, on a connection that then closes.
    slow.end(body.slice(20));
    const done = await answer;
    expect(done.status, done.body).toBe(200);
    expect(done.connection).toBe('close');

    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(20_000);
    expect(node.output()).not.toMatch(/"level":(50|60)/);
  }, 60_000);
});
