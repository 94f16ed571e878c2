import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountService } from '../src/accounts/service.js';
import { openDb } from '../src/db/index.js';
import { hashPassword } from '../src/lib/passwords.js';
import { PASSWORD } from './helpers/harness.js';
import { Tab } from './helpers/live.js';
import { buildServer, call, startNode, type Node } from './helpers/nodes.js';

/** How long the node keeps its port open after SIGTERM, answering readiness 503. */
const DELAY_MS = 1500;

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
    await createAccountService(db).createWorkspace({
      slug: 'acme',
      name: 'Acme',
      adminName: 'Olivia Owner',
      adminEmail: 'owner@acme.test',
      adminPasswordHash: await hashPassword(PASSWORD),
      now: Date.now(),
    });
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
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);

    // A slow client: its request's headers and half its body are in, the rest comes later.
    const body = JSON.stringify({ workspace: 'acme', email: 'owner@acme.test', password: PASSWORD });
    const slow = http.request(`${node.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      slow.once('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
      });
      slow.once('error', reject);
    });
    slow.write(body.slice(0, 20));
    // Until the server has read the headers, the connection would count as idle.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const exited = new Promise<number | null>((resolve) => node.process.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    node.process.kill('SIGTERM');

    // The tab is told to go elsewhere, then closed as "going away" (not signed out).
    expect(await tab.next('reconnect')).toEqual({ type: 'reconnect' });
    expect((await tab.closed).code).toBe(1001);
    expect(tab.of('session.ended')).toEqual([]);

    // Readiness says 503 while the port is still open, so a load balancer stops sending.
    const ready = await fetch(`${node.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('connection')).toBe('close');
    expect(await ready.json()).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('shutting down') });
    // A new tab sent here meanwhile is moved on the same way.
    const late = new WebSocket(`${node.url.replace(/^http/, 'ws')}/api/live`, { headers: { cookie }, origin: node.url });
    const lateMessages: unknown[] = [];
    late.on('message', (data) => lateMessages.push(JSON.parse(String(data))));
    const lateClose = await new Promise<number>((resolve) => late.once('close', (code) => resolve(code)));
    expect(lateClose).toBe(1001);
    expect(lateMessages).toEqual([{ type: 'reconnect' }]);

    // Then the port closes…
    await expect
      .poll(
        () =>
          fetch(`${node.url}/healthz`).then(
            () => 'open',
            () => 'closed',
          ),
        { timeout: 15_000, interval: 100 },
      )
      .toBe('closed');
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(DELAY_MS - 100);
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
