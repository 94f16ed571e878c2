import type { FastifyInstance } from 'fastify';
import { actorOf } from '../auth/routes.js';
import { ApiError } from '../errors.js';
import { DAY, iso } from '../lib/clock.js';
import { ctxOf } from '../http/auth.js';
import { presentSession, sessionSchema } from '../sessions/present.js';
import { accountIdentityProperties } from '../accounts/schema.js';
import type { SessionContext } from '../sessions/types.js';

const accountRef = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, disabled: { type: 'boolean' } },
} as const;

const endedResponse = { type: 'object', properties: { ended: { type: 'integer' } } } as const;

const meResponse = {
  type: 'object',
  properties: {
    account: {
      type: 'object',
      properties: {
        ...accountIdentityProperties,
        grants: { type: 'array', items: { type: 'string' } },
      },
    },
    workspace: {
      type: 'object',
      properties: { id: { type: 'string' }, slug: { type: 'string' }, name: { type: 'string' } },
    },
    session: {
      type: 'object',
      properties: { id: { type: 'string' }, startedAt: { type: 'string' }, lastActiveAt: { type: 'string' }, ip: { type: 'string' } },
    },
    // A type list, not anyOf: the serializer then checks for null itself instead of running a
    // schema validator on every answer.
    linkedAccount: { ...accountRef, type: ['object', 'null'] },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

function meAnswer(ctx: SessionContext) {
  return {
    account: ctx.account,
    workspace: { id: ctx.workspace.id, slug: ctx.workspace.slug, name: ctx.workspace.name },
    session: {
      id: ctx.session.id,
      startedAt: iso(ctx.session.createdAt),
      lastActiveAt: iso(ctx.session.lastSeenAt),
      ip: ctx.session.ip,
    },
    linkedAccount: ctx.linked,
  };
}

/** My account: who I am, and my login's own sessions. */
export async function meRoutes(app: FastifyInstance): Promise<void> {
  const { sessions, sessionStore, clock } = app.gh;

  // Other apps ask this on every request they serve. A session's context object lives as long
  // as its cached check entry (SQLite), so its answer is serialized once, and again only after a
  // last-activity write; a context built for one request (PostgreSQL) is simply serialized.
  const answers = new WeakMap<SessionContext, { lastSeenAt: number; json: string }>();
  app.get('/api/me', { config: { auth: true }, schema: { tags: ['me'], response: { 200: meResponse } } }, (request, reply) => {
    const ctx = ctxOf(request);
    let answer = answers.get(ctx);
    if (answer?.lastSeenAt !== ctx.session.lastSeenAt) {
      answer = { lastSeenAt: ctx.session.lastSeenAt, json: reply.serialize(meAnswer(ctx)) as string };
      answers.set(ctx, answer);
    }
    return reply.type('application/json; charset=utf-8').send(answer.json);
  });

  app.get(
    '/api/me/sessions',
    {
      config: { auth: true },
      schema: { tags: ['me'], response: { 200: { type: 'object', properties: { sessions: { type: 'array', items: sessionSchema } } } } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const rows = await sessionStore.listForLogin(ctx.workspace.id, ctx.session.loginId, clock.now() - 7 * DAY);
      // The current session first, then the other active ones, then the ended ones, newest first.
      const rank = (r: (typeof rows)[number]) => (r.id === ctx.session.id ? 0 : r.ended_at === null ? 1 : 2);
      rows.sort((a, b) => rank(a) - rank(b) || b.created_at - a.created_at);
      return { sessions: rows.map((r) => presentSession(r, ctx.session.id)) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/me/sessions/:id',
    { config: { auth: true }, schema: { tags: ['me'], params: idParams, response: { 200: endedResponse } } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      // Scoped to this login: another login's session id reads as not found.
      const ended = await sessions.end(
        { workspaceId: ctx.workspace.id, loginId: ctx.session.loginId, sessionIds: [request.params.id] },
        request.params.id === ctx.session.id ? 'signed_out' : 'ended_by_user',
        actorOf(ctx, request.ip),
      );
      if (ended.length === 0) {
        const mine = await sessionStore.listForLogin(ctx.workspace.id, ctx.session.loginId, 0);
        if (!mine.some((s) => s.id === request.params.id)) throw new ApiError('not_found', 'No such session.');
      }
      return reply.status(200).send({ ended: ended.length });
    },
  );

  app.post('/api/me/sessions/end-others', { config: { auth: true }, schema: { tags: ['me'], response: { 200: endedResponse } } }, async (request) => {
    const ctx = ctxOf(request);
    const ended = await sessions.end(
      { workspaceId: ctx.workspace.id, loginId: ctx.session.loginId, exceptSessionId: ctx.session.id },
      'ended_by_user',
      actorOf(ctx, request.ip),
    );
    return { ended: ended.length };
  });
}
