import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * Webhooks: endpoints a workspace registers, and the outbox of deliveries to them. A delivery
 * row is written in the transaction of the change that causes it (its audit row's), so it is
 * never lost by a crash and never sent for a change that rolled back; a dispatcher on one node
 * at a time (a lease, `locked_until`) sends it and records the outcome.
 *
 * The signing secrets are kept as they are: a signature needs the secret itself, not a hash.
 * They sign messages to the endpoint; they open nothing in Gatehouse.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // JSON list of event types.
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('secret', 'text', (c) => c.notNull())
    // After a rotation, the old secret still signs (beside the new one) until it expires.
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await sql`create index webhook_endpoints_workspace on webhook_endpoints (workspace_id, created_at)`.execute(db);

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    // The Standard Webhooks message id (`webhook-id`): the same for every attempt and re-send of one event.
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', time, (c) => c.notNull())
    .addColumn('locked_until', time)
    .addColumn('last_attempt_at', time)
    .addColumn('response_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('delivered_at', time)
    .execute();
  // The dispatcher's question: which pending deliveries are due.
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at)`.execute(db);
}
