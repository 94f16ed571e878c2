import type { AccessTokenRow, Role } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';

/** What a request made with a personal access token knows: the token, its account, login and workspace. */
export interface TokenContextRow {
  id: string;
  workspace_id: string;
  account_id: string;
  login_id: string;
  scope: 'read' | 'full';
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  last_used_ip: string | null;
  revoked_at: number | null;
  account_name: string;
  role: Role;
  is_primary: number;
  disabled: number;
  grants: string;
  email: string;
  password_changed_at: number;
  workspace_slug: string;
  workspace_name: string;
  agent_idle_minutes: number;
  absolute_lifetime_minutes: number;
  linked_id: string | null;
  linked_role: Role | null;
  linked_name: string | null;
  linked_disabled: number | null;
}

const TOKEN_BY_HASH = `
  select t.id, t.workspace_id, t.account_id, t.login_id, t.scope, t.created_at, t.expires_at,
         t.last_used_at, t.last_used_ip, t.revoked_at,
         a.name as account_name, a.role, a.is_primary, a.disabled, a.grants,
         l.email, l.password_changed_at,
         w.slug as workspace_slug, w.name as workspace_name, w.agent_idle_minutes, w.absolute_lifetime_minutes,
         la.id as linked_id, la.role as linked_role, la.name as linked_name, la.disabled as linked_disabled
    from access_tokens t
    join accounts a on a.id = t.account_id
    join logins l on l.id = t.login_id
    join workspaces w on w.id = t.workspace_id
    left join accounts la on la.login_id = t.login_id and la.id <> t.account_id
   where t.token_hash = $1`;

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
  tokenById(workspaceId: string, id: string): Promise<(Pick<AccessTokenRow, 'id' | 'login_id' | 'revoked_at'> & { role: Role; is_primary: number }) | undefined>;
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
        .select(['t.id', 't.login_id', 't.revoked_at', 'a.role', 'a.is_primary'])
        .where('t.workspace_id', '=', workspaceId)
        .where('t.id', '=', id)
        .executeTakeFirst(),
  };
}
