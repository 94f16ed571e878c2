import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from './index.js';
import type { Schema } from './schema.js';

/** Opens (creating if needed) the SQLite file in WAL mode. */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
  // last transactions, which for session records is the right trade for write speed.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -32000');

  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (text: string): BetterSqlite3.Statement => {
    let stmt = statements.get(text);
    if (!stmt) {
      // better-sqlite3 numbers its parameters ?1, ?2…; PostgreSQL writes $1, $2….
      stmt = raw.prepare(text.replace(/\$(\d+)/g, '?$1'));
      statements.set(text, stmt);
    }
    return stmt;
  };

  return {
    dialect: 'sqlite',
    kysely,
    first: async <T>(text: string, params: readonly unknown[]) => prepare(text).get(...params) as T | undefined,
    run: async (text, params) => prepare(text).run(...params).changes,
    close: async () => {
      await kysely.destroy();
    },
  };
}
