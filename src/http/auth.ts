import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import type { AuthResult, SessionContext } from '../access/context.js';
import { holds, type Grant } from '../access/permissions.js';
import { ApiError } from '../errors.js';
import { readCookie, serializeCookie } from '../lib/cookies.js';
import { isCrossSite } from './csrf.js';

export const COOKIE_NAME = 'gatehouse_session';
/**
 * The cookie's name on https: with the `__Host-` prefix a browser keeps it only if it is
 * Secure, for this host alone and every path, so a page on a sibling subdomain can neither
 * plant a session of its choosing nor overwrite ours.
 */
const SECURE_COOKIE_NAME = `__Host-${COOKIE_NAME}`;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, on routes that ask for one. */
    ctx: SessionContext | null;
  }
  interface FastifyContextConfig {
    /** The route needs a valid session cookie, or a personal access token (see `sessionOnly`). */
    auth?: boolean;
    /** The route needs the console's own session: personal access tokens are refused (they never open the console). */
    sessionOnly?: boolean;
    /**
     * A session limited to enrolling a second factor may call it (who am I, enrolment, sign-out);
     * on every other route such a session is refused with 403 `second_factor_required`.
     */
    duringEnrolment?: boolean;
    /** A dangerous act: the session must have proven itself in the last 10 minutes (see `RecentProof`). */
    recentProof?: RecentProof;
  }
}

/**
 * A dangerous act (issue 16): ending more than one account's sessions, changing Settings ›
 * Security (its working hours too), resetting a second factor, creating a service key or a
 * full-access token. A console session whose login last proved itself (sign-in or `POST
 * /api/auth/reauthenticate`) more than 10 minutes ago is refused with 403
 * `reauthentication_required` before the handler runs.
 */
interface RecentProof {
  /**
   * A caller holding none of these grants is not asked to prove itself: the handler refuses it
   * as it always has (403 `forbidden`), rather than asking for a password first and refusing after.
   */
  grants?: readonly Grant[];
  /** When only some requests of the route are dangerous (several accounts, not a dry run): whether this one is. */
  when?: (request: FastifyRequest) => boolean;
}

/** The current session of a route declared with `config: { auth: true }`. */
export function ctxOf(request: FastifyRequest): SessionContext {
  if (!request.ctx) throw new ApiError('unauthenticated');
  return request.ctx;
}

/**
 * Reads, sets and clears the session cookie. Secure, and named with the `__Host-` prefix, when
 * configured so or when the request came over https; reading follows the same rule, so on
 * https a plain `gatehouse_session` cookie (which anyone on a sibling host could set) is ignored.
 */
