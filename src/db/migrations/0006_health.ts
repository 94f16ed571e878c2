import type { Kysely } from 'kysely';
import type { Dialect } from '../types.js';

/**
 * One row that readiness (`GET /readyz`) rewrites to prove the database accepts writes: which
 * node checked last, and when. Always the same row (`id` 1), so the checks of every node, however
 * often they come, never grow the database.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('gatehouse_health')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('checked_at', time, (c) => c.notNull())
    .execute();
}
