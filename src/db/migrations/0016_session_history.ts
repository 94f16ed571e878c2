import { sql, type Kysely } from 'kysely';

/**
 * A session's detail shows its history: the audit rows that name it. Without this index that
 * read goes through every audit row of the workspace; with it, through that session's rows only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_workspace_session on audit_events (workspace_id, session_id, id)`.execute(db);
}
