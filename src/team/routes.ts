import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import { GRANTS } from '../access/permissions.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../lib/passwords.js';
import type { Role } from '../db/schema.js';
import { ctxOf } from '../http/auth.js';
import { idParams } from '../http/validation.js';
import { pageQuery } from '../lib/cursor.js';
import { sessionSchema } from '../sessions/present.js';
import { accountSchema } from './present.js';
import type { TeamService } from './service.js';
import { TEAM_SORTS } from './sort.js';

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    session: { type: 'string', enum: ['active', 'none'] },
    q: { type: 'string', maxLength: 200 },
    sort: {
      type: 'string',
      enum: TEAM_SORTS,
      default: 'name',
      description:
        'name; status (active session first when ascending); lastActivity (the latest activity of any active session); signedInAt (the start of the latest active session); location (of the latest active session: country code, then city). Accounts without an active session (for location: without a known country) come last in both orders. Ties by name, then id, ascending.',
    },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
    ...pageQuery,
  },
} as const;

const listResponse = {
  title: 'TeamList',
  type: 'object',
  required: ['accounts', 'nextCursor', 'counts'],
  properties: {
    accounts: { type: 'array', items: accountSchema },
    nextCursor: { type: ['string', 'null'] },
    counts: { type: 'object', required: ['all', 'active', 'none'], properties: { all: { type: 'integer' }, active: { type: 'integer' }, none: { type: 'integer' } } },
  },
} as const;

const grantsSchema = { type: 'array', maxItems: GRANTS.length, items: { type: 'string', enum: GRANTS } } as const;
// Something visible, and no control characters: a line break or tab in a name is never meant,
// and it would break the one-line labels of the audit log, its CSV rows and the console.
const nameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 120,
  pattern: '\\S',
  description: 'it needs at least one visible character',
  allOf: [{ pattern: '^\\P{Cc}*$', description: 'it must not hold control characters such as line breaks or tabs' }],
} as const;

const agentBody = {
  type: 'object',
  required: ['name', 'email'],
  additionalProperties: false,
  properties: {
    name: nameSchema,
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH },
  },
} as const;
// An administrator may be created with grants; an agent holds none.
const adminBody = { ...agentBody, properties: { ...agentBody.properties, grants: grantsSchema } } as const;
const createBody = (role: Role) => (role === 'admin' ? adminBody : agentBody);

const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: nameSchema, disabled: { type: 'boolean' }, grants: grantsSchema },
} as const;

const bulkBody = {
  type: 'object',
  required: ['accountIds'],
  additionalProperties: false,
  properties: { accountIds: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 64 } } },
} as const;

/** Whether a bulk end names more than one account (the same id twice is one account). */
const namesSeveral = (body: unknown) => new Set((body as { accountIds: string[] }).accountIds).size > 1;

const endedResponse = { type: 'object', required: ['ended'], properties: { ended: { type: 'integer', description: 'How many sessions this ended.' } } } as const;

const bulkResponse = {
  type: 'object',
  required: ['ended', 'results'],
  properties: {
    ended: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        title: 'BulkEndResult',
        type: 'object',
        required: ['accountId', 'status'],
        properties: {
          accountId: { type: 'string' },
          status: { type: 'string', enum: ['ended', 'refused'] },
          ended: { type: 'integer' },
          error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
} as const;

const profileResponse = {
  title: 'Profile',
  type: 'object',
  required: ['account', 'sessions', 'linkedAccount', 'linkedSessions'],
  properties: {
    account: accountSchema,
    sessions: { type: 'array', items: sessionSchema },
    linkedAccount: { ...accountSchema, type: ['object', 'null'] },
    linkedSessions: { type: 'array', items: sessionSchema },
  },
} as const;

const tags = ['team'];

/** Team › Agents and Team › Administrators: lists, profiles, accounts and ending their sessions. */
export async function teamRoutes(fastify: FastifyInstance, { team }: { team: TeamService }): Promise<void> {
  // Request and answer types come from the schemas, not from interfaces written beside them.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();

  for (const [role, path, plural, singular] of [
    ['agent', '/api/team/agents', 'Agents', 'Agent'],
    ['admin', '/api/team/admins', 'Admins', 'Admin'],
  ] as const) {
    const who = role === 'agent' ? 'agent' : 'administrator';
    app.get(
      path,
      {
        config: { auth: true },
        schema: {
          operationId: `list${plural}`,
          summary: `The ${who} accounts with presence, session status and active sessions`,
          tags,
          querystring: listQuery,
          response: { 200: listResponse },
        },
      },
      async (request) => team.list(ctxOf(request), role, request.query),
    );

    app.post(
      path,
      {
        config: { auth: true },
        schema: {
          operationId: `create${singular}`,
          summary: `Create an ${who} account (an existing email joins its login)`,
          tags,
          body: createBody(role),
          response: { 201: { type: 'object', required: ['account'], properties: { account: accountSchema } } },
        },
      },
      async (request, reply) => {
        const ctx = ctxOf(request);
        return reply.status(201).send(await team.create(ctx, actorOf(ctx, request.ip), role, request.body));
      },
    );
  }

  app.get(
    '/api/team/accounts/:id',
    {
      config: { auth: true },
      schema: {
        operationId: 'getAccount',
        summary: 'An account profile with its sessions and its linked account',
        tags,
        params: idParams,
        response: { 200: profileResponse },
      },
    },
    async (request) => team.profile(ctxOf(request), request.params.id),
  );

  app.patch(
    '/api/team/accounts/:id',
    {
      config: { auth: true },
      schema: {
        operationId: 'updateAccount',
        summary: 'Rename, disable or enable an account, or change its grants',
        tags,
        params: idParams,
        body: patchBody,
        response: { 200: { type: 'object', required: ['account', 'endedSessions'], properties: { account: accountSchema, endedSessions: { type: 'integer' } } } },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return team.update(ctx, actorOf(ctx, request.ip), request.params.id, request.body);
    },
  );

  app.post(
    '/api/team/accounts/:id/end-sessions',
    {
      config: { auth: true },
      schema: { operationId: 'endAccountSessions', summary: 'End every active session of one account', tags, params: idParams, response: { 200: endedResponse } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return team.endAccountSessions(ctx, actorOf(ctx, request.ip), request.params.id);
    },
  );

  app.post(
    '/api/team/end-sessions',
    {
      // Dangerous when it names more than one account (issue 16): one account is an everyday act.
      config: { auth: true, recentProof: { grants: ['team.agents', 'team.admins'], when: (request) => namesSeveral(request.body) } },
      schema: {
        operationId: 'endSessionsOfAccounts',
        summary: 'End every active session of many accounts, reported per account',
        tags,
        body: bulkBody,
        response: { 200: bulkResponse },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return team.endMany(ctx, actorOf(ctx, request.ip), request.body.accountIds);
    },
  );
}
