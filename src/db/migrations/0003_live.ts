import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Live connections: one row per console tab that has connected, on whichever node holds it.
 * `seen_at` is the last moment the tab was known to be there (refreshed by its node while it
 * is open, set to the last heartbeat when it goes); presence and the idle flag are read from it
 * by every node, so a node that dies stops refreshing its rows and its tabs expire on their own.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('live_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', time, (c) => c.notNull())
    .addColumn('seen_at', time, (c) => c.notNull())
    .addColumn('closed_at', time)
    .execute();
  await db.schema.createIndex('live_connections_workspace_seen').on('live_connections').columns(['workspace_id', 'seen_at']).execute();
  await db.schema.createIndex('live_connections_session_seen').on('live_connections').columns(['session_id', 'seen_at']).execute();
  // A node's heartbeat touches only its open rows.
  await sql`create index live_connections_node_open on live_connections (node_id) where closed_at is null`.execute(db);
}
