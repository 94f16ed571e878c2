import type { ContextRow } from './store.js';

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
  /** The row read under `stamp`, if it is still current. */
  get(tokenHash: string, stamp: string): ContextRow | undefined;
  /** Keeps a row read under `stamp`. */
  set(tokenHash: string, stamp: string, row: ContextRow): void;
  delete(tokenHash: string): void;
}

/** A bounded cache: past `max` entries the oldest goes first. */
export function createCheckCache(max = 20_000): CheckCache {
  const entries = new Map<string, { stamp: string; row: ContextRow }>();
  return {
    get(tokenHash, stamp) {
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (entry.stamp === stamp) return entry.row;
      entries.delete(tokenHash);
      return undefined;
    },
    set(tokenHash, stamp, row) {
      entries.delete(tokenHash);
      entries.set(tokenHash, { stamp, row });
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(tokenHash) {
      entries.delete(tokenHash);
    },
  };
}
