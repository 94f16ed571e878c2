import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { GRANTS } from '../access/permissions.js';
import { AUTH_METHODS } from '../db/schema.js';
import { accountIdentityProperties, accountIdentityRequired, accountRefSchema } from '../accounts/schema.js';
import { ctxOf } from '../http/auth.js';
import { idParams } from '../http/validation.js';
import { iso } from '../lib/clock.js';
import { cutPage, decodeCursor, encodeCursor, pageQuery } from '../lib/cursor.js';
import { auditEventSchema, presentAuditEvent } from '../audit/present.js';
import { ERRORS } from '../errors.js';
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
        authMethod: { type: 'string', enum: AUTH_METHODS },
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

const sessionDetailSchema = {
  title: 'SessionDetail',
  type: 'object',
  required: ['session', 'mayEnd', 'refusal', 'history'],
  properties: {
    session: {
      ...sessionSchema,
      title: 'SessionDetailSession',
      required: [...sessionSchema.required, 'account', 'current', 'idleExpiresAt', 'expiresAt'],
      properties: {
        ...sessionSchema.properties,
        account: {
          type: 'object',
          required: ['id', 'name', 'email', 'role', 'isPrimary'],
          properties: { ...accountIdentityProperties },
        },
        idleExpiresAt: { type: ['string', 'null'], format: 'date-time', description: 'When it ends unless used again (its idle timeout); null once ended.' },
        expiresAt: { type: ['string', 'null'], format: 'date-time', description: 'When it ends however much it is used (the absolute lifetime); null once ended.' },
      },
    },
    mayEnd: { type: 'boolean', description: 'Whether the caller may end it now (`DELETE /api/sessions/{id}` would).' },
    refusal: {
      type: ['object', 'null'],
      description: 'Why the caller may not end this active session (rule 1: the primary administrator’s), or null.',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    history: {
      type: 'array',
      description: 'The audit events that name this session, newest first (at most 200). Without the audit grant only its own life: sign-in, switch, sign-out, end.',
      items: auditEventSchema,
    },
  },
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
        summary: "The login's sessions of the last 7 days, the current one marked: the current one first, then active, then ended, newest first",
        tags: ['me'],
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery } },
        response: {
          200: {
            type: 'object',
            required: ['sessions', 'nextCursor'],
            properties: { sessions: { type: 'array', items: sessionSchema }, nextCursor: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { cursor, limit } = request.query;
      const rows = await sessions.listOwn(ctx, { after: decodeCursor(cursor, ['number', 'number', 'string'] as const), limit: limit + 1 });
      const { page, nextCursor } = cutPage(rows, limit, (last) => encodeCursor([Number(last.rank), last.created_at, last.id]));
      return { sessions: page.map((r) => presentSession(r, ctx.session.id)), nextCursor };
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

  app.get(
    '/api/sessions/:id',
    {
      config: { auth: true },
      schema: {
        operationId: 'getSession',
        summary: 'One session: everything known about it, its history in the audit log, and whether the caller may end it',
        tags: ['sessions'],
        params: idParams,
        response: { 200: sessionDetailSchema },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { row, idleExpiresAt, expiresAt, refusal, history } = await sessions.detail(ctx, request.params.id);
      return {
        session: {
          ...presentSession(row, ctx.session.id),
          account: { id: row.account_id, name: row.account_name, email: row.account_email, role: row.role, isPrimary: row.is_primary === 1 },
          current: row.id === ctx.session.id,
          idleExpiresAt: iso(idleExpiresAt),
          expiresAt: iso(expiresAt),
        },
        mayEnd: row.ended_at === null && refusal === null,
        refusal: refusal ? { code: refusal, message: ERRORS[refusal].message } : null,
        history: history.map(presentAuditEvent),
      };
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
