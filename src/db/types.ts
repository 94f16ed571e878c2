import type { Kysely, Transaction } from 'kysely';
import type { Schema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** What a query runs on: the database itself, or a transaction the caller opened and must commit. */
export type Executor = Kysely<Schema>;

/**
 * The storage handle every store receives. Most queries go through Kysely; the few on the
 * hot path (the session check) use `first`/`run`, which keep one prepared statement per SQL
 * text for the life of the process.
 */
export interface Db {
  readonly dialect: Dialect;
  readonly kysely: Kysely<Schema>;
  /** Runs a prepared statement (`$1`, `$2` placeholders) and returns its first row. */
  first<T>(text: string, params: readonly unknown[]): Promise<T | undefined>;
  /**
   * Runs a prepared statement and returns how many rows it changed. `keepsStamp` marks a write
   * whose effect the caller mirrors in its own cache (last activity), so `stamp` ignores it.
   */
  run(text: string, params: readonly unknown[], options?: { keepsStamp?: boolean }): Promise<number>;
  /**
   * A number that moves whenever a write that may change a cached answer is committed, or null
   * while no such number can be trusted: SQLite inside an open transaction; PostgreSQL while its
   * cache window is shut (no heartbeat of this node came back within the window, the listener is
   * down, or the cache is off: see cache-window.ts). A write of this process (but not a
   * `keepsStamp` one) moves it before the writing call returns; a commit by another connection to
   * the SQLite file, within a millisecond; one by another PostgreSQL node, before its call
   * returns (it waits the window out). A cache entry read under one stamp is current while the
   * stamp is unchanged.
   */
  stamp(): number | null;
  /**
   * PostgreSQL: listens for changes that touched only some sessions' rows (ends), which leave the
   * stamp where it is; the listener drops those sessions from its cache, and must not keep a row
   * whose read was under way when it was called. Called before the change's call returns on every
   * node, as the stamp moves. Never called on SQLite, whose stamp moves for every write. Returns
   * the unsubscribe.
   */
  onSessionsChanged(listener: (sessionIds: readonly string[]) => void): () => void;
  /**
   * Runs `fn` in a transaction whose writes leave the stamp where it was, for writes that change
   * no answer a cached read gives: a sign-in (a new session nobody's cached check knew), audit
   * rows on their own, and the sweep's ends, which take only sessions that every check already
   * refuses from their own timestamps (`EndFilter.expiredAt`). On PostgreSQL: no notification to
   * the other nodes' caches and no wait (pg-writes.ts).
   * `stamp.move()` takes that back for this transaction, once it turns out to change a cached
   * answer after all (a sign-in that ends older sessions past the workspace's limit).
   */
  transactionKeepingStamp<T>(fn: (trx: Transaction<Schema>, stamp: { move(): void }) => Promise<T>): Promise<T>;
  /**
   * Long write jobs (the sweep) await this between batches: on SQLite it resolves once the
   * write-ahead log is not running ahead of the checkpoint worker; on PostgreSQL at once.
   */
  drained(): Promise<void>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** What a migration may use besides the database. */
export interface MigrationContext {
  /** Reports, in one line, something the operator should know (an optional feature left out). */
  warn(message: string): void;
}
