import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accountIdentityProperties, accountIdentityRequired } from '../accounts/schema.js';
import { AUTH_METHODS } from '../db/schema.js';
import { ctxOf, type SessionCookie } from '../http/auth.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import type { RelyingParty } from '../http/host.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../lib/passwords.js';
import { authenticationResponseSchema, optionsSchema } from './passkey-schemas.js';
import type { Reauthentication } from './reauthentication.js';
import type { AuthService } from './service.js';

const loginBody = {
  type: 'object',
  required: ['workspace', 'email', 'password'],
  additionalProperties: false,
  properties: {
    workspace: { type: 'string', minLength: 1, maxLength: 64 },
    email: { type: 'string', minLength: 3, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
    account: { type: 'string', enum: ['agent', 'admin'] },
  },
} as const;

const passwordBody = {
  type: 'object',
  required: ['current', 'next'],
  additionalProperties: false,
  properties: {
    current: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
    next: { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH },
  },
} as const;

const switchBody = {
  type: 'object',
  required: ['account'],
  additionalProperties: false,
  properties: { account: { type: 'string', enum: ['agent', 'admin'] } },
} as const;

/** What sign-in and switching answer (docs/API.md); also their description in /api/openapi.json. */
const signedInResponse = {
  title: 'SignedIn',
  type: 'object',
  required: ['account', 'session'],
  properties: {
    account: {
      type: 'object',
      required: accountIdentityRequired,
      properties: accountIdentityProperties,
    },
    session: {
      type: 'object',
      required: ['id', 'flags', 'authMethod', 'restriction'],
      properties: {
        id: { type: 'string' },
        flags: { type: 'array', items: { type: 'string' } },
        authMethod: { type: 'string', enum: AUTH_METHODS },
        restriction: {
          type: ['string', 'null'],
          enum: ['second_factor_enrolment', null],
          description: '`second_factor_enrolment`: the session reaches only two-factor enrolment until the login enrols.',
        },
      },
    },
  },
} as const;

/** A right password for a login with a second factor: no session and no cookie yet, a challenge for the second step. */
const secondStepResponse = {
  title: 'SecondFactorChallenge',
  type: 'object',
  required: ['next', 'challenge', 'expiresAt', 'methods'],
  properties: {
    next: { type: 'string', enum: ['second_factor'] },
    challenge: { type: 'string', description: 'Send it to POST /api/auth/login/second-factor with a code or a passkey within 5 minutes; it works once.' },
    expiresAt: { type: 'string', format: 'date-time' },
    methods: {
      type: 'array',
      items: { type: 'string', enum: ['totp', 'passkey', 'recovery_code'] },
      description: 'How this login can finish: `totp` when it has an authenticator app, `passkey` when it has a passkey.',
    },
    passkey: {
      ...optionsSchema('PasskeyRequestOptions'),
      description: 'With `passkey` among the methods: WebAuthn request options bound to this challenge, for `startAuthentication({ optionsJSON })`.',
    },
  },
} as const;

const secondFactorBody = {
  type: 'object',
  required: ['challenge'],
  additionalProperties: false,
  properties: {
    challenge: { type: 'string', minLength: 1, maxLength: 64 },
    code: { type: 'string', minLength: 6, maxLength: 12, description: 'The 6 digits the authenticator app shows now.' },
    recoveryCode: { type: 'string', minLength: 8, maxLength: 32, description: 'One of the recovery codes shown at enrolment (each works once).' },
    passkey: authenticationResponseSchema,
  },
} as const;

const reauthenticateBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  description:
    'One of: `password` (only for a login without a second factor), `code` (an authenticator code, or a recovery code, which is then used up), or `passkey` (the answer to the options of POST /api/auth/reauthenticate/passkey-options).',
  properties: {
    password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
    code: { type: 'string', minLength: 6, maxLength: 32, description: 'The 6 digits the authenticator app shows now, or one of the recovery codes.' },
    passkey: authenticationResponseSchema,
  },
} as const;

const reauthenticatedResponse = {
  title: 'Reauthenticated',
  type: 'object',
  required: ['method', 'reauthenticatedAt', 'validUntil'],
  properties: {
    method: { type: 'string', enum: ['password', 'totp', 'passkey', 'recovery_code'] },
    reauthenticatedAt: { type: 'string', format: 'date-time' },
    validUntil: { type: 'string', format: 'date-time', description: 'Dangerous acts are allowed to this session without asking again until then (10 minutes).' },
  },
} as const;