export interface SessionCookie {
  read(request: FastifyRequest): string | undefined;
  set(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  clear(request: FastifyRequest, reply: FastifyReply): void;
}

export function sessionCookie(alwaysSecure: boolean): SessionCookie {
  const secure = (request: FastifyRequest) => alwaysSecure || request.protocol === 'https';
  const nameFor = (request: FastifyRequest) => (secure(request) ? SECURE_COOKIE_NAME : COOKIE_NAME);
  return {
    read: (request) => readCookie(request.headers.cookie, nameFor(request)),
    set: (request, reply, token, maxAgeSeconds) => void reply.header('set-cookie', serializeCookie(nameFor(request), token, { maxAgeSeconds, secure: secure(request) })),
    clear: (request, reply) => void reply.header('set-cookie', serializeCookie(nameFor(request), '', { maxAgeSeconds: 0, secure: secure(request) })),
  };
}

export interface AuthOptions {
  /** Checks a cookie's token: synchronously when no database work is needed. */
  authenticate(token: string): AuthResult | Promise<AuthResult>;
  /** Checks a personal access token sent as `Authorization: Bearer`, used from `ip`. */
  authenticateBearer(secret: string, ip: string): Promise<AuthResult>;
  /** The sentence a person reads when their session has ended for this reason (the default when none). */
  endedMessage(reason: string): string | undefined;
  cookie: SessionCookie;
  /** Origins besides the server's own whose state-changing requests are accepted. */
  allowedOrigins: readonly string[];
  /** Refuses (throws 403 `reauthentication_required`) unless the session proved itself recently; read from the database. */
  requireRecentProof(ctx: SessionContext): Promise<void>;
}

/**
 * Refuses cross-site state changes on every request, then resolves the session cookie on the
 * routes that need it. Call before any route is added: the session hook is attached to each
 * route declared with `config: { auth: true }` as it is added, so the others never look for it.
 */
export function installAuth(app: FastifyInstance, { authenticate, authenticateBearer, endedMessage, cookie, allowedOrigins, requireRecentProof }: AuthOptions): void {
  app.decorateRequest('ctx', null);
  // Callback hooks: most requests need no session (or are refused at once), and those should
  // not pay for a promise; only the session check itself is asynchronous.
  app.addHook('onRequest', (request, _reply, done) => {
    done(isCrossSite(request, allowedOrigins) ? new ApiError('cross_site_request') : undefined);
  });
  const admit = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, result: AuthResult, duringEnrolment: boolean): void => {
    if (result.kind === 'active') {
      // The workspace requires a second factor this login does not have: its session reaches
      // enrolment and nothing else until it enrols (issue 16).
      if (result.ctx.session.restriction !== null && !duringEnrolment) return done(new ApiError('second_factor_required'));
      request.ctx = result.ctx;
      return done();
    }
    if (result.kind === 'ended') {
      // The cookie of an ended session is left alone: it can never be valid again, and this
      // answer may reach the browser after it stored a newer cookie (a switch, a sign-in in
      // another tab), which clearing here would throw away, signing the person out.
      return done(new ApiError('session_expired', endedMessage(result.reason), { reason: result.reason }));
    }
    cookie.clear(request, reply);
    done(new ApiError('unauthenticated'));
  };
  // A personal access token acts as its account, within its scope: a read-only one only reads.
  const admitToken = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, result: AuthResult): void => {
    if (result.kind !== 'active') {
      void reply.header('www-authenticate', 'Bearer realm="gatehouse"');
      return done(new ApiError('unauthenticated', 'The access token is not valid: it may have expired or been revoked.'));
    }
    if (result.ctx.credential.kind === 'token' && result.ctx.credential.scope === 'read' && request.method !== 'GET' && request.method !== 'HEAD') {
      return done(new ApiError('forbidden', 'This access token is read-only; a change needs a token with full access.'));
    }
    request.ctx = result.ctx;
    done();
  };
  // Most checks answer synchronously (a cached row): those run on without a promise. The cookie
  // comes first: a browser's request is the console's, whatever else it carries.
  const resolve =
    (tokens: boolean, duringEnrolment: boolean): onRequestHookHandler =>
    (request, reply, done) => {
      const token = cookie.read(request);
      if (!token) {
        const bearer = request.headers.authorization;
        if (tokens && bearer?.startsWith('Bearer ')) {
          authenticateBearer(bearer.slice(7).trim(), request.ip).then((r) => admitToken(request, reply, done, r), done);
          return;
        }
        return done(new ApiError('unauthenticated', bearer && !tokens ? 'Sign in to the console: access tokens cannot do this.' : undefined));
      }
      const result = authenticate(token);
      if (result instanceof Promise) result.then((r) => admit(request, reply, done, r, duringEnrolment), done);
      else admit(request, reply, done, result, duringEnrolment);
    };
  const hooks = {
    withTokens: resolve(true, false),
    sessionOnly: resolve(false, false),
    withTokensDuringEnrolment: resolve(true, true),
    sessionOnlyDuringEnrolment: resolve(false, true),
  };
  // The one place dangerous acts are held to a recent proof: after validation (so `when` reads a
  // checked body), before the handler. Personal access tokens are not held to it: they cannot
  // prove a person is present, they act as the account they were made for, and making one with
  // full access is itself a dangerous act (docs/ARCHITECTURE.md).
  const recentProofHook =
    (recent: RecentProof): preHandlerHookHandler =>
    (request, _reply, done) => {
      const ctx = request.ctx;
      if (!ctx || ctx.credential.kind !== 'session') return done();
      if (recent.grants && !recent.grants.some((g) => holds(ctx, g))) return done();
      if (recent.when && !recent.when(request)) return done();
      requireRecentProof(ctx).then(() => done(), done);
    };
  app.addHook('onRoute', (route) => {
    if (!route.config?.auth) return;
    if (route.config.recentProof) {
      const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
      route.preHandler = [recentProofHook(route.config.recentProof), ...own];
    }
    const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    const enrolment = route.config.duringEnrolment === true;
    const hook = route.config.sessionOnly
      ? enrolment
        ? hooks.sessionOnlyDuringEnrolment
        : hooks.sessionOnly
      : enrolment
        ? hooks.withTokensDuringEnrolment
        : hooks.withTokens;
    route.onRequest = [hook, ...own];
  });
}
