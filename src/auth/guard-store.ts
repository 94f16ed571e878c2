import { sql } from 'kysely';
import { serverSecret } from '../db/secrets.js';
import type { Db } from '../db/types.js';

/** One failure counter as the guard reads it. */
export interface Counter {
  failures: number;
  lastFailureAt: number;
  expiresAt: number;
}

/** Failed sign-in counters in `login_guard` (migration 0011), shared by every node. */
export interface GuardStore {
  /** The counters of `keys` that have not expired at `now`; an absent key has none. */
  read(keys: readonly string[], now: number): Promise<Map<string, Counter>>;
  /**
   * Counts one failure against each key in one statement and returns each new count; a counter
   * that had expired starts again at 1. Every counter is kept until its `expiresAt`.
   */
  fail(counters: readonly { key: string; expiresAt: number }[], now: number): Promise<Map<string, number>>;
  /** Forgets the counters of `keys` (a success). */
  reset(keys: readonly string[]): Promise<void>;
  /** Deletes the counters that expired by `now`; returns how many. */
  prune(now: number): Promise<number>;
  /** The key that signs device cookies: the same on every node (made by migration 0011). */
  deviceKey(): Promise<Buffer>;
}

export function createGuardStore(db: Db): GuardStore {
  return {
    async read(keys, now) {
      const rows = await db.kysely
        .selectFrom('login_guard')
        .select(['key', 'failures', 'last_failure_at', 'expires_at'])
        .where('key', 'in', keys)
        .where('expires_at', '>', now)
        .execute();
      return new Map(rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.last_failure_at, expiresAt: r.expires_at }]));
    },

    async fail(counters, now) {
      // A failed sign-in changes no answer the SQLite session cache gives: the stamp stays.
      const rows = await db.transactionKeepingStamp((trx) =>
        trx
          .insertInto('login_guard')
          .values(counters.map((c) => ({ key: c.key, failures: 1, last_failure_at: now, expires_at: c.expiresAt })))
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({
              // The increment happens in the database, so failures on several nodes at once all count.
              failures: sql<number>`case when login_guard.expires_at <= excluded.last_failure_at then 1 else login_guard.failures + 1 end`,
              last_failure_at: sql<number>`excluded.last_failure_at`,
              expires_at: sql<number>`excluded.expires_at`,
            }),
          )
          .returning(['key', 'failures'])
          .execute(),
      );
      return new Map(rows.map((r) => [r.key, r.failures]));
    },

    async reset(keys) {
      if (keys.length === 0) return;
      await db.transactionKeepingStamp((trx) => trx.deleteFrom('login_guard').where('key', 'in', keys).execute());
    },

    async prune(now) {
      const result = await db.transactionKeepingStamp((trx) => trx.deleteFrom('login_guard').where('expires_at', '<=', now).executeTakeFirst());
      return Number(result.numDeletedRows);
    },

    deviceKey: serverSecret(db, 'device_cookie_key'),
  };
}
