import { hash, randomBytes } from 'node:crypto';

/** A public identifier such as `ses_3k9f…`: 120 random bits, safe in URLs, never a secret. */
export function newId(prefix: 'ws' | 'lgn' | 'acc' | 'ses' | 'key' | 'tok' | 'whk' | 'dlv' | 'msg'): string {
  return `${prefix}_${randomBytes(15).toString('base64url')}`;
}

/** A session token: 256 bits from the system's CSPRNG, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A credential for another program (a service key): a fixed prefix that says what it is (so
 * secret scanners and people recognise it), then 256 bits from the CSPRNG, base64url.
 */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Whether a cookie value could be a token at all, so garbage never reaches the database. */
export function isTokenShaped(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

/**
 * What the database keeps instead of the token. A lookup by this hash leaks nothing useful
 * through timing: learning which stored hashes share a prefix with SHA-256(guess) does not
 * help anyone find a preimage, so no separate constant-time compare is needed.
 */
export function hashToken(token: string): string {
  // The one-shot form: no Hash object per session check.
  return hash('sha256', token, 'hex');
}
