import net from 'node:net';
import WebSocket from 'ws';

export interface LiveMessage {
  type: string;
  [key: string]: unknown;
}

/** A console tab's live connection, as a test sees it. */
export class Tab {
  readonly messages: LiveMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { type: string; resolve(m: LiveMessage): void }[] = [];
  private readonly arrivals = new WeakMap<LiveMessage, number>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as LiveMessage;
      this.arrivals.set(msg, Date.now());
      this.messages.push(msg);
      for (const w of this.waiters.filter((w) => w.type === msg.type)) w.resolve(msg);
      this.waiters = this.waiters.filter((w) => w.type !== msg.type);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens `/api/live` with a cookie, as a same-origin page would; resolves once it is `ready`. */
  static async open(baseUrl: string, cookie: string, options: { origin?: string } = {}): Promise<Tab> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/live`;
    const ws = new WebSocket(url, { headers: { cookie }, origin: options.origin ?? baseUrl });
    const tab = new Tab(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
    });
    await tab.next('ready');
    return tab;
  }

  /** Tries a handshake that should be refused; resolves with the HTTP status and body. */
  static refused(baseUrl: string, headers: Record<string, string>, origin?: string): Promise<{ status: number; body: string }> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/live`, { headers, ...(origin ? { origin } : {}) });
    return new Promise((resolve, reject) => {
      ws.once('open', () => reject(new Error('the handshake was accepted')));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          ws.terminate();
        });
      });
      ws.once('error', () => {});
    });
  }

  /** The first message of this type, already received or still to come. */
  next(type: string): Promise<LiveMessage> {
    const seen = this.messages.find((m) => m.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }

  /** When a message arrived (Date.now()), whenever the test looks. */
  receivedAt(msg: LiveMessage): number {
    return this.arrivals.get(msg) ?? NaN;
  }

  /** Sends a heartbeat and waits for its acknowledgement. */
  async heartbeat(): Promise<void> {
    const acks = this.of('heartbeat.ack').length;
    this.ws.send(JSON.stringify({ type: 'heartbeat' }));
    while (this.of('heartbeat.ack').length === acks) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  of(type: string): LiveMessage[] {
    return this.messages.filter((m) => m.type === type);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    // A tab whose network was cut never completes the closing handshake.
    const timer = setTimeout(() => this.ws.terminate(), 500);
    await this.closed;
    clearTimeout(timer);
  }
}

/**
 * A TCP relay in front of a server, whose `cut()` stops every byte both ways without closing
 * anything: what a pulled cable or a sleeping laptop looks like to the server.
 */
export async function cuttableProxy(targetPort: number): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const sockets: net.Socket[] = [];
  let cut = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.push(client, upstream);
    client.on('data', (d) => !cut && upstream.write(d));
    upstream.on('data', (d) => !cut && client.write(d));
    const end = () => {
      if (cut) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      cut = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
