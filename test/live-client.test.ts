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
    base = await h.listen();
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
    // Not connected from the moment the end is told, whenever the socket's close arrives.
    expect(client.connected).toBe(false);
    // The server lets go of the socket once its close arrives, which on a loaded machine can
    // take longer than the client's own notice; and the client never comes back.
    await expect.poll(() => h.services.live.size()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readies).toHaveLength(1);
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

// The move a draining node asks for, with a stand-in socket: what the client does with it, alone.
describe('the console live client, when its node shuts down', () => {
  class FakeSocket implements SocketLike {
    static made: FakeSocket[] = [];
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    constructor(readonly url: string) {
      FakeSocket.made.push(this);
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
    }
    /** The server's side: open, then say ready. */
    ready(): void {
      this.readyState = 1;
      this.onopen?.({});
      this.onmessage?.({ data: JSON.stringify({ type: 'ready', sessionId: 'ses_1', accountId: 'acc_1' }) });
    }
    /** The server's side: a message, then the close. */
    goAway(messages: object[], code: number): void {
      for (const m of messages) this.onmessage?.({ data: JSON.stringify(m) });
      this.readyState = 3;
      this.onclose?.({ code, reason: 'server restarting' });
    }
  }

  it('reconnects at once after "reconnect", without asking whether the session ended, and stays connected meanwhile', async () => {
    FakeSocket.made = [];
    const asked: string[] = [];
    const client = connectLive({
      url: 'ws://gatehouse.test/api/live',
      meUrl: 'http://gatehouse.test/api/me',
      WebSocket: FakeSocket,
      fetch: async (url) => {
        asked.push(url);
        return { status: 200, json: async () => ({}) };
      },
      // A back-off far longer than the test: only the move's quick path can reconnect in time.
      baseBackoffMs: 60_000,
      random: () => 0.5,
    });
    const ended: EndedEvent[] = [];
    client.onEnded((e) => ended.push(e));
    FakeSocket.made[0]!.ready();
    expect(client.connected).toBe(true);

    FakeSocket.made[0]!.goAway([{ type: 'reconnect' }], 1001);
    expect(client.connected).toBe(true);
    await expect.poll(() => FakeSocket.made.length, { timeout: 2000, interval: 10 }).toBe(2);
    // Turned away by a node that has not left the load balancer yet: tried again, quickly.
    FakeSocket.made[1]!.goAway([{ type: 'reconnect' }], 1001);
    await expect.poll(() => FakeSocket.made.length, { timeout: 2000, interval: 10 }).toBe(3);
    FakeSocket.made[2]!.ready();
    expect(client.connected).toBe(true);
    expect(asked).toEqual([]);
    expect(ended).toEqual([]);

    // An unannounced close is a fault: the ordinary back-off, and the tab reads disconnected.
    FakeSocket.made[2]!.goAway([], 1006);
    expect(client.connected).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(FakeSocket.made).toHaveLength(3);
    client.stop();
  });
});
