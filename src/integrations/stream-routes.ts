import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import type { SessionBus } from '../sessions/events.js';
import { serviceKeyOf } from './routes.js';
import type { IntegrationService } from './service.js';
import { createStreamHub, HEARTBEAT_MS, MAX_STREAMS_PER_KEY } from './streams.js';

const description = [
  'Server-Sent Events for apps that keep a short cache of introspection answers (the `@gatehouse/client` package does).',
  'Authenticated by a service key as a Bearer token, like `POST /api/introspect`; cookies are refused.',
  'First `event: ready`; then `event: session.ended` with `data: {"sid", "sub", "reason"}` for every session of the',
  "key's workspace that ends, on any node; `event: resync` when ends may have been missed (drop every cached answer);",
  `a comment line every ${HEARTBEAT_MS / 1000} s. At most ${MAX_STREAMS_PER_KEY} open streams per key per node (429 \`too_many_streams\`).`,
  'Revoking the key closes its streams.',
].join(' ');

/** `GET /api/integrations/stream`: the revocation stream other apps hold with a service key. */
export async function streamRoutes(app: FastifyInstance, { integrations, bus }: { integrations: IntegrationService; bus: SessionBus }): Promise<void> {
  const hub = createStreamHub({ bus, onKeyRevoked: integrations.onKeyRevoked, revokedAmong: integrations.revokedAmong, log: app.log });
  // Connections holding a stream. A client that went away may have left only a half-closed
  // socket, which Node does not notice while the answer goes on (until a heartbeat's write fails).
  const sockets = new Set<Socket>();
  // Open streams never end by themselves: ending them lets the server stop, and clients reconnect elsewhere.
  app.addHook('preClose', async () => {
    hub.close();
    for (const socket of sockets) socket.destroySoon?.();
  });

  app.get(
    '/api/integrations/stream',
    {
      schema: {
        operationId: 'streamRevocations',
        summary: 'Revocation stream: every session of the key’s workspace that ends, as Server-Sent Events',
        description,
        tags: ['integrations'],
        response: {
          200: { description: 'An endless text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        },
      },
    },
    async (request, reply) => {
      const key = await serviceKeyOf(integrations, request, reply);
      const out = hub.open(key);
      if (!out) throw new ApiError('too_many_streams', undefined, undefined, { 'retry-after': '5' });
      // The connection carries this answer only: it closes with the stream, from either side.
      const socket = request.raw.socket;
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      // (app.inject's stand-in socket has no destroySoon.)
      out.once('close', () => socket.destroySoon?.());
      // No buffering on the way (nginx honours X-Accel-Buffering): an end must arrive at once.
      void reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store').header('x-accel-buffering', 'no');
      return reply.send(out);
    },
  );
}
