import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a receiver got, and what it answered. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status answered, or `reset` when the connection was dropped without an answer. */
  answered: number | 'reset';
}

/**
 * A webhook receiver on a loopback port, as a customer's app would run one. Each request gets
 * the next answer of `plan` (then `200` for ever): a status code, or `reset` to drop the
 * connection.
 */
export class Receiver {
  readonly received: Received[] = [];
  private plan: (number | 'reset')[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const answer = receiver.plan.shift() ?? 200;
        receiver.received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered: answer });
        if (answer === 'reset') {
          request.socket.destroy();
          return;
        }
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'not now');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The answers for the next requests, in order. */
  answerNext(...answers: (number | 'reset')[]): void {
    this.plan.push(...answers);
  }

  /** What arrived at one path. */
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
