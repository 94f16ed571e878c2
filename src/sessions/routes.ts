import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { GRANTS } from '../access/permissions.js';
import { accountIdentityProperties, accountIdentityRequired, accountRefSchema } from '../accounts/schema.js';
import { ctxOf } from '../http/auth.js';
import { iso } from '../lib/clock.js';
import { presentSession, sessionSchema } from './present.js';
import type { SessionService } from './service.js';

const endedResponse = { type: 'object', required: ['ended'], properties: { ended: { type: 'integer', description: 'How many sessions this ended.' } } } as const;

const meResponse = {
  title: 'Me',
  type: 'object',
  required: ['account', 'workspace', 'session', 'linkedAccount'],
  properties: {
    account: {
      type: 'object',
      required: [...accountIdentityRequired, 'grants'],
      properties: {
        ...accountIdentityProperties,
        grants: { type: 'array', items: { type: 'string', enum: GRANTS } },
      },
    },
    workspace: {
      type: 'object',
      required: ['id', 'slug', 'name'],
      properties: { id: { type: 'string' }, slug: { type: 'string' }, name: { type: 'string' } },
    },
    session: {
      type: 'object',
      required: ['id', 'startedAt', 'lastActiveAt', 'ip', 'authMethod', 'restriction'],
      properties: {
        id: { type: 'string' },
        startedAt: { type: 'string' },
        lastActiveAt: { type: 'string' },
        ip: { type: 'string' },
        authMethod: { type: 'string', enum: ['password', 'password+totp', 'password+passkey', 'recovery_code'] },
        restriction: {
          type: ['string', 'null'],
          enum: ['second_factor_enrolment', null],
          description:
            '`second_factor_enrolment`: this session reaches nothing but two-factor enrolment until the login enrols (every other call answers 403 `second_factor_required`).',
        },
      },
    },
    // A type list, not anyOf: the serializer then checks for null itself instead of running a
    // schema validator on every answer.
    linkedAccount: { ...accountRefSchema, type: ['object', 'null'] },
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
      authMethod: ctx.session.authMethod,
      restriction: ctx.session.restriction,
    },
    linkedAccount: ctx.linked,
  };
}

/**
 * The endpoints that act on sessions: who I am (`/api/me`, which other apps ask on every
 * request), my login's sessions and closing them, and ending any session by id.
 */
export async function sessionRoutes(fastify: FastifyInstance, { sessions }: { sessions: SessionService }): Promise<void> {
  // Request and answer types come from the schemas below, not from interfaces written beside them.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  // Other apps ask this on every request they serve. A session's context object lives as long
  // as its cached check entry (SQLite), so its answer is serialized once, and again only after a
  // last-activity write; a context built for one request (PostgreSQL) is simply serialized.
  const answers = new WeakMap<SessionContext, { lastSeenAt: number; json: string }>();
  // On the untyped instance: it sends JSON serialized ahead, which the schema's type cannot describe.
  fastify.get(
    '/api/me',
    {
      config: { auth: true, duringEnrolment: true },
      schema: { operationId: 'getMe', summary: 'The current account, its workspace, session and linked account', tags: ['me'], response: { 200: meResponse } },
    },
    (request, reply) => {
      const ctx = ctxOf(request);
      let answer = answers.get(ctx);
      if (answer?.lastSeenAt !== ctx.session.lastSeenAt) {
        answer = { lastSeenAt: ctx.session.lastSeenAt, json: reply.serialize(meAnswer(ctx)) as string };
        answers.set(ctx, answer);
      }
      return reply.type('application/json; charset=utf-8').send(answer.json);
    },
  );

  app.get(
    '/api/me/sessions',
    {
      config: { auth: true },
      schema: {
        operationId: 'listMySessions',
        summary: "The login's sessions of the last 7 days, the current one marked",
        tags: ['me'],
        response: { 200: { type: 'object', required: ['sessions'], properties: { sessions: { type: 'array', items: sessionSchema } } } },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { sessions: (await sessions.listOwn(ctx)).map((r) => presentSession(r, ctx.session.id)) };
    },
  );

  app.delete(
    '/api/me/sessions/:id',
    {
      config: { auth: true },
      schema: { operationId: 'endMySession', summary: "End one of the login's own sessions", tags: ['me'], params: idParams, response: { 200: endedResponse } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { ended: await sessions.endOwn(ctx, actorOf(ctx, request.ip), request.params.id) };
    },
  );

  app.post(
    '/api/me/sessions/end-others',
    {
      config: { auth: true },
      schema: { operationId: 'endMyOtherSessions', summary: 'End every session of the login except the current one', tags: ['me'], response: { 200: endedResponse } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { ended: await sessions.endOthers(ctx, actorOf(ctx, request.ip)) };
    },
  );

  app.delete(
    '/api/sessions/:id',
    {
      config: { auth: true },
      schema: { operationId: 'endSession', summary: 'End one session of the workspace by id', tags: ['sessions'], params: idParams, response: { 200: endedResponse } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { ended: await sessions.endById(ctx, actorOf(ctx, request.ip), request.params.id) };
    },
  );
}
