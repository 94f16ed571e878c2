import type { ContextRow } from './store.js';
import type { SessionContext } from './types.js';

/** A row the check read, and the context built from it (once, on its first valid use). */
export interface CheckEntry {
  row: ContextRow;
  ctx: SessionContext | null;
}

/**
 * Session-check rows kept between requests, keyed by token hash, each with the database stamp
 * (Db.stamp) it was read under. An entry is used only while the stamp is unchanged, that is
 * while no connection anywhere has written anything since it was read, so a cached row is
 * always what the database would answer: an ended session, a disabled account or a revoked
 * grant is seen on the very next request, in this process (every write moves the stamp
 * synchronously) and in any other process on the same SQLite file (data_version). Where no stamp
 * exists (PostgreSQL, whose other nodes write unseen) nothing is ever cached.
 */
export interface CheckCache {
  /** The entry read under `stamp`, if it is still current. */
  get(tokenHash: string, stamp: string): CheckEntry | undefined;
  /** Keeps an entry read under `stamp`. */
  set(tokenHash: string, stamp: string, entry: CheckEntry): void;
  delete(tokenHash: string): void;
}

/** A bounded cache: past `max` entries the oldest goes first. */
export function createCheckCache(max = 20_000): CheckCache {
  const entries = new Map<string, { stamp: string; entry: CheckEntry }>();
  return {
    get(tokenHash, stamp) {
      const kept = entries.get(tokenHash);
      if (!kept) return undefined;
      if (kept.stamp === stamp) return kept.entry;
      entries.delete(tokenHash);
      return undefined;
    },
    set(tokenHash, stamp, entry) {
      entries.delete(tokenHash);
      entries.set(tokenHash, { stamp, entry });
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(tokenHash) {
      entries.delete(tokenHash);
    },
  };
}
