import type { Actor } from '../access/actor.js';
import { contextOf, type AuthResult, type Credential, type SessionContext } from '../access/context.js';
import { refusalOver, requireAnyGrant } from '../access/permissions.js';
import type { AuditLog } from '../audit/service.js';
import type { AccessTokenRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';
import { ApiError, ERRORS } from '../errors.js';
import { DAY, type Clock } from '../lib/clock.js';
import { hashToken, newId, newSecret } from '../lib/ids.js';
import type { ListedToken, TokenContextRow, TokenFilter, TokenStore } from './token-store.js';

/** What every personal access token starts with. */
const TOKEN_PREFIX = 'ghpat_';
const TOKEN_SHAPE = /^ghpat_[A-Za-z0-9_-]{43}$/;
const TOKEN_TOUCH_INTERVAL_MS = 60_000;
/** Longest a token may live: a year. Every token expires. */
export const MAX_TOKEN_DAYS = 365;

const NONE: AuthResult = { kind: 'none' };
const CREDENTIALS: Record<'read' | 'full', Credential> = { read: { kind: 'token', scope: 'read' }, full: { kind: 'token', scope: 'full' } };

export interface NewToken {
  name: string;
  scope: 'read' | 'full';
  expiresInDays: number;
}

function toContext(row: TokenContextRow): SessionContext {
  // A token is its own credential: it is never limited to enrolment (it cannot enrol either).
  const part = { lastSeenAt: row.last_used_at ?? row.created_at, ip: row.last_used_ip ?? '', userAgent: '', authMethod: 'password', restriction: null } as const;
  return contextOf(row, part, CREDENTIALS[row.scope]);
}

export interface TokenDeps {
  db: Db;
  store: TokenStore;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Personal access tokens ("authorized apps"): made by a person from My account, acting as the
 * account they were signed in to, limited to their scope and to that account's grants. Revoked
 * by their owner, by an administrator with `integrations`, and by disabling the account or
 * changing the password (in those changes' own transactions).
 */
export function createTokenService({ db, store, audit, clock }: TokenDeps) {
  // As for service keys: a token is reused only while nothing has been written since it was read
  // (the stamp: SQLite, or PostgreSQL inside its window), so a revocation, a disable or a password
  // change is seen by the very next request.
  const cache = new Map<string, { stamp: number; row: TokenContextRow; ctx: SessionContext }>();

  // Revokes what a filter picks inside the caller's transaction, with an audit row per token.
  const revokeIn = async (trx: Executor, filter: TokenFilter, reason: string, actor: Actor, sessionId: string | null) => {
    const now = clock.now();
    const revoked = await store.revoke(trx, filter, actor.accountId, reason, now);
    await audit.record(
      trx,
      revoked.map((t) => ({
        workspaceId: filter.workspaceId,
        at: now,
        type: 'token.revoked',
        actor,
        targetAccountId: t.account_id,
        sessionId,
        detail: { token: t.id, name: t.name, reason },
      })),
    );
    return revoked.length;
  };

  return {
    /** The context of a request made with a personal access token, or none when the token is not valid now. */
    async authenticateToken(secret: string, ip: string): Promise<AuthResult> {
      if (!TOKEN_SHAPE.test(secret)) return NONE;
      const hash = hashToken(secret);
      const stamp = db.stamp();
      let cached = stamp === null ? undefined : cache.get(hash);
      if (cached?.stamp !== stamp) {
        cache.delete(hash);
        const row = await store.tokenByHash(hash);
        if (!row) return NONE;
        cached = { stamp: stamp ?? -1, row, ctx: toContext(row) };
        if (stamp !== null && db.stamp() === stamp) {
          cache.set(hash, cached);
          if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
        }
      }
      const { row, ctx } = cached;
      const now = clock.now();
      // Revoked, expired, or its account disabled or its password changed since (those revoke it
      // in their own transaction as well; this holds even for a row written before they did).
      if (row.revoked_at !== null || now >= row.expires_at || row.disabled === 1 || row.created_at < row.password_changed_at) return NONE;
      if (row.last_used_at === null || now - row.last_used_at >= TOKEN_TOUCH_INTERVAL_MS) {
        row.last_used_at = now;
        ctx.session.lastSeenAt = now;
        if (!(await store.touchToken(row.id, now, ip, TOKEN_TOUCH_INTERVAL_MS))) cache.delete(hash);
      }
      return { kind: 'active', ctx };
    },

    /** My account › Authorized apps: the login's tokens, for both of its accounts. */
    listOwnTokens: (ctx: SessionContext): Promise<ListedToken[]> => store.listTokens({ workspaceId: ctx.workspace.id, loginId: ctx.session.loginId }),

    /** Makes a token acting as the caller's current account; its secret is returned here once. */
    async createToken(ctx: SessionContext, actor: Actor, input: NewToken): Promise<{ token: ListedToken; secret: string }> {
      const secret = newSecret(TOKEN_PREFIX);
      const now = clock.now();
      const row: AccessTokenRow = {
        id: newId('tok'),
        workspace_id: ctx.workspace.id,
        login_id: ctx.session.loginId,
        account_id: ctx.account.id,
        name: input.name.trim(),
        scope: input.scope,
        token_hash: hashToken(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        created_at: now,
        expires_at: now + input.expiresInDays * DAY,
        last_used_at: null,
        last_used_ip: null,
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
      };
      await db.kysely.transaction().execute(async (trx) => {
        await store.insertToken(row, trx);
        await audit.record(trx, [
          {
            workspaceId: row.workspace_id,
            at: now,
            type: 'token.created',
            actor,
            targetAccountId: row.account_id,
            sessionId: ctx.session.id,
            detail: { token: row.id, name: row.name, scope: row.scope, expiresAt: new Date(row.expires_at).toISOString() },
          },
        ]);
      });
      return { token: { ...row, account_name: ctx.account.name, role: ctx.account.role, email: ctx.account.email, revoked_by_name: null }, secret };
    },

    /** Revokes one of the caller's login's tokens; not_found for any other. */
    async revokeOwnToken(ctx: SessionContext, actor: Actor, id: string): Promise<number> {
      const filter = { workspaceId: ctx.workspace.id, id, loginId: ctx.session.loginId };
      const revoked = await db.kysely.transaction().execute((trx) => revokeIn(trx, filter, 'revoked', actor, ctx.session.id));
      if (revoked === 0 && (await store.tokenById(ctx.workspace.id, id))?.login_id !== ctx.session.loginId) throw new ApiError('not_found', 'No such token.');
      return revoked;
    },

    /** Settings › Integrations: every token of the workspace. */
    listAllTokens(ctx: SessionContext): Promise<ListedToken[]> {
      requireAnyGrant(ctx, ['integrations']);
      return store.listTokens({ workspaceId: ctx.workspace.id });
    },

    /** Revokes any token of the workspace; never the primary administrator's for a sub-administrator (rule 1). */
    async revokeAnyToken(ctx: SessionContext, actor: Actor, id: string): Promise<number> {
      requireAnyGrant(ctx, ['integrations']);
      const token = await store.tokenById(ctx.workspace.id, id);
      if (!token) throw new ApiError('not_found', 'No such token.');
      if (refusalOver(ctx, token, ['integrations']) === 'primary_admin_protected') throw new ApiError('primary_admin_protected', ERRORS.primary_admin_protected.message);
      return db.kysely.transaction().execute((trx) => revokeIn(trx, { workspaceId: ctx.workspace.id, id }, 'revoked', actor, ctx.session.id));
    },

    /**
     * Revokes every active token of an account or a login inside the caller's transaction (a
     * disable, a password change), with their audit rows: the change and its consequences commit together.
     */
    revokeTokensWithin: (
      trx: Executor,
      filter: { workspaceId: string; accountId: string } | { workspaceId: string; loginId: string },
      reason: 'account_disabled' | 'password_changed',
      actor: Actor,
      sessionId: string | null,
    ) => revokeIn(trx, filter, reason, actor, sessionId),
  };
}
