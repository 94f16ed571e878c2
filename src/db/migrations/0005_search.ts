import { sql, type Kysely } from 'kysely';
import type { Dialect, MigrationContext } from '../types.js';

/**
 * Trigram indexes for the team lists' search (`q`: a case-insensitive substring of the account's
 * name or its login's email), which otherwise reads every account of the role.
 *
 * PostgreSQL: GIN indexes from the pg_trgm extension on `lower(accounts.name)` and
 * `logins.email`; the planner uses them for `like '%…%'` when the pattern holds three characters
 * or more and the match looks selective. pg_trgm ships with PostgreSQL and is a trusted
 * extension (the database owner may create it), but a server may lack it or the role may not be
 * allowed to: then the migration logs one line and goes on without the indexes, and searches
 * give the same rows by reading the accounts.
 *
 * SQLite: an FTS5 table with the trigram tokenizer, one row per account holding its name and
 * email, kept in step by triggers. Its index only finds candidates; the search keeps the ones
 * the ordinary `like` accepts, so the rows are the same as without it (src/team/search.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect, context: MigrationContext): Promise<void> {
  if (dialect === 'postgres') await postgres(db, context);
  else await sqlite(db, context);
}

async function postgres(db: Kysely<unknown>, { warn }: MigrationContext): Promise<void> {
  // Migrations run in one transaction on PostgreSQL: a failure must not abort the rest of it.
  await sql`savepoint search_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
    // The extension may already live in a schema outside the search path: name its operator class in full.
    const { rows } = await sql<{
      schema: string;
    }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
    const ops = sql.raw(`"${rows[0]!.schema.replace(/"/g, '""')}".gin_trgm_ops`);
    await sql`create index accounts_name_trgm on accounts using gin (lower(name) ${ops})`.execute(db);
    await sql`create index logins_email_trgm on logins using gin (email ${ops})`.execute(db);
    await sql`release savepoint search_trgm`.execute(db);
  } catch (err) {
    await sql`rollback to savepoint search_trgm`.execute(db);
    await sql`release savepoint search_trgm`.execute(db);
    warn(
      `pg_trgm is not available (${(err as Error).message}): team searches will read every account instead of using trigram indexes. ` +
        'See "Search" in docs/performance.md to add the indexes later.',
    );
  }
}

async function sqlite(db: Kysely<unknown>, { warn }: MigrationContext): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      // Only `body` (name, line break, email) is indexed: one trigram scan serves both, where a
      // scan per column ran the name's to the end even when only emails match. The rest is
      // there to keep the exact matches and the workspace's accounts of a role without reading
      // accounts and logins; workspace and role never change.
      await sql`create virtual table account_search using fts5(
        account_id unindexed, workspace_id unindexed, role unindexed, name unindexed, email unindexed, body,
        tokenize = 'trigram'
      )`.execute(trx);
      await sql`insert into account_search (account_id, workspace_id, role, name, email, body)
        select a.id, a.workspace_id, a.role, a.name, l.email, a.name || char(10) || l.email from accounts a join logins l on l.id = a.login_id`.execute(trx);
      await sql`create trigger account_search_insert after insert on accounts begin
        insert into account_search (account_id, workspace_id, role, name, email, body)
          select new.id, new.workspace_id, new.role, new.name, l.email, new.name || char(10) || l.email from logins l where l.id = new.login_id;
      end`.execute(trx);
      // FTS5 does not index account_id, so these read the table to find the row: fine for
      // renames, a rare write. (The accounts' rowid cannot stand in for it: without an integer
      // primary key, VACUUM may renumber it.)
      await sql`create trigger account_search_update after update of name, login_id, workspace_id, role on accounts begin
        delete from account_search where account_id = old.id;
        insert into account_search (account_id, workspace_id, role, name, email, body)
          select new.id, new.workspace_id, new.role, new.name, l.email, new.name || char(10) || l.email from logins l where l.id = new.login_id;
      end`.execute(trx);
      await sql`create trigger account_search_delete after delete on accounts begin
        delete from account_search where account_id = old.id;
      end`.execute(trx);
      await sql`create trigger account_search_email after update of email on logins begin
        update account_search set email = new.email, body = name || char(10) || new.email
        where account_id in (select a.id from accounts a where a.login_id = new.id);
      end`.execute(trx);
    });
  } catch (err) {
    warn(`SQLite full-text search (FTS5 trigram) is not available (${(err as Error).message}): team searches will read every account.`);
  }
}
