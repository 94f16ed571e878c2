import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLive, type EndedEvent, type LiveClient, type SocketLike } from '../web/src/live.js';
import { SYSTEM } from '../src/access/actor.js';
import { backends } from './helpers/backends.js';
import { Harness } from './helpers/harness.js';

// The console's client module, driven against a real server with the `ws` package standing in
// for the browser's WebSocket (which would send the cookie and Origin by itself).
describe('the console live client', () => {
  let h: Harness;
  let base: string;
  const clients: LiveClient[] = [];
  // The server side of every upgraded connection, so a test can cut them as a network would.
  const upgraded = new Set<Socket>();
  const cutConnections = () => {
    for (const socket of upgraded) socket.destroy();
    upgraded.clear();
  };

  beforeAll(async () => {
    h = await Harness.start(backends()[0]!, { PRESENCE_GRACE_SECONDS: '1' });
    h.app.server.on('upgrade', (_request: unknown, socket: Socket) => upgraded.add(socket));
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.stop();
    await h?.close();
  });

  const start = (cookie: string, baseBackoffMs = 10) => {
    const Browserish = class extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { cookie }, origin: base });
      }
    } as unknown as new (url: string) => SocketLike;
    const client = connectLive({
      url: `${base.replace('http', 'ws')}/api/live`,
      meUrl: `${base}/api/me`,
      WebSocket: Browserish,
      fetch: (url) => fetch(url, { headers: { cookie } }),
      heartbeatMs: 50,
      baseBackoffMs,
      maxBackoffMs: baseBackoffMs * 4,
    });
    clients.push(client);
    const readies: string[] = [];
    const ended: EndedEvent[] = [];
    client.onReady((e) => readies.push(e.sessionId));
    client.onEnded((e) => ended.push(e));
    return { client, readies, ended };
  };

  it('connects, heartbeats, and stops for good when the session ends', async () => {
    const cookie = await h.signIn('owner@acme.test');
    const { client, readies, ended } = start(cookie);
    await expect.poll(() => readies.length).toBe(1);
    expect(client.connected).toBe(true);
    await h.request('POST', '/api/auth/logout', { cookie });
    await expect.poll(() => ended).toEqual([{ reason: 'signed_out', message: 'You signed out.' }]);
    expect(client.connected).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readies).toHaveLength(1);
    expect(h.services.live.size()).toBe(0);
  });

  it('reconnects after the connection drops, and learns of an end that happened meanwhile', async () => {
    await h.account('agent', 'Roaming', 'roaming@acme.test');
    const cookie = await h.signIn('roaming@acme.test');
    // Back-off long enough for the end below to commit before the client is back.
    const { readies, ended } = start(cookie, 300);
    await expect.poll(() => readies.length).toBe(1);
    cutConnections();
    await expect.poll(() => readies.length).toBe(2);

    // Cut it again and end the session before the client is back: no event can reach it, the
    // handshake is refused, and the client asks the API why.
    cutConnections();
    await expect.poll(() => h.services.live.size()).toBe(0);
    await h.services.sessions.end({ workspaceId: h.workspace.id, sessionIds: [readies[1]!] }, 'ended_by_admin', SYSTEM);
    await expect.poll(() => ended).toEqual([{ reason: 'ended_by_admin', message: 'An administrator ended your session.' }]);
    expect(readies).toHaveLength(2);
  });
});
