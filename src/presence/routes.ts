import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { forbiddenMessage, rolesVisibleTo } from '../access/permissions.js';
import { ApiError, errorBody } from '../errors.js';
import { ctxOf } from '../http/auth.js';
import { iso } from '../lib/clock.js';
import { cutPage, decodeCursor, encodeCursor, pageQuery } from '../lib/cursor.js';
import type { LiveHub } from './hub.js';
import { byName, type PresenceService } from './service.js';

const presenceResponse = {
  type: 'object',
  required: ['online', 'nextCursor'],
  properties: {
    nextCursor: { type: ['string', 'null'] },
    online: {
      type: 'array',
      items: {
        title: 'OnlineAccount',
        type: 'object',
        required: ['accountId', 'name', 'role', 'since'],
        properties: {
          accountId: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string', enum: ['agent', 'admin'] },
          since: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

/** The live connection of console tabs, and who is online now. */
export async function presenceRoutes(app: FastifyInstance, { live, presence }: { live: LiveHub; presence: PresenceService }): Promise<void> {
  // The socket layer is registered in this scope only: its hooks and its wrapper around every
  // handler then cost nothing on the other routes (a session check is the hot path). Upgrade
  // requests to any other route still get their HTTP answer, and the socket is closed after it
  // (app.ts). Messages are tiny JSON heartbeats; anything large is refused by the socket layer.
  await app.register(websocket, { options: { maxPayload: 4096 } });

  // The cookie is checked by the auth hook and the Origin by the cross-site hook (a WebSocket
  // handshake is judged like a state-changing request), both before the upgrade: a refused
  // handshake gets a plain HTTP error and no socket.
  app.route({
    method: 'GET',
    url: '/api/live',
    config: { auth: true, sessionOnly: true },
    schema: { hide: true },
    // A plain GET (no upgrade) got the socket layer's own empty 404; it leaves in the one error shape (rule 7).
    handler: (_request, reply) => reply.status(404).send(errorBody('not_found', 'GET /api/live opens a WebSocket: send it as an upgrade request.')),
    wsHandler: (socket, request) => {
      live.accept(socket, ctxOf(request));
    },
  });

  // Its answer's type comes from the schema above.
  app.withTypeProvider<JsonSchemaToTsProvider>().get(
    '/api/presence',
    {
      config: { auth: true },
      schema: {
        operationId: 'listOnline',
        summary: 'Who is online now (for routing cases), by name, paged',
        tags: ['live'],
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery } },
        response: { 200: presenceResponse },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const roles = rolesVisibleTo(ctx.account);
      // For routing cases to agents: the Team › Agents grant; administrators also need Team › Administrators.
      if (!roles.has('agent')) throw new ApiError('forbidden', forbiddenMessage(ctx, ['team.agents']));
      const after = decodeCursor(request.query.cursor, ['string', 'string'] as const);
      const { limit } = request.query;
      // Who is online is read whole (it is as large as the team at most) and cut after the cursor's place.
      const rows = await presence.online(ctx.workspace.id, roles);
      const from = after ? rows.findIndex((r) => byName(r, { name: after[0], accountId: after[1] }) > 0) : 0;
      const rest = from < 0 ? [] : rows.slice(from, from + limit + 1);
      const { page, nextCursor } = cutPage(rest, limit, (last) => encodeCursor([last.name, last.accountId]));
      return { online: page.map((r) => ({ accountId: r.accountId, name: r.name, role: r.role, since: iso(r.since) })), nextCursor };
    },
  );
}
