import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import { ctxOf } from '../http/auth.js';
import { idParams } from '../http/validation.js';
import type { Clock } from '../lib/clock.js';
import { presentToken, tokenSchema } from './present.js';
import type { IntegrationService } from './service.js';
import { MAX_TOKEN_DAYS } from './tokens.js';

const createBody = {
  type: 'object',
  required: ['name', 'scope', 'expiresInDays'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S', description: 'it needs at least one visible character' },
    scope: {
      type: 'string',
      enum: ['read', 'full'],
      description: '`read`: GET calls only; `full`: every call the account may make, except those that need the console (sign-out, switching, passwords, keys and tokens).',
    },
    expiresInDays: { type: 'integer', minimum: 1, maximum: MAX_TOKEN_DAYS },
  },
} as const;
const listResponse = { type: 'object', required: ['tokens'], properties: { tokens: { type: 'array', items: tokenSchema } } } as const;
const revokedResponse = { type: 'object', required: ['revoked'], properties: { revoked: { type: 'integer' } } } as const;
// Tokens are made and revoked from the console only: a token never makes or keeps another.
const config = { auth: true, sessionOnly: true };

/** My account › Authorized apps (a login's own tokens), and every token of the workspace for Settings › Integrations. */
export async function tokenRoutes(fastify: FastifyInstance, { integrations, clock }: { integrations: IntegrationService; clock: Clock }): Promise<void> {
  // Request and answer types come from the schemas, not from interfaces written beside them.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  app.get(
    '/api/me/tokens',
    { config, schema: { operationId: 'listMyTokens', summary: "The login's personal access tokens", tags: ['me'], response: { 200: listResponse } } },
    async (request) => ({
      tokens: (await integrations.listOwnTokens(ctxOf(request))).map((t) => presentToken(t, clock.now())),
    }),
  );

  app.post(
    '/api/me/tokens',
    {
      // A full-access token may do the dangerous acts without re-authenticating (it cannot), so
      // making one is itself one (issue 16): a stolen console session cannot mint its way around it.
      config: { ...config, recentProof: { when: (request) => (request.body as { scope?: string }).scope === 'full' } },
      schema: {
        operationId: 'createMyToken',
        summary: 'Create a personal access token; its secret is shown once',
        tags: ['me'],
        body: createBody,
        response: {
          201: {
            type: 'object',
            required: ['token', 'secret'],
            properties: { token: tokenSchema, secret: { type: 'string', description: 'Shown once: Gatehouse keeps only its hash.' } },
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { token, secret } = await integrations.createToken(ctx, actorOf(ctx, request.ip), request.body);
      return reply.status(201).send({ token: presentToken(token, clock.now()), secret });
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      config,
      schema: { operationId: 'revokeMyToken', summary: 'Revoke one of my personal access tokens', tags: ['me'], params: idParams, response: { 200: revokedResponse } },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { revoked: await integrations.revokeOwnToken(ctx, actorOf(ctx, request.ip), request.params.id) };
    },
  );

  app.get(
    '/api/integrations/tokens',
    { config, schema: { operationId: 'listAccessTokens', summary: 'Every personal access token of the workspace', tags: ['integrations'], response: { 200: listResponse } } },
    async (request) => ({
      tokens: (await integrations.listAllTokens(ctxOf(request))).map((t) => presentToken(t, clock.now())),
    }),
  );

  app.delete(
    '/api/integrations/tokens/:id',
    {
      config,
      schema: {
        operationId: 'revokeAccessToken',
        summary: 'Revoke any personal access token of the workspace',
        tags: ['integrations'],
        params: idParams,
        response: { 200: revokedResponse },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { revoked: await integrations.revokeAnyToken(ctx, actorOf(ctx, request.ip), request.params.id) };
    },
  );
}
