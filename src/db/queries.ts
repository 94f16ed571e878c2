import { sql, type ExpressionBuilder } from 'kysely';
import { containsPattern } from '../lib/cursor.js';
import type { AccountRow, Role, Schema, SessionRow } from './schema.js';
import type { Executor } from './types.js';

/**
 * Query fragments that several capabilities' stores build on. They name tables, never a
 * capability's rules: each store still decides what it asks.
 */

export type SessionWithEnder = SessionRow & { ended_by_name: string | null };

/** Sessions (as `s`) with the name of the account that ended them; the base of every session list. */
export function sessionsWithEnder(k: Executor) {
  return k.selectFrom('sessions as s').leftJoin('accounts as e', 'e.id', 's.ended_by').selectAll('s').select('e.name as ended_by_name');
}

/**
 * One person's sessions (as `s`, with who ended them) active now or ended since `since`: the
 * "last 7 days" lists, by login (My account, paged) or by account (a team profile). Each caller
 * orders and limits.
 */
export function recentSessions(k: Executor, workspaceId: string, of: { loginId: string } | { accountId: string }, since: number) {
  const [column, id] = 'loginId' in of ? (['s.login_id', of.loginId] as const) : (['s.account_id', of.accountId] as const);
  return sessionsWithEnder(k)
    .where((eb) => eb.or([eb('s.ended_at', 'is', null), eb('s.ended_at', '>=', since)]))
    .where('s.workspace_id', '=', workspaceId)
    .where(column, '=', id);
}

/** A query over accounts (as `a`) joined to their logins (as `l`). */
export type AccountsEb = ExpressionBuilder<Schema & { a: AccountRow; l: Schema['logins'] }, 'a' | 'l'>;

/**
 * Case-insensitive substring match on an account's name (`a`) or its login's email (`l`), as a
 * join condition (Settings › Security › Active sessions). The team lists use team/search.ts,
 * which matches the same rows without reading every login.
 */
export function accountMatches(eb: AccountsEb, q: string) {
  const pattern = containsPattern(q);
  return eb.or([sql<boolean>`lower(${eb.ref('a.name')}) like ${pattern} escape '\\'`, sql<boolean>`${eb.ref('l.email')} like ${pattern} escape '\\'`]);
}

/**
 * What a request's context reads besides its credential's own columns: the credential's ids,
 * the acting account, its login's email, its workspace and the login's other (linked) account.
 * Sessions and personal access tokens both read it (`contextByTokenHash`).
 */
export interface ContextColumns {
  id: string;
  workspace_id: string;
  account_id: string;
  login_id: string;
  role: Role;
  created_at: number;
  account_name: string;
  is_primary: number;
  disabled: number;
  grants: string;
  email: string;
  workspace_slug: string;
  workspace_name: string;
  agent_idle_minutes: number;
  absolute_lifetime_minutes: number;
  /** The login of the workspace's primary administrator (rule 1 protects each of its accounts). */
  primary_login_id: string | null;
  linked_id: string | null;
  linked_role: Role | null;
  linked_name: string | null;
  linked_disabled: number | null;
}

/**
 * The one query of a credential check: the row of `table` (as `c`) whose `token_hash` is `$1`,
 * its `own` columns (which include `id`, `workspace_id`, `account_id`, `login_id`, `role` and
 * `created_at`), then the rest of ContextColumns from its account, login, workspace and linked
 * account. Written with `$1` so one text serves both backends as a prepared statement.
 */
export function contextByTokenHash(table: 'sessions' | 'access_tokens', own: string): string {
  return `
  select ${own},
         a.name as account_name, a.is_primary, a.disabled, a.grants,
         l.email,
         w.slug as workspace_slug, w.name as workspace_name, w.agent_idle_minutes, w.absolute_lifetime_minutes,
         pa.login_id as primary_login_id,
         la.id as linked_id, la.role as linked_role, la.name as linked_name, la.disabled as linked_disabled
    from ${table} c
    join accounts a on a.id = c.account_id
    join logins l on l.id = c.login_id
    join workspaces w on w.id = c.workspace_id
    left join accounts pa on pa.workspace_id = c.workspace_id and pa.is_primary = 1
    left join accounts la on la.login_id = c.login_id and la.id <> c.account_id
   where c.token_hash = $1`;
}
