import type { AccessTokenRow, Role } from '../db/schema.js';
import { contextByTokenHash, type ContextColumns } from '../db/queries.js';
import type { Db, Executor } from '../db/types.js';

/** What a request made with a personal access token knows: the token, its account, login and workspace. */
export interface TokenContextRow extends ContextColumns {
  scope: 'read' | 'full';
  expires_at: number;
  last_used_at: number | null;
  last_used_ip: string | null;
  revoked_at: number | null;
  password_changed_at: number;
}

// The token acts as its account, so the role is the account's.
const TOKEN_BY_HASH = contextByTokenHash(
  'access_tokens',
  `c.id, c.workspace_id, c.account_id, c.login_id, c.scope, c.created_at, c.expires_at,
         c.last_used_at, c.last_used_ip, c.revoked_at, a.role, l.password_changed_at`,
);

const TOUCH_TOKEN = `update access_tokens set last_used_at = $1, last_used_ip = $2 where id = $3 and revoked_at is null and (last_used_at is null or last_used_at <= $4)`;

/** A token with the names of its account and of who revoked it, for the lists. */
export type ListedToken = AccessTokenRow & { account_name: string; role: Role; email: string; revoked_by_name: string | null };

/** Which tokens a revocation takes: one by id, or every active one of an account or a login. */
export type TokenFilter = { workspaceId: string } & ({ id: string; loginId?: string } | { accountId: string } | { loginId: string });

/** Personal access tokens, for the integrations service only. */
export interface TokenStore {
  /** The token a secret's hash names, revoked or not, with its account, login and workspace. */
  tokenByHash(tokenHash: string): Promise<TokenContextRow | undefined>;
  /** Records when and from where a token was last used, unless that was written less than `intervalMs` ago. */
  touchToken(id: string, now: number, ip: string, intervalMs: number): Promise<boolean>;
  insertToken(row: AccessTokenRow, executor: Executor): Promise<void>;
  /** Tokens newest first: a workspace's, or one login's. */
  listTokens(filter: { workspaceId: string; loginId?: string }): Promise<ListedToken[]>;
  /** Revokes the active tokens a filter picks; returns them. */
  revoke(executor: Executor, filter: TokenFilter, revokedBy: string | null, reason: string, now: number): Promise<Pick<AccessTokenRow, 'id' | 'name' | 'account_id'>[]>;
  /** One token of the workspace with its account's role and primary flag. */
  tokenById(workspaceId: string, id: string): Promise<(Pick<AccessTokenRow, 'id' | 'login_id' | 'revoked_at'> & { role: Role }) | undefined>;
}

export function createTokenStore(db: Db): TokenStore {
  const k = db.kysely;
  return {
    tokenByHash: (tokenHash) => db.first<TokenContextRow>(TOKEN_BY_HASH, [tokenHash]),

    // keepsStamp: the token check mirrors this write in its cached row itself.
    touchToken: async (id, now, ip, intervalMs) => (await db.run(TOUCH_TOKEN, [now, ip, id, now - intervalMs], { keepsStamp: true })) > 0,

    insertToken: async (row, executor) => {
      await executor.insertInto('access_tokens').values(row).execute();
    },

    listTokens: ({ workspaceId, loginId }) => {
      let q = k
        .selectFrom('access_tokens as t')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .innerJoin('logins as l', 'l.id', 't.login_id')
        .leftJoin('accounts as r', 'r.id', 't.revoked_by')
        .selectAll('t')
        .select(['a.name as account_name', 'a.role', 'l.email', 'r.name as revoked_by_name'])
        .where('t.workspace_id', '=', workspaceId);
      if (loginId !== undefined) q = q.where('t.login_id', '=', loginId);
      return q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(500).execute();
    },

    revoke: (executor, filter, revokedBy, reason, now) => {
      let q = executor
        .updateTable('access_tokens')
        .set({ revoked_at: now, revoked_by: revokedBy, revoke_reason: reason })
        .where('workspace_id', '=', filter.workspaceId)
        .where('revoked_at', 'is', null);
      if ('id' in filter) q = q.where('id', '=', filter.id);
      if ('accountId' in filter) q = q.where('account_id', '=', filter.accountId);
      if ('loginId' in filter && filter.loginId !== undefined) q = q.where('login_id', '=', filter.loginId);
      return q.returning(['id', 'name', 'account_id']).execute();
    },

    tokenById: (workspaceId, id) =>
      k
        .selectFrom('access_tokens as t')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .select(['t.id', 't.login_id', 't.revoked_at', 'a.role'])
        .where('t.workspace_id', '=', workspaceId)
        .where('t.id', '=', id)
        .executeTakeFirst(),
  };
}
