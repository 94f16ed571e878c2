import {
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

/**
 * What a browser's refusal means for the person, in words: cancelled or timed out, a key already
 * added, a page address passkeys cannot use, or no passkey support at all.
 */
function explain(err: unknown, adding: boolean): Error {
  const name = err instanceof Error ? err.name : '';
  const code = err instanceof WebAuthnError ? err.code : '';
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') return new Error('This passkey or security key is already added to your account.');
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError')
    return new Error('This browser refuses passkeys on this address. Open Gatehouse at its usual address (https) and try again.');
  if (name === 'NotAllowedError' || name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED')
    return new Error(
      adding
        ? 'Adding the passkey was cancelled or timed out. Try again when your key or device is ready.'
        : 'The passkey request was cancelled or timed out. Try again, or use a code.',
    );
  if (name === 'NotSupportedError') return new Error('This browser or device has no passkey it can use here.');
  return new Error(err instanceof Error && err.message ? err.message : 'The browser could not use a passkey.');
}

/** Asks the browser to make a passkey for these creation options (server-made, typed loosely in the API). */
export async function createPasskey(options: { challenge: string }) {
  try {
    return await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
  } catch (err) {
    throw explain(err, true);
  }
}

/** Asks the browser to sign these request options with one of the login's passkeys. */
export async function signWithPasskey(options: { challenge: string }) {
  try {
    return await startAuthentication({ optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON });
  } catch (err) {
    throw explain(err, false);
  }
}
