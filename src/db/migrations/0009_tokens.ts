import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Personal access tokens ("authorized apps"): a person's own credential for a script or another
 * app, acting as one of their accounts, read-only or full, until it expires. Only the SHA-256 of
 * the secret is kept. Revoked tokens stay as records, with why (by a person, or because the
 * account was disabled or the password changed).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('login_id', 'text', (c) => c.notNull().references('logins.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'full')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('last_used_at', time)
    .addColumn('last_used_ip', 'text')
    .addColumn('revoked_at', time)
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await sql`create index access_tokens_workspace on access_tokens (workspace_id, created_at)`.execute(db);
  await sql`create index access_tokens_login on access_tokens (login_id, created_at)`.execute(db);
}
