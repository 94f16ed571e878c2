import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import { ofPrimaryAdministrator, requireAnyGrant } from '../access/permissions.js';
import { ctxOf } from '../http/auth.js';
import { cutPage, decodeCursor, encodeCursor, pageQuery } from '../lib/cursor.js';
import { AUTH_METHODS } from '../db/schema.js';
import { presentSession, sessionSchema } from '../sessions/present.js';
import { DEVICE_TYPES, SESSION_FLAGS } from '../sessions/types.js';
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
    q: { type: 'string', maxLength: 200, description: 'Finds the person (name, email), the address (an IP or its beginning) and the place (city, country name or code).' },
    country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'Only sessions located in this country (ISO 3166-1 alpha-2, upper case).' },
    city: { type: 'string', minLength: 1, maxLength: 100, description: 'Only sessions located in this city (as the facets name it).' },
    deviceType: { type: 'string', enum: DEVICE_TYPES, description: 'Only sessions on this kind of device.' },
    browser: { type: 'string', minLength: 1, maxLength: 64, description: 'Only sessions in this browser, any version ("Chrome").' },
    os: { type: 'string', minLength: 1, maxLength: 64, description: 'Only sessions on this operating system, any version ("Windows").' },
    authMethod: { type: 'string', enum: AUTH_METHODS, description: 'Only sessions authenticated this way.' },
    flag: { type: 'string', enum: SESSION_FLAGS, description: 'Only sessions whose sign-in was flagged so: the first from this device, or from this country, for its login.' },
    sort: { type: 'string', enum: ['lastActiveAt', 'startedAt'], default: 'lastActiveAt' },
    order: { type: 'string', enum: ['desc', 'asc'], default: 'desc' },
    ...pageQuery,
  },
} as const;

const securitySession = {
  ...sessionSchema,
  title: 'WorkspaceSession',
  required: [...sessionSchema.required, 'account', 'mayEnd'],
  properties: {
    ...sessionSchema.properties,
    mayEnd: {
      type: 'boolean',
      description: 'Whether the caller may force-close it: false only on the primary administrator’s sessions (either of its accounts) for a sub-administrator (rule 1).',
    },
    account: {
      type: 'object',
      required: ['id', 'name', 'email', 'role'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', enum: ['agent', 'admin'] } },
    },
  },
} as const;

const counted = {
  type: 'array',
  items: { type: 'object', required: ['value', 'count'], properties: { value: { type: 'string' }, count: { type: 'integer' } } },
} as const;

const facetsSchema = {
  title: 'ActiveSessionFacets',
  type: 'object',
  required: ['countries', 'deviceTypes', 'browsers', 'oses', 'authMethods', 'flags'],
  properties: {
    countries: {
      type: 'array',
      description: 'Countries with active sessions, most first; local-network and unknown addresses have none.',
      items: {
        type: 'object',
        required: ['code', 'name', 'count', 'cities'],
        properties: { code: { type: 'string' }, name: { type: 'string' }, count: { type: 'integer' }, cities: counted },
      },
    },
    deviceTypes: counted,
    browsers: { ...counted, description: 'Browser families, without their versions.' },
    oses: { ...counted, description: 'Operating-system families, without their versions.' },
    authMethods: {
      type: 'array',
      description: 'Every way a session can be authenticated, found or not, in words.',
      items: {
        type: 'object',
        required: ['value', 'label', 'count'],
        properties: { value: { type: 'string', enum: AUTH_METHODS }, label: { type: 'string' }, count: { type: 'integer' } },
      },
    },
    flags: {
      type: 'array',
      items: { type: 'object', required: ['value', 'count'], properties: { value: { type: 'string', enum: SESSION_FLAGS }, count: { type: 'integer' } } },
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
        summary: 'Every active session of the workspace, searched and filtered by place, device and how it was authenticated',
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
      const { q, sort, order, cursor, limit, ...filters } = request.query;
      const after = decodeCursor(cursor, ['number', 'string'] as const);
      const { rows, total } = await securitySettings.activeSessions(ctx, { q, filters, sort, order, after, limit: limit + 1 });
      const { page, nextCursor } = cutPage(rows, limit, (last) => encodeCursor([sort === 'startedAt' ? last.created_at : last.last_seen_at, last.id]));
      return {
        sessions: page.map((r) => ({
          ...presentSession(r),
          account: { id: r.account_id, name: r.account_name, email: r.account_email, role: r.role },
          mayEnd: ctx.account.isPrimary || !ofPrimaryAdministrator(ctx, r),
        })),
        nextCursor,
        total,
      };
    },
  );

  app.get(
    '/api/security/sessions/facets',
    {
      config: { auth: true },
      schema: {
        operationId: 'activeSessionFacets',
        summary: 'What the Active sessions filters can choose from: countries and their cities, devices, browsers, systems, methods, flags, with counts',
        tags,
        response: { 200: facetsSchema },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      requireAnyGrant(ctx, ['settings.security']);
      return securitySettings.activeFacets(ctx);
    },
  );
}
