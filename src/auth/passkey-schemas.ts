/** JSON schemas of the WebAuthn answers a browser sends (as @simplewebauthn/browser 13 makes them), shared by sign-in and My account. */

const base64url = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+={0,2}$' }) as const;

const credentialProperties = {
  id: base64url(1366),
  rawId: base64url(1366),
  type: { type: 'string', enum: ['public-key'] },
  authenticatorAttachment: { type: 'string', maxLength: 32 },
  clientExtensionResults: { type: 'object' },
} as const;

/** What `startRegistration()` answers: a new credential and its attestation (fmt "none" is enough; Gatehouse asks for no attestation). */
export const registrationResponseSchema = {
  title: 'PasskeyRegistrationResponse',
  type: 'object',
  required: ['id', 'rawId', 'type', 'response'],
  properties: {
    ...credentialProperties,
    response: {
      type: 'object',
      required: ['clientDataJSON', 'attestationObject'],
      properties: {
        clientDataJSON: base64url(8192),
        attestationObject: base64url(65536),
        authenticatorData: base64url(65536),
        transports: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 32 } },
        publicKeyAlgorithm: { type: 'integer' },
        publicKey: base64url(8192),
      },
    },
  },
} as const;

/** What `startAuthentication()` answers: an assertion signed by one credential. */
export const authenticationResponseSchema = {
  title: 'PasskeyAuthenticationResponse',
  type: 'object',
  required: ['id', 'rawId', 'type', 'response'],
  description: 'The answer of `navigator.credentials.get()` in JSON (as @simplewebauthn/browser `startAuthentication()` returns it).',
  properties: {
    ...credentialProperties,
    response: {
      type: 'object',
      required: ['clientDataJSON', 'authenticatorData', 'signature'],
      properties: {
        clientDataJSON: base64url(8192),
        authenticatorData: base64url(65536),
        signature: base64url(2048),
        userHandle: { type: 'string', maxLength: 1024 },
      },
    },
  },
} as const;

/** The options handed to the browser; their fields are WebAuthn's (PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON). */
export const optionsSchema = (title: string) =>
  ({
    title,
    type: 'object',
    required: ['challenge'],
    additionalProperties: true,
    description: 'WebAuthn options in JSON: pass them to @simplewebauthn/browser as `{ optionsJSON }`.',
    properties: { challenge: { type: 'string' }, rpId: { type: 'string' }, timeout: { type: 'integer' } },
  }) as const;
