import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import { requireAnyGrant } from '../access/permissions.js';
import { ctxOf } from '../http/auth.js';
import { decodeCursor, encodeCursor, pageQuery } from '../lib/cursor.js';
import { presentSession, sessionSchema } from '../sessions/present.js';
import { BOUNDS, SECOND_FACTOR_REQUIREMENTS, type SecuritySettingsService } from './service.js';

const settingsSchema = {
  title: 'SecuritySettings',
  type: 'object',
  required: ['agentIdleMinutes', 'absoluteLifetimeMinutes', 'sessionLimit', 'ipAllowlist', 'requireSecondFactor', 'secondFactorGraceDays'],
  properties: {
    agentIdleMinutes: { type: 'integer' },
    absoluteLifetimeMinutes: { type: 'integer' },
    sessionLimit: { type: ['integer', 'null'] },
    ipAllowlist: { type: 'array', items: { type: 'string' } },
    requireSecondFactor: {
      type: 'string',
      enum: SECOND_FACTOR_REQUIREMENTS,
      description: 'Who must sign in with a second factor: nobody, administrators, agents, or everyone.',
    },
    secondFactorGraceDays: { type: 'integer', description: 'Days from when the requirement reaches a role until its members without a factor are held to enrolment.' },
  },
} as const;

const patchBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    agentIdleMinutes: { type: 'integer', ...BOUNDS.agentIdleMinutes },
    absoluteLifetimeMinutes: { type: 'integer', ...BOUNDS.absoluteLifetimeMinutes },
    sessionLimit: { anyOf: [{ type: 'null' }, { type: 'integer', ...BOUNDS.sessionLimit }] },
    ipAllowlist: { type: 'array', maxItems: BOUNDS.ipAllowlistEntries, items: { type: 'string', minLength: 1, maxLength: 64 } },
    requireSecondFactor: { type: 'string', enum: SECOND_FACTOR_REQUIREMENTS },
    secondFactorGraceDays: { type: 'integer', ...BOUNDS.secondFactorGraceDays },
    dryRun: { type: 'boolean' },
    confirmSelfLockout: { type: 'boolean' },
  },
} as const;

const sessionsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 200 },
    sort: { type: 'string', enum: ['lastActiveAt', 'startedAt'], default: 'lastActiveAt' },
    order: { type: 'string', enum: ['desc', 'asc'], default: 'desc' },
    ...pageQuery,
  },
} as const;

const securitySession = {
  ...sessionSchema,
  title: 'WorkspaceSession',
  required: [...sessionSchema.required, 'account'],
  properties: {
    ...sessionSchema.properties,
    account: {
      type: 'object',
      required: ['id', 'name', 'email', 'role'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', enum: ['agent', 'admin'] } },
    },
  },
} as const;

const tags = ['security'];

/** Settings › Security and its Active sessions list; both need the settings.security grant. */
export async function securityRoutes(fastify: FastifyInstance, { securitySettings }: { securitySettings: SecuritySettingsService }): Promise<void> {
  // Request and answer types come from the schemas above, not from interfaces written beside them.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();

  app.get(
    '/api/settings/security',
    {
      config: { auth: true },
      schema: {
        operationId: 'getSecuritySettings',
        summary: 'Settings › Security: idle timeout, lifetime, session limit, IP allow list, two-factor requirement',
        tags,
        response: {
          200: {
            ...settingsSchema,
            title: 'SecuritySettingsView',
            required: [...settingsSchema.required, 'callerIp', 'secondFactorEnforcedFrom'],
            properties: {
              ...settingsSchema.properties,
              callerIp: { type: 'string', description: 'The address this request came from, as the server sees it.' },
              secondFactorEnforcedFrom: {
                type: 'object',
                description:
                  'From when administrators and agents without a second factor are held to enrolment at sign-in (the grace period ends); null where none is required.',
                required: ['admins', 'agents'],
                properties: { admins: { type: ['string', 'null'], format: 'date-time' }, agents: { type: ['string', 'null'], format: 'date-time' } },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      requireAnyGrant(ctx, ['settings.security']);
      return { ...(await securitySettings.get(ctx)), callerIp: request.ip };
    },
  );

  app.patch(
    '/api/settings/security',
    {
      // A dangerous act (issue 16), except a dry run, which changes nothing.
      config: { auth: true, recentProof: { grants: ['settings.security'], when: (request) => (request.body as { dryRun?: boolean }).dryRun !== true } },
      schema: {
        operationId: 'updateSecuritySettings',
        summary: 'Change Settings › Security, or preview with dryRun what the change would end',
        tags,
        body: patchBody,
        response: {
          200: {
            title: 'SecuritySettingsChange',
            type: 'object',
            required: ['settings', 'endedSessions'],
            properties: {
              settings: settingsSchema,
              endedSessions: { type: 'integer' },
              wouldEnd: { type: 'integer' },
              wouldEndOwnSession: { type: 'boolean' },
              callerIpAllowed: { type: 'boolean' },
            },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      requireAnyGrant(ctx, ['settings.security']);
      return securitySettings.update(ctx, actorOf(ctx, request.ip), request.body, request.ip);
    },
  );

  app.get(
    '/api/security/sessions',
    {
      config: { auth: true },
      schema: {
        operationId: 'listActiveSessions',
        summary: 'Every active session of the workspace',
        tags,
        querystring: sessionsQuery,
        response: {
          200: {
            type: 'object',
            required: ['sessions', 'nextCursor', 'total'],
            properties: { sessions: { type: 'array', items: securitySession }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      requireAnyGrant(ctx, ['settings.security']);
      const { q, sort, order, cursor, limit } = request.query;
      const after = decodeCursor(cursor, ['number', 'string'] as const);
      const { rows, total } = await securitySettings.activeSessions(ctx, { q, sort, order, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        sessions: page.map((r) => ({ ...presentSession(r), account: { id: r.account_id, name: r.account_name, email: r.account_email, role: r.role } })),
        nextCursor: rows.length > limit && last ? encodeCursor([sort === 'startedAt' ? last.created_at : last.last_seen_at, last.id]) : null,
        total,
      };
    },
  );
}
