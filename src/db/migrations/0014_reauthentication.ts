import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Recent re-authentication for dangerous acts (issue 16): on each session, when its login last
 * proved itself (the sign-in's password or second factor, or `POST /api/auth/reauthenticate`).
 * Sessions that exist already count from when they started. Null (a row written by something that
 * does not set it) reads as the start too: see `provenAt` in src/sessions/store.ts.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('sessions').addColumn('proven_at', time).execute();
  await sql`update sessions set proven_at = created_at`.execute(db);
}
