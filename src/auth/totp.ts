import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { hashToken } from '../lib/ids.js';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const totpOf = (secret: string, label = '', issuer = 'Gatehouse') =>
  new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/** A new TOTP secret: 160 random bits (RFC 4226's recommendation), base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** What enrolment shows: the otpauth:// URI and the same as a QR code (SVG, made here, never by a third party). */
export async function enrolmentOf(secret: string, account: string, issuer: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totpOf(secret, account, issuer).toString();
  return { uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
}

/**
 * The 30-second step a code belongs to when it is right at `now` (the step before, this one or the
 * one after: clocks drift), else null. The caller refuses a step already used (replay).
 */
export function stepOfCode(secret: string, code: string, now: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secret).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

// Recovery codes: 10 characters of Crockford's base32 (no i, l, o, u: nothing to misread), 50 bits
// each, shown as xxxxx-xxxxx. 32 letters, so each random byte's low 5 bits pick one without bias.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Ten new single-use recovery codes, as shown once to their owner. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => ALPHABET[b & 31]!).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What is stored of a recovery code: the SHA-256 of its normalised form (case, spaces and dashes do not matter). */
export function recoveryCodeHash(code: string): string {
  return hashToken(code.toLowerCase().replace(/[\s-]+/g, ''));
}
