import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Db } from '../db/types.js';
import type { AccountRow, LoginRow, Role, Schema } from '../db/schema.js';
import { containsPattern } from '../lib/cursor.js';

export type AccountEb = ExpressionBuilder<Schema & { a: AccountRow; l: LoginRow }, 'a' | 'l'>;

/** A condition on `a` (accounts), and `l` (their logins) when `joinsLogins`, that keeps the accounts a search matches. */
export type AccountFilter = (eb: AccountEb) => Expression<SqlBool>;

/** What a search keeps, and the counts when finding the rows already gave them. */
export interface Found {
  filter: AccountFilter;
  /** The filter reads `l`, the account's login, which the query must join. */
  joinsLogins: boolean;
  /** How many accounts match, and how many of those have an active session. */
  counts?: { all: number; active: number };
}

/**
 * At most this many ids found first are passed on by value: the accounts SQLite's trigram table
 * finds, the logins whose email matches on PostgreSQL. Past that, SQLite reads the role's
 * accounts, the cheaper way by then (docs/performance.md, "Search"), and PostgreSQL reads the
 * logins in a subquery.
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
   * PostgreSQL: the name matches, or the login is one of the workspace's logins whose email
   * matches (an account's login is always in the account's workspace: createAccount looks it up
   * there). `loginIds`, when given, are those logins. Unlike an `or` across a join to logins,
   * either side can use an index.
   */
  const onPostgres = (workspaceId: string, q: string, loginIds: readonly string[] | undefined): AccountFilter => {
    const pattern = containsPattern(q);
    return (eb) => {
      const name = sql<SqlBool>`lower(${eb.ref('a.name')}) like ${pattern} escape '\\'`;
      if (loginIds?.length === 0) return name;
      return eb.or([name, eb('a.login_id', 'in', loginIds ?? matchingLogins(k, workspaceId, q))]);
    };
  };

  /**
   * SQLite, reading the accounts: the condition as it always was, on the account and its joined
   * login, but without lower(): SQLite's lower() and like both fold ASCII letters only, so
   * lower(name) like p is name like p (test/search.test.ts checks this build still behaves so),
   * without a copy a row. (A list of matching logins, as on PostgreSQL, costs more here when
   * thousands of emails match: "@acme.test".)
   */
  const onSqlite = (q: string): AccountFilter => {
    const pattern = containsPattern(q);
    return (eb) => eb.or([sql<SqlBool>`${eb.ref('a.name')} like ${pattern} escape '\\'`, sql<SqlBool>`${eb.ref('l.email')} like ${pattern} escape '\\'`]);
  };

  /**
   * PostgreSQL: the workspace's logins whose email matches, when there are at most MAX_FOUND
   * (from the trigram index when the pattern allows). Given as a list, the accounts' side can
   * use an index too; more are left to a subquery, which PostgreSQL reads once into a hash
   * (an array of thousands of ids would be searched end to end for every account).
   */
  const loginsMatching = async (workspaceId: string, q: string): Promise<string[] | undefined> => {
    const rows = await matchingLogins(k, workspaceId, q)
      .limit(MAX_FOUND + 1)
      .execute();
    return rows.length > MAX_FOUND ? undefined : rows.map((r) => r.id);
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
    const ids = rows.map((r) => r.id);
    return {
      filter: (eb) => (ids.length === 0 ? sql<SqlBool>`1 = 0` : eb('a.id', 'in', ids)),
      joinsLogins: false,
      counts: { all: ids.length, active: rows.reduce((n, r) => n + Number(r.active), 0) },
    };
  };

  return {
    /** What `q` keeps of this workspace's accounts of `role`. */
    async find(workspaceId: string, role: Role, q: string): Promise<Found> {
      if (db.dialect === 'postgres') return { filter: onPostgres(workspaceId, q, await loginsMatching(workspaceId, q)), joinsLogins: false };
      return (await found(workspaceId, role, q)) ?? { filter: onSqlite(q), joinsLogins: true };
    },
  };
}

/** The workspace's logins whose email contains `q` (on PostgreSQL, from the trigram index when it helps). */
export function matchingLogins(k: Kysely<Schema>, workspaceId: string, q: string) {
  return k
    .selectFrom('logins as l')
    .select('l.id')
    .where('l.workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`l.email like ${containsPattern(q)} escape '\\'`);
}

/**
 * SQLite: the accounts matching `q`, found through the trigram table (migration 0005), with
 * whether each has an active session, at most MAX_FOUND + 1 of them; or null when q holds no run
 * of three characters for the table to look up (it would read every row). The first like (no
 * escape: `%` and `_` in q act as wildcards there) is answered from the trigram index over name
 * and email together and finds a superset; the escaped two keep exactly the rows the ordinary
 * condition accepts.
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
    where t.body like ${wide}
      and (t.name like ${pattern} escape '\\' or t.email like ${pattern} escape '\\')
      and t.workspace_id = ${workspaceId} and t.role = ${role}
    limit ${MAX_FOUND + 1}`;
}
