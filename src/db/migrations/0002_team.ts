import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Indexes for the team lists, Settings › Security › Active sessions and the audit filters.
 * The team lists themselves run on indexes 0001 already has (accounts by workspace, role and
 * name; active sessions by account); these cover the workspace-wide active-session list, ordered
 * by last activity, and paging by name with the id as tie-breaker.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`create index sessions_active_workspace_seen on sessions (workspace_id, last_seen_at, id) where ended_at is null`.execute(db);
  await sql`create index accounts_workspace_role_name_id on accounts (workspace_id, role, name, id)`.execute(db);
  // The old three-column index is a prefix of the new one: keeping both only slows writes.
  await sql`drop index accounts_workspace_role_name`.execute(db);
  await sql`create index audit_workspace_at on audit_events (workspace_id, at)`.execute(db);
}
