import type { ContextRow } from './store.js';
import type { SessionContext } from '../access/context.js';

/** A row the check read, the stamp it was read under, and what was built from it on first use. */
export interface CheckEntry {
  row: ContextRow;
  stamp: number;
  /** The answer for a valid session, built once (its context is only read by requests). */
  active: { kind: 'active'; ctx: SessionContext } | null;
}

/**
 * Session-check rows kept between requests, keyed by token hash, each with the database stamp
 * (Db.stamp) it was read under. An entry is used only while the stamp is unchanged, that is
 * while nothing has been written since it was read, so a cached row is what the database would
 * answer: an ended session, a disabled account or a revoked grant is seen on the very next
 * request when this process wrote it (every write moves the stamp before the writing call
 * returns), and within a millisecond when another connection to the SQLite file did. On
 * PostgreSQL the stamp exists only while the node's cache window is open (src/db/cache-window.ts):
 * every change there moves it on every node before its call returns.
 */
export interface CheckCache {
  /** The entry for `tokenHash` if it was read under `stamp`; an older one is dropped. */
  get(tokenHash: string, stamp: number): CheckEntry | undefined;
  /** Keeps an entry (read under `entry.stamp`). */
  set(tokenHash: string, entry: CheckEntry): void;
  delete(tokenHash: string): void;
  /** Drops the entries of these sessions (by session id). */
  deleteSessions(sessionIds: readonly string[]): void;
}

/** A bounded cache: past `max` entries the oldest goes first. */
export function createCheckCache(max = 20_000): CheckCache {
  const entries = new Map<string, CheckEntry>();
  return {
    get(tokenHash, stamp) {
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (entry.stamp === stamp) return entry;
      entries.delete(tokenHash);
      return undefined;
    },
    set(tokenHash, entry) {
      entries.delete(tokenHash);
      entries.set(tokenHash, entry);
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(tokenHash) {
      entries.delete(tokenHash);
    },
    deleteSessions(sessionIds) {
      const ids = new Set(sessionIds);
      for (const [tokenHash, entry] of entries) if (ids.has(entry.row.id)) entries.delete(tokenHash);
    },
  };
}
