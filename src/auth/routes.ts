import type { FastifyInstance } from 'fastify';
import { EMAIL_PATTERN } from '../accounts/service.js';
import { label } from '../accounts/store.js';
import { recordAudit, recordAuditAlone } from '../audit/store.js';
import type { AccountRow } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { parseList } from '../lib/json.js';
import { clearSessionCookie, ctxOf, setSessionCookie } from '../http/auth.js';
import { allowListMatcher } from '../security/ip-allowlist.js';
import type { Actor } from '../sessions/types.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, hashPassword, verifyAgainstNothing, verifyPassword } from './passwords.js';
import { accountIdentityProperties } from '../accounts/schema.js';

const loginBody = {
  type: 'object',
  required: ['workspace', 'email', 'password'],
  additionalProperties: false,
  properties: {
    workspace: { type: 'string', minLength: 1, maxLength: 64 },
    email: { type: 'string', minLength: 3, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
    account: { type: 'string', enum: ['agent', 'admin'] },
  },
} as const;

interface LoginBody {
  workspace: string;
  email: string;
  password: string;
  account?: 'agent' | 'admin';
}

const passwordBody = {
  type: 'object',
  required: ['current', 'next'],
  additionalProperties: false,
  properties: {
    current: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
    next: { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH },
  },
} as const;

const switchBody = {
  type: 'object',
  required: ['account'],
  additionalProperties: false,
  properties: { account: { type: 'string', enum: ['agent', 'admin'] } },
} as const;

/** What sign-in and switching answer (docs/API.md); also their description in /api/openapi.json. */
const signedInResponse = {
  type: 'object',
  properties: {
    account: {
      type: 'object',
      properties: accountIdentityProperties,
    },
    session: { type: 'object', properties: { id: { type: 'string' }, flags: { type: 'array', items: { type: 'string' } } } },
  },
} as const;

/** Sign-in, sign-out, switching to the linked account and changing the password. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { accounts, sessions, loginLimiter, ipLimiter, clock, db } = app.gh;

  app.post<{ Body: LoginBody }>('/api/auth/login', { schema: { tags: ['auth'], body: loginBody, response: { 200: signedInResponse } } }, async (request, reply) => {
    const { workspace: slug, password, account: wanted } = request.body;
    const email = request.body.email.trim().toLowerCase();
    const ip = request.ip;
    const loginKey = `${slug.toLowerCase()}\n${email}`;
    const wait = Math.max(loginLimiter.retryAfter(loginKey), ipLimiter.retryAfter(ip));
    if (wait > 0) {
      throw new ApiError('too_many_attempts', `Too many sign-in attempts. Try again in ${formatWait(wait)}.`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
    }

    const workspace = await accounts.workspaceBySlug(slug.toLowerCase());
    const login = workspace ? await accounts.loginByEmail(workspace.id, email) : undefined;
    const valid = login ? await verifyPassword(login.password_hash, password) : await verifyAgainstNothing(password);
    if (!workspace || !login || !valid) {
      loginLimiter.fail(loginKey);
      ipLimiter.fail(ip);
      if (workspace) {
        await recordAuditAlone(db, [
          // People type their password into the email field: what does not look like an email is
          // not written down, or the audit log (and its CSV exports) would collect passwords.
          { workspaceId: workspace.id, at: clock.now(), type: 'signin.failed', actor: null, targetLabel: EMAIL_PATTERN.test(email) ? email : null, ip, detail: { reason: login ? 'wrong_password' : 'unknown_email' } },
        ]);
      }
      throw new ApiError('invalid_credentials');
    }

    const held = await accounts.accountsOfLogin(login.id);
    const refuse = async (code: 'account_disabled' | 'ip_not_allowed', account?: AccountRow) => {
      await recordAuditAlone(db, [
        {
          workspaceId: workspace.id,
          at: clock.now(),
          type: 'signin.refused',
          actor: null,
          targetAccountId: account?.id ?? null,
          targetLabel: account ? label(account.name, email) : email,
          ip,
          detail: { reason: code },
        },
      ]);
      throw new ApiError(code);
    };

    let account: AccountRow | undefined;
    if (wanted) {
      account = held.find((a) => a.role === wanted);
      if (!account) throw new ApiError('invalid_request', `This login has no ${wanted === 'admin' ? 'administrator' : 'agent'} account.`);
      if (account.disabled) return refuse('account_disabled', account);
    } else {
      const enabled = held.filter((a) => !a.disabled);
      if (enabled.length === 0) return refuse('account_disabled', held[0]);
      if (enabled.length > 1) {
        throw new ApiError('account_choice_required', undefined, {
          accounts: enabled.map((a) => ({ role: a.role, name: a.name })),
        });
      }
      account = enabled[0];
    }
    if (!account) throw new ApiError('invalid_credentials');

    if (!allowListMatcher(parseList(workspace.ip_allowlist))(ip)) return refuse('ip_not_allowed', account);

    loginLimiter.reset(loginKey);
    const started = await sessions.start({ workspace, login, account, ip, userAgent: request.headers['user-agent'] ?? '' });
    setSessionCookie(app, request, reply, started.token, workspace.absolute_lifetime_minutes * 60);
    return reply.status(200).send({
      account: { id: account.id, name: account.name, email, role: account.role, isPrimary: account.is_primary === 1 },
      session: { id: started.sessionId, flags: started.flags },
    });
  });

  app.post('/api/auth/logout', { config: { auth: true }, schema: { tags: ['auth'], response: { 204: { description: 'Signed out; the cookie is cleared', type: 'null' } } } }, async (request, reply) => {
    const ctx = ctxOf(request);
    await sessions.end({ workspaceId: ctx.workspace.id, sessionIds: [ctx.session.id] }, 'signed_out', actorOf(ctx, request.ip));
    clearSessionCookie(app, request, reply);
    return reply.status(204).send();
  });

  app.post<{ Body: { account: 'agent' | 'admin' } }>(
    '/api/auth/switch',
    { config: { auth: true }, schema: { tags: ['auth'], body: switchBody, response: { 200: signedInResponse } } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      if (request.body.account === ctx.account.role) {
        throw new ApiError('invalid_request', `You are already signed in to your ${ctx.account.role === 'admin' ? 'administrator' : 'agent'} account.`);
      }
      if (!ctx.linked || ctx.linked.role !== request.body.account) throw new ApiError('no_linked_account');
      if (ctx.linked.disabled) throw new ApiError('account_disabled', 'Your linked account is disabled. Ask an administrator.');
      const [workspace, login, target] = await Promise.all([
        accounts.workspaceById(ctx.workspace.id),
        accounts.loginById(ctx.session.loginId),
        accounts.accountInWorkspace(ctx.workspace.id, ctx.linked.id),
      ]);
      if (!workspace || !login || !target) throw new ApiError('not_found');
      const ip = request.ip;
      if (!allowListMatcher(parseList(workspace.ip_allowlist))(ip)) throw new ApiError('ip_not_allowed');
      const started = await sessions.start({ workspace, login, account: target, ip, userAgent: request.headers['user-agent'] ?? '' });
      await sessions.end({ workspaceId: workspace.id, sessionIds: [ctx.session.id] }, 'switched', actorOf(ctx, ip));
      await recordAudit(db.kysely, [
        {
          workspaceId: workspace.id,
          at: clock.now(),
          type: 'account.switched',
          actor: actorOf(ctx, ip),
          targetAccountId: target.id,
          targetLabel: label(target.name, login.email),
          sessionId: started.sessionId,
          detail: { from: ctx.account.role, to: target.role },
        },
      ]);
      setSessionCookie(app, request, reply, started.token, workspace.absolute_lifetime_minutes * 60);
      return {
        account: { id: target.id, name: target.name, email: login.email, role: target.role, isPrimary: target.is_primary === 1 },
        session: { id: started.sessionId, flags: started.flags },
      };
    },
  );

  app.post<{ Body: { current: string; next: string } }>(
    '/api/auth/password',
    { config: { auth: true }, schema: { tags: ['auth'], body: passwordBody, response: { 200: { type: 'object', properties: { endedSessions: { type: 'integer' } } } } } },
    async (request) => {
      const ctx = ctxOf(request);
      const login = await accounts.loginById(ctx.session.loginId);
      if (!login) throw new ApiError('unauthenticated');
      const key = `${ctx.workspace.slug}\n${login.email}`;
      const wait = loginLimiter.retryAfter(key);
      if (wait > 0) throw new ApiError('too_many_attempts', undefined, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
      if (!(await verifyPassword(login.password_hash, request.body.current))) {
        loginLimiter.fail(key);
        throw new ApiError('wrong_password');
      }
      if (request.body.next === request.body.current) {
        throw new ApiError('invalid_request', 'The new password must differ from the current one.');
      }
      await accounts.setPassword(login.id, await hashPassword(request.body.next), clock.now());
      const actor = actorOf(ctx, request.ip);
      const ended = await sessions.end(
        { workspaceId: ctx.workspace.id, loginId: login.id, exceptSessionId: ctx.session.id },
        'password_changed',
        actor,
      );
      await recordAudit(db.kysely, [
        { workspaceId: ctx.workspace.id, at: clock.now(), type: 'password.changed', actor, targetAccountId: ctx.account.id, targetLabel: actor.label, sessionId: ctx.session.id, detail: { endedSessions: ended.length } },
      ]);
      return { endedSessions: ended.length };
    },
  );
}

export function actorOf(ctx: { account: { id: string; name: string; email: string } }, ip: string): Actor {
  return { accountId: ctx.account.id, label: label(ctx.account.name, ctx.account.email), ip };
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
