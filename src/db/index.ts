import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Db, Dialect, MigrationContext } from './types.js';
import * as init from './migrations/0001_init.js';
import * as team from './migrations/0002_team.js';
import * as live from './migrations/0003_live.js';
import * as perf from './migrations/0004_perf.js';
import * as search from './migrations/0005_search.js';
import * as health from './migrations/0006_health.js';
import * as integrations from './migrations/0007_integrations.js';
import * as tokens from './migrations/0009_tokens.js';
import * as webhooks from './migrations/0010_webhooks.js';
import * as loginGuard from './migrations/0011_login_guard.js';
import * as twoFactor from './migrations/0012_two_factor.js';
import * as passkeys from './migrations/0013_passkeys.js';
import * as reauthentication from './migrations/0014_reauthentication.js';
import * as sessionHistory from './migrations/0016_session_history.js';
import * as shifts from './migrations/0015_shifts.js';

// The handle's type lives in types.ts, which imports nothing of this file: nothing circles.
export type { Db } from './types.js';

/** Versioned migrations, applied in order at start by both backends. */
const MIGRATIONS: Record<string, { up(db: Kysely<unknown>, dialect: Dialect, context: MigrationContext): Promise<void> }> = {
  '0001_init': init,
  '0002_team': team,
  '0003_live': live,
  '0004_perf': perf,
  '0005_search': search,
  '0006_health': health,
  '0007_integrations': integrations,
  // 0008 is left free.
  '0009_tokens': tokens,
  '0010_webhooks': webhooks,
  '0011_login_guard': loginGuard,
  '0012_two_factor': twoFactor,
  '0013_passkeys': passkeys,
  '0014_reauthentication': reauthentication,
  '0016_session_history': sessionHistory,
  '0015_shifts': shifts,
};

async function migrate(db: Db, context: MigrationContext = { warn: warnOnStderr }): Promise<void> {
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
  /** PostgreSQL: this node's session-check cache (its name and window; see cache-window.ts). */
  cache?: { nodeId: string; windowMs: number };
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
    return openPostgres(options.databaseUrl, options.poolSize, options.cache ? { cache: options.cache } : {});
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
