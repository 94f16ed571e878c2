import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Failed sign-in counters shared by every node (`login_guard`): one row per login, client address,
 * trusted device or password-change guesser, forgotten once `expires_at` passes (the sweep deletes
 * it). And `gatehouse_secrets`, the server's own keys: here the one that signs device cookies,
 * made once, by whichever node migrates first, so every node verifies what any node signed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('login_guard')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
  await sql`create index login_guard_expires on login_guard (expires_at)`.execute(db);
  await db.schema
    .createTable('gatehouse_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  const key = randomBytes(32).toString('base64url');
  await sql`insert into gatehouse_secrets (name, value) values ('device_cookie_key', ${key})`.execute(db);
}
