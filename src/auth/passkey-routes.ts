import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../access/actor.js';
import { ctxOf } from '../http/auth.js';
import type { RelyingParty } from '../http/host.js';
import { optionsSchema, registrationResponseSchema } from './passkey-schemas.js';
import type { Passkeys } from './passkeys.js';

const passkeySchema = {
  title: 'Passkey',
  type: 'object',
  required: ['id', 'name', 'transports', 'createdAt', 'lastUsedAt'],
  properties: {
    id: { type: 'string', description: 'The credential id (base64url).' },
    name: { type: 'string' },
    transports: { type: 'array', items: { type: 'string' }, description: 'How the browser reached it: internal, usb, nfc, ble, hybrid…' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const name = { type: 'string', minLength: 1, maxLength: 64 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 1366 } } } as const;

/**
 * My account › Two-factor: passkeys and security keys (list, add, rename, remove). Console
 * sessions only, like the authenticator app; listing and adding are open to a session limited to
 * enrolment, so a passkey can satisfy the workspace's requirement.
 */
export async function passkeyRoutes(
  fastify: FastifyInstance,
  { passkeys, relyingParty }: { passkeys: Passkeys; relyingParty: (request: FastifyRequest) => RelyingParty },
): Promise<void> {
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const enrolment = { auth: true, sessionOnly: true, duringEnrolment: true } as const;
  const tags = ['me'];

  app.get(
    '/api/me/second-factor/passkeys',
    {
      config: enrolment,
      schema: {
        operationId: 'listMyPasskeys',
        summary: "The login's passkeys and security keys",
        tags,
        response: { 200: { type: 'object', required: ['passkeys'], properties: { passkeys: { type: 'array', items: passkeySchema } } } },
      },
    },
    async (request) => passkeys.list(ctxOf(request)),
  );

  app.post(
    '/api/me/second-factor/passkeys/options',
    {
      config: enrolment,
      schema: {
        operationId: 'startPasskeyEnrolment',
        summary: 'Start adding a passkey: WebAuthn creation options with a new challenge (5 minutes, once)',
        tags,
        response: { 200: optionsSchema('PasskeyCreationOptions') },
      },
    },
    // Spread into a plain object: the schema's open type takes it, WebAuthn's interface is not.
    async (request) => ({ ...(await passkeys.startEnrolment(ctxOf(request), relyingParty(request))) }),
  );

  app.post(
    '/api/me/second-factor/passkeys',
    {
      config: enrolment,
      schema: {
        operationId: 'addPasskey',
        summary: "Add a passkey with the browser's answer to the creation options; the login's first factor also answers ten recovery codes, once",
        tags,
        body: { type: 'object', required: ['name', 'response'], additionalProperties: false, properties: { name, response: registrationResponseSchema } },
        response: {
          200: {
            title: 'PasskeyAdded',
            type: 'object',
            required: ['passkey', 'recoveryCodes'],
            properties: {
              passkey: passkeySchema,
              recoveryCodes: {
                type: 'array',
                items: { type: 'string' },
                description: 'Ten single-use codes when this is the login’s first factor (shown this once), otherwise empty.',
              },
            },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      // The schema checks the shape; @simplewebauthn/server checks every byte of it.
      const response = request.body.response as unknown as RegistrationResponseJSON;
      return passkeys.finishEnrolment(ctx, actorOf(ctx, request.ip), { name: request.body.name, response }, relyingParty(request));
    },
  );

  app.patch(
    '/api/me/second-factor/passkeys/:id',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'renamePasskey',
        summary: 'Rename one of your passkeys',
        tags,
        params: idParams,
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name } },
        response: { 200: { type: 'object', required: ['passkey'], properties: { passkey: passkeySchema } } },
      },
    },
    async (request) => ({ passkey: await passkeys.rename(ctxOf(request), request.params.id, request.body.name) }),
  );

  // On the untyped instance: it answers 204 with no body at all.
  fastify.delete<{ Params: { id: string } }>(
    '/api/me/second-factor/passkeys/:id',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'removePasskey',
        summary: 'Remove one of your passkeys; it no longer signs in',
        tags,
        params: idParams,
        response: { 204: { description: 'Removed', type: 'null' } },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await passkeys.remove(ctx, actorOf(ctx, request.ip), request.params.id);
      return reply.status(204).send();
    },
  );
}
