import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from './types.js';
import type { Schema } from './schema.js';

// Times are stored as bigint milliseconds; they fit a JavaScript number until the year 285,616.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens a PostgreSQL pool. */
export function openPostgres(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not take the process down.
  pool.on('error', () => {});
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (!name) {
      name = `gh_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      names.set(text, name);
    }
    return name;
  };

  return {
    dialect: 'postgres',
    kysely,
    first: async <T>(text: string, params: readonly unknown[]) => {
      const result = await pool.query({ name: nameOf(text), text, values: params as unknown[] });
      return result.rows[0] as T | undefined;
    },
    run: async (text, params) => {
      const result = await pool.query({ name: nameOf(text), text, values: params as unknown[] });
      return result.rowCount ?? 0;
    },
    // Other nodes write to the same database without this process seeing it: never cache.
    stamp: () => null,
    transactionKeepingStamp: (fn) => kysely.transaction().execute((trx) => fn(trx, { move: () => {} })),
    drained: () => Promise.resolve(),
    close: async () => {
      await kysely.destroy();
    },
  };
}
