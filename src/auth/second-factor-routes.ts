import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import { ctxOf } from '../http/auth.js';
import { idParams } from '../http/validation.js';
import { PASSWORD_MAX_LENGTH } from '../lib/passwords.js';
import type { SecondFactors } from './second-factor.js';

const statusResponse = {
  title: 'SecondFactorStatus',
  type: 'object',
  required: ['enrolled', 'enrolledAt', 'hasPasskey', 'recoveryCodesLeft', 'required', 'requiredFrom', 'mustEnrol'],
  properties: {
    enrolled: { type: 'boolean', description: 'An authenticator app is set up for this login.' },
    enrolledAt: { type: ['string', 'null'], format: 'date-time' },
    hasPasskey: { type: 'boolean', description: 'At least one passkey or security key is set up for this login (GET /api/me/second-factor/passkeys lists them).' },
    recoveryCodesLeft: { type: 'integer' },
    required: { type: 'boolean', description: 'The workspace requires a second factor of this account’s role.' },
    requiredFrom: { type: ['string', 'null'], format: 'date-time', description: 'When the grace period ends: sign-ins without a factor are then limited to enrolment.' },
    mustEnrol: { type: 'boolean', description: 'This session is limited to enrolment until the login enrols.' },
  },
} as const;

const enrolmentResponse = {
  title: 'SecondFactorEnrolment',
  type: 'object',
  required: ['secret', 'uri', 'qrSvg', 'expiresAt'],
  properties: {
    secret: { type: 'string', description: 'The key in base32, for typing into the app by hand. Shown until enrolment is confirmed, never after.' },
    uri: { type: 'string', description: 'The otpauth:// URI (SHA-1, 6 digits, 30 s).' },
    qrSvg: { type: 'string', description: 'The URI as a QR code, an SVG document made by the server.' },
    expiresAt: { type: 'string', format: 'date-time', description: 'Confirm before this, or start again.' },
  },
} as const;

const codeBody = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', minLength: 6, maxLength: 12 } },
} as const;

const removeBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
    code: { type: 'string', minLength: 6, maxLength: 12 },
  },
} as const;

/**
 * My account › Two-factor (enrol, confirm, remove) and an administrator's reset of an account's
 * factor. Console sessions only: a personal access token never manages sign-in factors. Reading the
 * status and enrolling are open to a session limited to enrolment; nothing else is.
 */
export async function secondFactorRoutes(fastify: FastifyInstance, { secondFactors }: { secondFactors: SecondFactors }): Promise<void> {
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const enrolment = { auth: true, sessionOnly: true, duringEnrolment: true } as const;

  app.get(
    '/api/me/second-factor',
    {
      config: enrolment,
      schema: {
        operationId: 'getMySecondFactor',
        summary: 'Whether two-factor sign-in is set up for this login, and whether the workspace requires it',
        tags: ['me'],
        response: { 200: statusResponse },
      },
    },
    async (request) => secondFactors.status(ctxOf(request)),
  );

  app.post(
    '/api/me/second-factor/totp',
    {
      config: enrolment,
      schema: {
        operationId: 'startTotpEnrolment',
        summary: 'Start setting up an authenticator app: a new secret, its otpauth:// URI and QR code',
        tags: ['me'],
        response: { 200: enrolmentResponse },
      },
    },
    async (request) => secondFactors.startEnrolment(ctxOf(request)),
  );

  app.post(
    '/api/me/second-factor/totp/confirm',
    {
      config: enrolment,
      schema: {
        operationId: 'confirmTotpEnrolment',
        summary: 'Confirm the authenticator app with a current code; answers the ten recovery codes, once',
        tags: ['me'],
        body: codeBody,
        response: {
          200: {
            title: 'RecoveryCodes',
            type: 'object',
            required: ['recoveryCodes'],
            properties: { recoveryCodes: { type: 'array', items: { type: 'string' }, description: 'Ten single-use codes; shown this once, only their hashes are kept.' } },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return secondFactors.confirmEnrolment(ctx, actorOf(ctx, request.ip), request.body.code);
    },
  );

  // On the untyped instance: it answers 204 with no body at all.
  fastify.post<{ Body: { password?: string; code?: string } }>(
    '/api/me/second-factor/remove',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'removeMySecondFactor',
        summary: "Remove the login's authenticator app and recovery codes, proven with the password or a current code",
        tags: ['me'],
        body: removeBody,
        response: { 204: { description: 'Removed', type: 'null' } },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await secondFactors.remove(ctx, actorOf(ctx, request.ip), request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/team/accounts/:id/reset-second-factor',
    {
      config: { auth: true, sessionOnly: true, recentProof: { grants: ['team.agents', 'team.admins'] } },
      schema: {
        operationId: 'resetSecondFactor',
        summary: "Reset an account's two-factor sign-in: its login's sessions end and its next sign-in enrols again",
        tags: ['team'],
        params: idParams,
        response: { 200: { type: 'object', required: ['ended'], properties: { ended: { type: 'integer', description: 'How many sessions this ended.' } } } },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return secondFactors.reset(ctx, actorOf(ctx, request.ip), request.params.id);
    },
  );
}
