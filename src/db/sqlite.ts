import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import type { Db } from './types.js';
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
  // 16 MiB of page cache: the hot indexes fit, and resident memory stays low with millions of rows.
  raw.pragma('cache_size = -16000');
  // After the log starts over, a file grown past 256 MiB is cut back to that size. Not lower:
  // cutting hundreds of MiB took ~100 ms here, inside a write; the log normally stays far
  // smaller (see checkpointer.ts).
  raw.pragma('journal_size_limit = 268435456');

  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  // Hot-path statements are written once with PostgreSQL's $1, $2… placeholders; here they
  // become positional ?s, with the parameters reordered to match where they appear.
  const statements = new Map<string, { stmt: BetterSqlite3.Statement; order: number[]; identity: boolean }>();
  const prepare = (text: string, params: readonly unknown[]) => {
    let entry = statements.get(text);
    if (!entry) {
      const order = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
      entry = { stmt: raw.prepare(text.replace(/\$\d+/g, '?')), order, identity: order.every((n, i) => n === i) };
      statements.set(text, entry);
    }
    return { stmt: entry.stmt, values: entry.identity && params.length === entry.order.length ? params : entry.order.map((i) => params[i]) };
  };

  // total_changes() counts every row this connection wrote (Kysely's writes included: it shares
  // the connection) and costs ~0.1 µs. data_version moves when any other connection commits (the
  // command line's init or demo, a sqlite3 shell); reading it takes the write-ahead log's read
  // lock, three system calls (~3.5 µs here, more than the rest of a cached session check), so it
  // is read at most once per millisecond. Both fold into one number that only ever grows.
  const totalChanges = raw.prepare('select total_changes()').pluck();
  const dataVersion = raw.prepare('pragma data_version').pluck();
  let epoch = 0;
  let seenChanges = 0;
  let seenVersion = dataVersion.get() as number;
  let versionReadAt = performance.now();
  let unstamped = 0;
  const stamp = (): number | null => {
    // Inside a transaction reads may see writes that a rollback will undo: nothing is current.
    if (raw.inTransaction) return null;
    const changes = (totalChanges.get() as number) - unstamped;
    if (changes !== seenChanges) {
      seenChanges = changes;
      epoch++;
    }
    const now = performance.now();
    if (now - versionReadAt >= 1) {
      versionReadAt = now;
      const version = dataVersion.get() as number;
      if (version !== seenVersion) {
        seenVersion = version;
        epoch++;
      }
    }
    return epoch;
  };

  // Checkpoints run on a worker thread (see checkpointer.ts); if it ever stops, this connection
  // goes back to checkpointing on its own, so the log never grows unchecked.
  let checkpointer: Checkpointer | null = null;
  if (file !== ':memory:') {
    checkpointer = startCheckpointer(file, {
      onStopped: () => {
        if (raw.open) raw.pragma('wal_autocheckpoint = 1000');
      },
      writes: () => totalChanges.get() as number,
    });
    raw.pragma('wal_autocheckpoint = 0');
  }

  // Kysely runs its transactions on this same connection, one at a time behind its own lock,
  // and other work runs between their statements. A hot-path statement arriving then would run
  // inside that transaction: read what it has not committed, or be undone with it (and hold the
  // write-ahead log from starting over). It waits behind the same lock for the transaction to end.
  const outsideTransactions = <T>(fn: () => T): T | Promise<T> => (raw.inTransaction ? kysely.connection().execute(async () => fn()) : fn());

  return {
    dialect: 'sqlite',
    kysely,
    first: async <T>(text: string, params: readonly unknown[]) =>
      outsideTransactions(() => {
        const { stmt, values } = prepare(text, params);
        return stmt.get(...values) as T | undefined;
      }),
    run: async (text, params, options) =>
      outsideTransactions(() => {
        const { stmt, values } = prepare(text, params);
        const changes = stmt.run(...values).changes;
        if (options?.keepsStamp) unstamped += changes;
        return changes;
      }),
    stamp,
    // Every write moves SQLite's stamp: nothing is ever announced session by session.
    onSessionsChanged: () => () => {},
    transactionKeepingStamp: async (fn) => {
      // Kysely holds the connection for the whole transaction (hot-path statements wait, see
      // outsideTransactions), so the changes counted between its first and last statement are
      // exactly its own; they are set aside only once it has committed.
      let own = 0;
      let moves = false;
      const result = await kysely.transaction().execute(async (trx) => {
        const before = totalChanges.get() as number;
        const value = await fn(trx, { move: () => (moves = true) });
        own = (totalChanges.get() as number) - before;
        return value;
      });
      if (!moves) unstamped += own;
      return result;
    },
    drained: () => checkpointer?.drained() ?? Promise.resolve(),
    close: async () => {
      await checkpointer?.close();
      await kysely.destroy();
    },
  };
}

/**
 * Claims the SQLite file for one serving process, for as long as this process lives: a second
 * `gatehouse start` on the same file would serve sessions whose ends it never hears of (the
 * session bus is in-process), so it is refused instead. The claim is an exclusive lock on a small
 * file beside the database; the operating system drops it when the process ends, however it ends,
 * so nothing is ever left to clean up. The command line's other commands do not claim the file.
 * Returns false when another process holds it.
 */
export function claimSqliteFile(file: string): boolean {
  mkdirSync(path.dirname(file), { recursive: true });
  const lock = new BetterSqlite3(`${file}.server-lock`, { timeout: 0 });
  try {
    // In exclusive locking mode the lock a write takes is kept after it commits; the file holds
    // nothing worth a journal.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    lock.exec('create table if not exists holder (pid integer)');
    lock.exec('begin immediate');
    lock.prepare('delete from holder').run();
    lock.prepare('insert into holder (pid) values (?)').run(process.pid);
    lock.exec('commit');
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
    throw err;
  }
  // Kept open, and so locked, until the process exits.
  claims.push(lock);
  return true;
}
const claims: BetterSqlite3.Database[] = [];
