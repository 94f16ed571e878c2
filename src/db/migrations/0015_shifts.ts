import { type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Working hours (issue 16, shifts). `working_hours`: the workspace's IANA time zone and default
 * weekly schedule of agents (JSON, see src/shifts/hours.ts; null = none; no row = UTC and none),
 * `agent_schedules`: an agent's own weekly schedule instead of the default, `shift_exceptions`: one
 * date's hours of one agent instead of its weekday's (an empty list is a day off),
 * `shift_extensions`: an administrator's "extend today" for one agent, and `shift_warnings`: one
 * row per agent and shift end, so the ten-minute warning is sent once whichever node wins.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('working_hours')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text')
    .execute();
  await db.schema
    .createTable('agent_schedules')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('schedule', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('shift_exceptions')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shift_exceptions_pk', ['account_id', 'date'])
    .execute();
  await db.schema
    .createTable('shift_extensions')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('from_at', time, (c) => c.notNull())
    .addColumn('until_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('shift_warnings')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('ends_at', time, (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('sent_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('shift_warnings_pk', ['account_id', 'ends_at'])
    .execute();
}
