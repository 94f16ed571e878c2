import { Migrator, type Kysely, type Migration, type Transaction } from 'kysely';
import type { Schema } from './schema.js';
import * as init from './migrations/0001_init.js';
import * as team from './migrations/0002_team.js';
import * as live from './migrations/0003_live.js';
import * as perf from './migrations/0004_perf.js';
import * as search from './migrations/0005_search.js';
import * as health from './migrations/0006_health.js';

export type Dialect = 'sqlite' | 'postgres';

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
   * A number that grows whenever a write is committed, or null where no such number can be had:
   * PostgreSQL (several nodes write to it) and SQLite inside an open transaction. A write of this
   * process (but not a `keepsStamp` one) moves it before the writing call returns; a commit by
   * another connection to the SQLite file, within a millisecond. A cache entry read under one
   * stamp is current while the stamp is unchanged.
   */
  stamp(): number | null;
  /**
   * Runs `fn` in a transaction whose writes leave the stamp where it was, for writes that change
   * no answer a cached read gives: a sign-in (a new session nobody's cached check knew), audit
   * rows on their own, and the sweep's ends, which take only sessions that every check already
   * refuses from their own timestamps (`EndFilter.expiredAt`). A plain transaction on PostgreSQL.
   */
  transactionKeepingStamp<T>(fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T>;
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

/** Versioned migrations, applied in order at start by both backends. */
const MIGRATIONS: Record<string, { up(db: Kysely<unknown>, dialect: Dialect, context: MigrationContext): Promise<void> }> = {
  '0001_init': init,
  '0002_team': team,
  '0003_live': live,
  '0004_perf': perf,
  '0005_search': search,
  '0006_health': health,
};

export async function migrate(db: Db, context: MigrationContext = { warn: warnOnStderr }): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (k) => m.up(k, db.dialect, context) };
  }
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'gatehouse_migrations',
    migrationLockTableName: 'gatehouse_migrations_lock',
    // Each migration stands on its own (0006 creates a table nothing else touches), so one that
    // lands after a later-numbered one was applied (0006 after 0007) still runs instead of
    // stopping the start.
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** SQLite file path (ignored for PostgreSQL). */
  sqlitePath?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** Where migrations report what the operator should know; one line on stderr by default. */
  warn?: (message: string) => void;
}

// The database opens before the server's logger exists, so warnings go to stderr as one line.
function warnOnStderr(message: string): void {
  console.warn(`gatehouse: ${message}`);
}

/** Opens the database the configuration names and brings its schema up to date. */
export async function openDb(options: OpenOptions): Promise<Db> {
  const context = { warn: options.warn ?? warnOnStderr };
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    // Migrations get connections of their own without the statement time limit: they may build
    // an index over a large table, or wait for another node that is migrating.
    const migrating = openPostgres(options.databaseUrl, 2, { queryTimeoutMs: 0 });
    try {
      await migrate(migrating, context);
    } finally {
      await migrating.close();
    }
    return openPostgres(options.databaseUrl, options.poolSize);
  }
  const { openSqlite } = await import('./sqlite.js');
  const db = openSqlite(options.sqlitePath ?? ':memory:');
  try {
    await migrate(db, context);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
