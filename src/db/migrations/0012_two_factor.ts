import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Two-factor sign-in (issue 16). `second_factors`: one authenticator-app factor per login, its
 * secret sealed with AES-256-GCM under a server key made here (`gatehouse_secrets`), the last
 * time-step a code was accepted for (a replayed code is refused), and `reset_at` when an
 * administrator reset it (the next sign-in must enrol again). `recovery_codes`: SHA-256 of each
 * single-use code. `second_factor_challenges`: the short-lived step between a right password and
 * a right code, SHA-256 of its secret only. The workspace's enforcement setting, and on each
 * session how it was authenticated and whether it is limited to enrolment.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('second_factors')
    .addColumn('login_id', 'text', (c) => c.primaryKey().references('logins.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('totp'))
    .addColumn('secret', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('confirmed_at', time)
    .addColumn('last_used_step', time)
    .addColumn('reset_at', time)
    .execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('login_id', 'text', (c) => c.notNull().references('logins.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .addPrimaryKeyConstraint('recovery_codes_pk', ['login_id', 'code_hash'])
    .execute();
  await db.schema
    .createTable('second_factor_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('login_id', 'text', (c) => c.notNull().references('logins.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', time)
    .execute();
  await sql`create index second_factor_challenges_expires on second_factor_challenges (expires_at)`.execute(db);

  await db.schema
    .alterTable('workspaces')
    .addColumn('second_factor_required', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema
    .alterTable('workspaces')
    .addColumn('second_factor_grace_days', 'integer', (c) => c.notNull().defaultTo(7))
    .execute();
  await db.schema.alterTable('workspaces').addColumn('second_factor_admins_since', time).execute();
  await db.schema.alterTable('workspaces').addColumn('second_factor_agents_since', time).execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('auth_method', 'text', (c) => c.notNull().defaultTo('password'))
    .execute();
  await db.schema.alterTable('sessions').addColumn('restriction', 'text').execute();

  const key = randomBytes(32).toString('base64url');
  await sql`insert into gatehouse_secrets (name, value) values ('second_factor_key', ${key})`.execute(db);
}
