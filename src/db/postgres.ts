import { createHash } from 'node:crypto';
import { CompiledQuery, Kysely } from 'kysely';
import pg from 'pg';
import { createCacheWindow } from './cache-window.js';
import { listenForCacheChanges } from './pg-listen.js';
import { keepingCaches, NotifyingPostgresDialect, type CacheChange } from './pg-writes.js';
import type { Db } from './types.js';
import type { Schema } from './schema.js';

// Times are stored as bigint milliseconds; they fit a JavaScript number until the year 285,616.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * How long a query waits for a connection, a new one or a free one of the pool, before it fails
 * (and its request answers 503 database_unavailable): a database that is gone or unreachable must
 * not hold requests. A refused connection fails at once; this bounds the silent cases.
 */
const CONNECT_TIMEOUT_MS = 1000;
/**
 * How long one statement may go unanswered on an open connection (a host that vanished without
 * closing it, a lock held by another node). The requests' statements take milliseconds; this
 * only makes sure none waits forever. Migrations run without it (see openDb).
 */
const QUERY_TIMEOUT_MS = 10_000;

export interface PostgresOptions {
  /** 0: no limit (migrations, which may build indexes over large tables). */
  queryTimeoutMs?: number;
  /**
   * A serving node's session-check cache (see cache-window.ts): this node's name and the window,
   * in milliseconds, that every change waits out before its call returns and within which a
   * heartbeat must have come back for the cache to be used. Without it (or with 0) nothing is
   * cached, but changes still notify the nodes that cache.
   */
  cache?: { nodeId: string; windowMs: number };
}

/** Opens a PostgreSQL pool. */
export function openPostgres(url: string, poolSize = 10, { queryTimeoutMs = QUERY_TIMEOUT_MS, cache }: PostgresOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(queryTimeoutMs > 0 ? { query_timeout: queryTimeoutMs } : {}),
    // TCP keep-alive: a connection cut without a FIN is found dead instead of looking idle.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client that loses its connection must not take the process down; the pool drops it.
  pool.on('error', () => {});
  // pg-pool listens for errors on idle clients only. A client checked out (by Kysely for a
  // query or a transaction, by pool.query) whose connection drops, as every connection does
  // when PostgreSQL restarts, emits 'error' with no listener, and Node ends the process on an
  // unhandled 'error' event. Its query in flight, if any, fails by itself (and answers 503);
  // once released, the pool discards it, as it is no longer queryable.
  pool.on('connect', (client) => client.on('error', () => {}));
  const windowMs = cache?.windowMs ?? 0;
  const window = createCacheWindow(windowMs);
  const nodeId = cache?.nodeId ?? 'gatehouse';
  // Every change that moves a cached answer notifies every node's cache inside its transaction
  // and returns windowMs after its commit (pg-writes.ts).
  const sessionListeners = new Set<(ids: readonly string[]) => void>();
  const sessionsChanged = (ids: readonly string[]) => {
    for (const listener of sessionListeners) listener(ids);
  };
  const committed = (change: CacheChange) => (change.all ? window.invalidate() : sessionsChanged([...change.sessions]));
  const kysely = new Kysely<Schema>({ dialect: new NotifyingPostgresDialect({ pool }, { nodeId, committed, settleMs: windowMs }) });
  const listener = windowMs > 0 ? listenForCacheChanges({ url, nodeId, window, windowMs, onSessions: sessionsChanged }) : null;
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
    run: async (text, params, options) => {
      if (!options?.keepsStamp) {
        // A write that may move cached answers notifies and waits like any other (pg-writes.ts).
        const result = await kysely.executeQuery(CompiledQuery.raw(text, [...params]));
        return Number(result.numAffectedRows ?? 0);
      }
      const result = await pool.query({ name: nameOf(text), text, values: params as unknown[] });
      return result.rowCount ?? 0;
    },
    // Other nodes write unseen: the cache is used only inside the window its heartbeats keep open.
    stamp: () => window.stamp(),
    onSessionsChanged: (listener) => {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },
    transactionKeepingStamp: (fn) => keepingCaches((move) => kysely.transaction().execute((trx) => fn(trx, { move }))),
    drained: () => Promise.resolve(),
    close: async () => {
      await listener?.close();
      await kysely.destroy();
    },
  };
}
