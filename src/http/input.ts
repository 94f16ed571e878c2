import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

/**
 * Refuses text containing a NUL character anywhere in a request's body, query or path. JSON
 * allows "\u0000", but PostgreSQL text cannot hold it: without this check an anonymous sign-in
 * with such an email was a 500 on PostgreSQL and a stored oddity on SQLite, so the two backends
 * answered differently. No name, email, id or search legitimately contains one.
 */
export function installInputChecks(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request.
  app.addHook('preValidation', (request, _reply, done) => {
    if (holdsNul(request.body, 0)) return done(nulIn('body'));
    if (holdsNul(request.query, 0)) return done(nulIn('querystring'));
    if (holdsNul(request.params, 0)) return done(nulIn('params'));
    done();
  });
}

const nulIn = (part: string) => new ApiError('invalid_request', `The ${part} contains a NUL character.`);

function holdsNul(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  // Bodies are at most 256 KiB and JSON nests shallowly; the depth bound keeps this cheap regardless.
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => holdsNul(v, depth + 1));
  for (const key in value) {
    if (key.includes('\u0000') || holdsNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
