import {
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { i18n } from './i18n';

/**
 * What a browser's refusal means for the person, in words: cancelled or timed out, a key already
 * added, a page address passkeys cannot use, or no passkey support at all.
 */
function explain(err: unknown, adding: boolean): Error {
  const name = err instanceof Error ? err.name : '';
  const code = err instanceof WebAuthnError ? err.code : '';
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') return new Error(i18n.t('auth:passkeyBrowser.alreadyAdded'));
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError') return new Error(i18n.t('auth:passkeyBrowser.badAddress'));
  if (name === 'NotAllowedError' || name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED')
    return new Error(adding ? i18n.t('auth:passkeyBrowser.addCancelled') : i18n.t('auth:passkeyBrowser.signCancelled'));
  if (name === 'NotSupportedError') return new Error(i18n.t('auth:passkeyBrowser.unsupported'));
  return new Error(err instanceof Error && err.message ? err.message : i18n.t('auth:passkeyBrowser.failed'));
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
