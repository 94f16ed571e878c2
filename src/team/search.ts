import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/index.js';
import type { AccountRow, Role, Schema } from '../db/schema.js';
import { containsPattern } from '../lib/cursor.js';

export type AccountEb = ExpressionBuilder<Schema & { a: AccountRow }, 'a'>;

/** A condition on `a` (accounts) that keeps the accounts a search matches. */
export type AccountFilter = (eb: AccountEb) => Expression<SqlBool>;

/**
 * At most this many accounts are looked up by id after a trigram search on SQLite; a search
 * matching more reads the role's accounts instead, which is then the cheaper way (measured in
 * docs/performance.md, "Search").
 */
export const MAX_FOUND = 500;

/**
 * The team lists' search: accounts whose name or login email contains `q`, case-insensitively
 * (`lower(name) like '%q%'`, `email like '%q%'`, with `%`, `_` and `\` taken literally).
 * Every path below gives exactly those rows; they differ only in how they find them.
 */
export function createAccountSearch(db: Db) {
  const k = db.kysely;
  // Whether migration 0005 could create the trigram table (FTS5 is part of the bundled SQLite).
  let trigramTable: Promise<boolean> | undefined;
  const hasTrigramTable = () =>
    (trigramTable ??= sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'account_search'`
      .execute(k)
      .then((r) => Number(r.rows[0]?.n) > 0));

  /**
   * The condition, read straight from the tables. The email side is a list of the workspace's
   * matching logins rather than a join: PostgreSQL can then answer each side from its trigram
   * index (an `or` across a join can use neither), and neither backend joins every login. (An
   * account's login is always in the account's workspace: createAccount looks it up there.)
   */
  const scanning = (workspaceId: string, q: string): AccountFilter => {
    const pattern = containsPattern(q);
    return (eb) => {
      const logins = eb.selectFrom('logins as l').select('l.id').where('l.workspace_id', '=', workspaceId).where(sql<SqlBool>`l.email like ${pattern} escape '\\'`);
      if (db.dialect === 'postgres') {
        return eb.or([sql<SqlBool>`lower(${eb.ref('a.name')}) like ${pattern} escape '\\'`, sql<SqlBool>`${eb.ref('a.login_id')} = any(array(${logins}))`]);
      }
      // SQLite's lower() and like both fold ASCII letters only, so lower(name) like p is name like p
      // (test/search.test.ts checks this build still behaves so); lower() costs a copy per row.
      return eb.or([sql<SqlBool>`${eb.ref('a.name')} like ${pattern} escape '\\'`, eb('a.login_id', 'in', logins)]);
    };
  };

  /**
   * SQLite: the matching accounts through the trigram table; null when q has no run of three
   * characters, the table is missing (migration 0005 warned), or more than MAX_FOUND match.
   */
  const found = async (workspaceId: string, role: Role, q: string): Promise<Found | null> => {
    const query = trigramQuery(workspaceId, role, q);
    if (!query || !(await hasTrigramTable())) return null;
    const { rows } = await query.execute(k);
    if (rows.length > MAX_FOUND) return null;
    return { ids: rows.map((r) => r.id), active: rows.reduce((n, r) => n + Number(r.active), 0) };
  };

  return {
    /**
     * The condition for `q` on this workspace's accounts of `role`, and the counts when finding
     * the rows already gave them (how many match, how many of those have an active session).
     */
    async find(workspaceId: string, role: Role, q: string): Promise<{ filter: AccountFilter; counts?: { all: number; active: number } }> {
      const hit = db.dialect === 'sqlite' ? await found(workspaceId, role, q) : null;
      if (hit === null) return { filter: scanning(workspaceId, q) };
      const { ids, active } = hit;
      return { filter: (eb) => (ids.length === 0 ? sql<SqlBool>`1 = 0` : eb('a.id', 'in', ids)), counts: { all: ids.length, active } };
    },
  };
}

/**
 * SQLite: the accounts matching `q`, found through the trigram table (migration 0005), with
 * whether each has an active session, at most MAX_FOUND + 1 of them; or null when q holds no run
 * of three characters for the table to look up (it would read every row). The first two likes
 * (no escape: `%` and `_` in q act as wildcards there) are answered from the trigram index, one
 * scan per column and their union, and find a superset; the escaped two keep exactly the rows
 * the ordinary condition accepts.
 */
export function trigramQuery(workspaceId: string, role: Role, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle.split(/[%_]/).some((run) => [...run].length >= 3)) return null;
  const wide = `%${needle}%`;
  const pattern = containsPattern(q);
  return sql<{ id: string; active: number }>`
    select t.account_id as id,
      exists (select 1 from sessions s where s.account_id = t.account_id and s.ended_at is null) as active
    from account_search t
    where (t.name like ${wide} or t.email like ${wide})
      and (t.name like ${pattern} escape '\\' or t.email like ${pattern} escape '\\')
      and t.workspace_id = ${workspaceId} and t.role = ${role}
    limit ${MAX_FOUND + 1}`;
}

interface Found {
  ids: string[];
  /** How many of them have an active session. */
  active: number;
}
