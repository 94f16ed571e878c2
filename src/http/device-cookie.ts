import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, serializeCookie } from '../lib/cookies.js';

export const DEVICE_COOKIE_NAME = 'gatehouse_device';
/** Its name on https, like the session cookie's: `__Host-` keeps sibling subdomains from planting or overwriting it. */
const SECURE_DEVICE_COOKIE_NAME = `__Host-${DEVICE_COOKIE_NAME}`;

/** A year: a browser people sign in from stays recognised across many sessions. */
const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Reads and sets the device cookie, which tells sign-in that this browser signed in to a login
 * before (src/auth/device.ts). HttpOnly and SameSite=Lax like the session cookie, and Secure on the
 * same rule (configured so, or the request came over https). Sign-out leaves it: it is not a
 * credential, only a reason not to slow this browser down. On https it is named with the `__Host-`
 * prefix, and the plain name is ignored there, as the session cookie's is (src/http/auth.ts).
 */
export interface DeviceCookie {
  read(request: FastifyRequest): string | undefined;
  set(request: FastifyRequest, reply: FastifyReply, value: string): void;
}

export function deviceCookie(alwaysSecure: boolean): DeviceCookie {
  const secure = (request: FastifyRequest) => alwaysSecure || request.protocol === 'https';
  const nameFor = (request: FastifyRequest) => (secure(request) ? SECURE_DEVICE_COOKIE_NAME : DEVICE_COOKIE_NAME);
  return {
    read: (request) => readCookie(request.headers.cookie, nameFor(request)),
    set: (request, reply, value) =>
      void reply.header('set-cookie', serializeCookie(nameFor(request), value, { maxAgeSeconds: DEVICE_COOKIE_MAX_AGE_SECONDS, secure: secure(request) })),
  };
}
