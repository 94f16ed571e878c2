import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import { ApiError } from '../errors.js';
import { readCookie, serializeCookie } from '../lib/cookies.js';
import type { Services } from '../services.js';
import type { AuthResult } from '../sessions/service.js';
import { END_REASON_TEXT, type EndReason, type SessionContext } from '../sessions/types.js';
import { isCrossSite } from './csrf.js';

export const COOKIE_NAME = 'gatehouse_session';

declare module 'fastify' {
  interface FastifyInstance {
    gh: Services;
  }
  interface FastifyRequest {
    /** The signed-in session, on routes that ask for one. */
    ctx: SessionContext | null;
  }
  interface FastifyContextConfig {
    /** The route needs a valid session cookie. */
    auth?: boolean;
  }
}

/** The current session of a route declared with `config: { auth: true }`. */
export function ctxOf(request: FastifyRequest): SessionContext {
  if (!request.ctx) throw new ApiError('unauthenticated');
  return request.ctx;
}

export function cookieSecure(app: FastifyInstance, request: FastifyRequest): boolean {
  return app.gh.config.cookieSecure || request.protocol === 'https';
}

export function setSessionCookie(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  void reply.header('set-cookie', serializeCookie(COOKIE_NAME, token, { maxAgeSeconds, secure: cookieSecure(app, request) }));
}

export function clearSessionCookie(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', serializeCookie(COOKIE_NAME, '', { maxAgeSeconds: 0, secure: cookieSecure(app, request) }));
}

/**
 * Refuses cross-site state changes on every request, then resolves the session cookie on the
 * routes that need it. Call before any route is added: the session hook is attached to each
 * route declared with `config: { auth: true }` as it is added, so the others never look for it.
 */
export function installAuth(app: FastifyInstance): void {
  app.decorateRequest('ctx', null);
  // Callback hooks: most requests need no session (or are refused at once), and those should
  // not pay for a promise; only the session check itself is asynchronous.
  app.addHook('onRequest', (request, _reply, done) => {
    done(isCrossSite(request, app.gh.config.allowedOrigins) ? new ApiError('cross_site_request') : undefined);
  });
  // Most checks answer synchronously (a cached row): those run on without a promise.
  const resolveSession: onRequestHookHandler = (request, reply, done) => {
    const token = readCookie(request.headers.cookie, COOKIE_NAME);
    if (!token) return done(new ApiError('unauthenticated'));
    const result = app.gh.sessions.authenticate(token);
    if (result instanceof Promise) result.then((r) => admit(app, request, reply, done, r), done);
    else admit(app, request, reply, done, result);
  };
  app.addHook('onRoute', (route) => {
    if (!route.config?.auth) return;
    const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [resolveSession, ...own];
  });
}

function admit(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, result: AuthResult): void {
  if (result.kind === 'active') {
    request.ctx = result.ctx;
    return done();
  }
  if (result.kind === 'ended') {
    // The cookie of an ended session is left alone: it can never be valid again, and this
    // answer may reach the browser after it stored a newer cookie (a switch, a sign-in in
    // another tab), which clearing here would throw away, signing the person out.
    const reason = result.reason as EndReason;
    return done(new ApiError('session_expired', END_REASON_TEXT[reason] ?? undefined, { reason }));
  }
  clearSessionCookie(app, request, reply);
  done(new ApiError('unauthenticated'));
}
