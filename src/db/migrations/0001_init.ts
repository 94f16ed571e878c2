import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('agent_idle_minutes', 'integer', (c) => c.notNull().defaultTo(4320))
    .addColumn('absolute_lifetime_minutes', 'integer', (c) => c.notNull().defaultTo(43200))
    .addColumn('session_limit', 'integer')
    .addColumn('ip_allowlist', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await db.schema
    .createTable('logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('password_changed_at', time, (c) => c.notNull())
    .addUniqueConstraint('logins_workspace_email', ['workspace_id', 'email'])
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('login_id', 'text', (c) => c.notNull().references('logins.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('agent', 'admin')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grants', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', time, (c) => c.notNull())
    // A login holds at most one account of each role: that pair is what "linked accounts" means.
    .addUniqueConstraint('accounts_login_role', ['login_id', 'role'])
    .execute();
  // Exactly one primary administrator per workspace: the database refuses a second.
  await sql`create unique index accounts_one_primary on accounts (workspace_id) where is_primary = 1`.execute(db);
  await db.schema.createIndex('accounts_workspace_role_name').on('accounts').columns(['workspace_id', 'role', 'name']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('login_id', 'text', (c) => c.notNull().references('logins.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_seen_at', time, (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('browser', 'text', (c) => c.notNull())
    .addColumn('os', 'text', (c) => c.notNull())
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('city', 'text')
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ended_at', time)
    .addColumn('end_reason', 'text')
    .addColumn('ended_by', 'text')
    .execute();
  // Active sessions are a small, hot subset: partial indexes keep them cheap to find.
  await sql`create index sessions_active_account on sessions (account_id) where ended_at is null`.execute(db);
  await sql`create index sessions_active_idle on sessions (workspace_id, role, last_seen_at) where ended_at is null`.execute(db);
  await sql`create index sessions_active_age on sessions (workspace_id, created_at) where ended_at is null`.execute(db);
  await db.schema.createIndex('sessions_login_created').on('sessions').columns(['login_id', 'created_at']).execute();
  await db.schema.createIndex('sessions_account_created').on('sessions').columns(['account_id', 'created_at']).execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_account_id', 'text')
    .addColumn('actor_label', 'text')
    .addColumn('target_account_id', 'text')
    .addColumn('target_label', 'text')
    .addColumn('session_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_workspace_id').on('audit_events').columns(['workspace_id', 'id']).execute();
  await db.schema.createIndex('audit_workspace_type_id').on('audit_events').columns(['workspace_id', 'type', 'id']).execute();
}
