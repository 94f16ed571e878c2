import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Passkeys and security keys as a second factor (issue 16). `passkeys`: each WebAuthn credential
 * of a login (its id and COSE public key, both base64url; the authenticator's sign counter, which
 * must only go up; the transports the browser reported; the name its owner gave it).
 * `passkey_challenges`: the random challenges handed to the browser, each for one purpose
 * (enrolment, the second step of one sign-in, a re-authentication), bound to one login (and for
 * sign-in to one password-step challenge by its hash), short-lived and used at most once.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('login_id', 'text', (c) => c.notNull().references('logins.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', big, (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_used_at', big)
    .execute();
  await sql`create index passkeys_login on passkeys (login_id)`.execute(db);
  await db.schema
    .createTable('passkey_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('login_id', 'text', (c) => c.notNull().references('logins.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('sign_in_hash', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('used_at', big)
    .execute();
  await sql`create index passkey_challenges_expires on passkey_challenges (expires_at)`.execute(db);
}
