import type { Db } from './types.js';

/** What readiness found: ready, or which of the two checks failed and the error it met. */
export type Readiness = { ready: true } | { ready: false; failed: 'read' | 'write'; error: unknown };

/**
 * Readiness: the database answers a read and accepts a write. The write rewrites the one row of
 * `gatehouse_health` (migration 0006), so it proves writability (a full disk, a read-only file, a
 * standby after a failover all fail it) without growing anything; it changes no answer a cached
 * session check gives, so it keeps SQLite's stamp. A failure is an expected outcome here, so it
 * comes back as a value, not a throw.
 */
export async function checkReadiness(db: Db, nodeId: string, now: number): Promise<Readiness> {
  try {
    await db.first('select checked_at from gatehouse_health where id = 1', []);
  } catch (error) {
    return { ready: false, failed: 'read', error };
  }
  try {
    await db.run(
      'insert into gatehouse_health (id, node_id, checked_at) values (1, $1, $2) on conflict (id) do update set node_id = excluded.node_id, checked_at = excluded.checked_at',
      [nodeId, now],
      { keepsStamp: true },
    );
  } catch (error) {
    return { ready: false, failed: 'write', error };
  }
  return { ready: true };
}
