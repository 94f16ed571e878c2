import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../access/actor.js';
import { ApiError } from '../errors.js';
import { ctxOf } from '../http/auth.js';
import { idParams } from '../http/validation.js';
import type { KeyContext } from './keys.js';
import { keySchema, presentKey } from './present.js';
import type { IntegrationService } from './service.js';

const introspectBody = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 512, description: 'The value of the gatehouse_session cookie the person sent to your app.' },
    ip: { type: 'string', minLength: 2, maxLength: 64, description: "The person's address, as your app sees it; required when the workspace has an IP allow list." },
    // RFC 7662's optional hint; only session tokens are introspected here.
    token_type_hint: { type: 'string', maxLength: 64 },
  },
} as const;

const introspectResponse = {
  title: 'Introspection',
  type: 'object',
  required: ['active'],
  properties: {
    active: { type: 'boolean' },
    sub: { type: 'string', description: 'The account id.' },
    sid: { type: 'string', description: 'The session id.' },
    role: { type: 'string', enum: ['agent', 'admin'] },
    workspace: { type: 'string', description: "The workspace's slug." },
    iat: { type: 'integer', description: 'When the session started, in seconds since the epoch.' },
    exp: { type: 'integer', description: 'When the session expires unless it is used again (idle timeout) or at the latest (lifetime), in seconds since the epoch.' },
    name: { type: 'string' },
    email: { type: 'string' },
  },
} as const;

const createBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S', description: 'it needs at least one visible character' } },
} as const;

const tags = ['integrations'];

/** The service key a request carries as `Authorization: Bearer <key>`. */
function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The active service key a request of another app carries, or 401 with a Bearer challenge. */
export async function serviceKeyOf(integrations: IntegrationService, request: FastifyRequest, reply: FastifyReply): Promise<KeyContext> {
  const secret = bearerOf(request);
  const key = secret ? await integrations.authenticateKey(secret, request.ip) : null;
  if (!key) {
    void reply.header('www-authenticate', 'Bearer realm="gatehouse"');
    throw new ApiError('unauthenticated', 'Send an active service key of this workspace as a Bearer token (Settings › Integrations).');
  }
  return key;
}

/** Settings › Integrations (service keys) and the introspection other apps call with a key. */
export async function integrationRoutes(fastify: FastifyInstance, { integrations }: { integrations: IntegrationService }): Promise<void> {
  // Request and answer types come from the schemas, not from interfaces written beside them.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  app.post(
    '/api/introspect',
    {
      schema: {
        operationId: 'introspectToken',
        summary: 'Is this session cookie valid? (RFC 7662 token introspection, with a service key)',
        tags,
        security: [{ serviceKey: [] }],
        body: introspectBody,
        response: { 200: introspectResponse },
      },
    },
    async (request, reply) => {
      const key = await serviceKeyOf(integrations, request, reply);
      return integrations.introspect(key, request.body);
    },
  );

  app.get(
    '/api/integrations/keys',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'listServiceKeys',
        summary: 'The service keys of the workspace',
        tags,
        response: { 200: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: keySchema } } } },
      },
    },
    async (request) => ({
      keys: (await integrations.listKeys(ctxOf(request))).map(presentKey),
    }),
  );

  app.post(
    '/api/integrations/keys',
    {
      config: { auth: true, sessionOnly: true, recentProof: { grants: ['integrations'] } },
      schema: {
        operationId: 'createServiceKey',
        summary: 'Create a service key; its secret is shown once',
        tags,
        body: createBody,
        response: {
          201: {
            type: 'object',
            required: ['key', 'secret'],
            properties: { key: keySchema, secret: { type: 'string', description: 'Shown once: Gatehouse keeps only its hash.' } },
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { key, secret } = await integrations.createKey(ctx, actorOf(ctx, request.ip), request.body.name);
      return reply.status(201).send({ key: presentKey(key), secret });
    },
  );

  app.delete(
    '/api/integrations/keys/:id',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'revokeServiceKey',
        summary: 'Revoke a service key',
        tags,
        params: idParams,
        response: { 200: { type: 'object', required: ['revoked'], properties: { revoked: { type: 'integer' } } } },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { revoked: await integrations.revokeKey(ctx, actorOf(ctx, request.ip), request.params.id) };
    },
  );
}
