import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Service keys: how another app of the workspace (an inbox, a chat widget) proves itself when it
 * asks Gatehouse about a session. Like session tokens, only the SHA-256 of the secret is kept; a
 * revoked key stays as a record (who revoked it, when) and is never valid again.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('service_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    // The first characters of the secret, shown in lists so a person can tell keys apart.
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('last_used_at', time)
    .addColumn('last_used_ip', 'text')
    .addColumn('revoked_at', time)
    .addColumn('revoked_by', 'text')
    .execute();
  await sql`create index service_keys_workspace on service_keys (workspace_id, created_at)`.execute(db);
}