/** Sign-in, sign-out, switching to the linked account, changing the password and re-authenticating. */
export async function authRoutes(
  fastify: FastifyInstance,
  {
    auth,
    reauthentication,
    cookie,
    device,
    relyingParty,
  }: { auth: AuthService; reauthentication: Reauthentication; cookie: SessionCookie; device: DeviceCookie; relyingParty: (request: FastifyRequest) => RelyingParty },
): Promise<void> {
  // Request and answer types come from the schemas, not from interfaces written beside them.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const clientOf = (request: { ip: string; headers: { 'user-agent'?: string } }) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });

  app.post(
    '/api/auth/login',
    {
      schema: {
        operationId: 'signIn',
        summary: 'Sign in to one account of a login and receive the session cookie, or a challenge for the second factor',
        tags: ['auth'],
        security: [],
        body: loginBody,
        response: {
          200: {
            description: 'Signed in (the cookie is set), or, for a login with a second factor, a challenge for the second step (no cookie)',
            anyOf: [signedInResponse, secondStepResponse],
          },
        },
      },
    },
    async (request, reply) => {
      const outcome = await auth.signIn(request.body, { ...clientOf(request), device: device.read(request), rp: relyingParty(request) });
      if (outcome.kind === 'second_factor') return reply.status(200).send(outcome.body);
      cookie.set(request, reply, outcome.token, outcome.maxAgeSeconds);
      if (outcome.device) device.set(request, reply, outcome.device);
      return reply.status(200).send(outcome.body);
    },
  );

  app.post(
    '/api/auth/login/second-factor',
    {
      schema: {
        operationId: 'signInSecondFactor',
        summary: 'Finish a sign-in with an authenticator code, a passkey or a recovery code, and receive the session cookie',
        tags: ['auth'],
        security: [],
        body: secondFactorBody,
        response: { 200: signedInResponse },
      },
    },
    async (request, reply) => {
      // The schema checks the passkey answer's shape; @simplewebauthn/server checks every byte of it.
      const body = { ...request.body, passkey: request.body.passkey as AuthenticationResponseJSON | undefined };
      const signedIn = await auth.completeSignIn(body, { ...clientOf(request), device: device.read(request), rp: relyingParty(request) });
      cookie.set(request, reply, signedIn.token, signedIn.maxAgeSeconds);
      if (signedIn.device) device.set(request, reply, signedIn.device);
      return reply.status(200).send(signedIn.body);
    },
  );

  // On the untyped instance: it takes nothing and answers 204 with no body at all.
  fastify.post(
    '/api/auth/logout',
    {
      config: { auth: true, sessionOnly: true, duringEnrolment: true },
      schema: {
        operationId: 'signOut',
        summary: 'Sign out: end the current session and clear the cookie',
        tags: ['auth'],
        response: { 204: { description: 'Signed out; the cookie is cleared', type: 'null' } },
      },
    },
    async (request, reply) => {
      await auth.signOut(ctxOf(request), request.ip);
      cookie.clear(request, reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/switch',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'switchAccount',
        summary: 'Switch to the linked account of the same login',
        tags: ['auth'],
        body: switchBody,
        response: { 200: signedInResponse },
      },
    },
    async (request, reply) => {
      const signedIn = await auth.switchAccount(ctxOf(request), request.body.account, clientOf(request));
      cookie.set(request, reply, signedIn.token, signedIn.maxAgeSeconds);
      return signedIn.body;
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'changePassword',
        summary: "Change the login's password, ending its other sessions",
        tags: ['auth'],
        body: passwordBody,
        response: { 200: { type: 'object', required: ['endedSessions'], properties: { endedSessions: { type: 'integer' } } } },
      },
    },
    async (request, reply) => {
      const changed = await auth.changePassword(ctxOf(request), request.body, request.ip);
      device.set(request, reply, changed.device);
      return { endedSessions: changed.endedSessions };
    },
  );

  // Console sessions only: a personal access token cannot prove a person is at the keyboard.
  app.post(
    '/api/auth/reauthenticate',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'reauthenticate',
        summary: 'Confirm it is you again, so this session may do dangerous acts for the next 10 minutes',
        description:
          'Answers a 403 `reauthentication_required` (whose `methods` say what this login can use). A wrong answer counts toward the sign-in limits and is audited as a failed sign-in.',
        tags: ['auth'],
        body: reauthenticateBody,
        response: { 200: reauthenticatedResponse },
      },
    },
    async (request) => {
      // The schema checks the passkey answer's shape; @simplewebauthn/server checks every byte of it.
      const body = { ...request.body, passkey: request.body.passkey as AuthenticationResponseJSON | undefined };
      return reauthentication.reauthenticate(ctxOf(request), body, { ip: request.ip, device: device.read(request), rp: relyingParty(request) });
    },
  );

  app.post(
    '/api/auth/reauthenticate/passkey-options',
    {
      config: { auth: true, sessionOnly: true },
      schema: {
        operationId: 'startPasskeyReauthentication',
        summary: "Start confirming it is you with a passkey: WebAuthn request options for the login's passkeys, with a new challenge (5 minutes, once)",
        description:
          'Pass them to `startAuthentication({ optionsJSON })` and send the answer as `passkey` to POST /api/auth/reauthenticate. 409 `no_passkey` for a login without one.',
        tags: ['auth'],
        response: { 200: optionsSchema('PasskeyRequestOptions') },
      },
    },
    // Spread into a plain object: the schema's open type takes it, WebAuthn's interface is not.
    async (request) => ({ ...(await reauthentication.passkeyOptions(ctxOf(request), relyingParty(request))) }),
  );
}
