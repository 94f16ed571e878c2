import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LoginRow } from '../db/schema.js';

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser that
 * has signed in to a login carries a cookie proving it, so failures made elsewhere never lock it
 * out. The value is `<nonce>.<mac>`: 128 random bits and an HMAC-SHA256 over the nonce, the login
 * and its password hash, under a key kept in the database (the same on every node). Nothing is
 * stored per cookie. Every password set makes a new hash (a fresh salt, even for the same password),
 * so it changes the MAC every cookie needs: all of the login's device cookies stop counting at once.
 * The hash only feeds the keyed MAC; nothing of it can be read back from a cookie.
 */
export interface DeviceCookies {
  /** A new device cookie value for this login. */
  issue(login: Pick<LoginRow, 'id' | 'password_hash'>): Promise<string>;
  /** The nonce of `value` when it is a device cookie of this login as its password stands; else undefined. */
  verify(value: string | undefined, login: Pick<LoginRow, 'id' | 'password_hash'>): Promise<string | undefined>;
}

const SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function deviceCookies(key: () => Promise<Buffer>): DeviceCookies {
  const mac = async (nonce: string, login: Pick<LoginRow, 'id' | 'password_hash'>) =>
    createHmac('sha256', await key())
      .update(`gatehouse-device-v1\n${login.id}\n${login.password_hash}\n${nonce}`)
      .digest();
  return {
    async issue(login) {
      const nonce = randomBytes(16).toString('base64url');
      return `${nonce}.${(await mac(nonce, login)).toString('base64url')}`;
    },
    async verify(value, login) {
      const match = value === undefined ? null : SHAPE.exec(value);
      if (!match) return undefined;
      const [, nonce, given] = match as unknown as [string, string, string];
      const expected = await mac(nonce, login);
      const actual = Buffer.from(given, 'base64url');
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? nonce : undefined;
    },
  };
}
