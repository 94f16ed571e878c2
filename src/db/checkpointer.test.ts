import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer.js';
import { openSqlite } from './sqlite.js';

const PAGE = 4096;

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('checkpoints on a worker thread (SQLite)', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-ckpt-'));
    file = path.join(dir, 'gatehouse.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the log back into the database file without a checkpoint on the main connection', async () => {
    const db = openSqlite(file);
    try {
      await db.run('create table t (id integer primary key, v blob)', []);
      // ~500 pages: under SQLite's automatic threshold (1,000), so only the worker can copy them.
      await db.run('begin', []);
      for (let i = 0; i < 2000; i++) await db.run('insert into t (v) values (randomblob(900))', []);
      await db.run('commit', []);
      expect(statSync(file).size).toBeLessThan(100 * PAGE);
      await until(() => statSync(file).size > 400 * PAGE);
    } finally {
      await db.close();
    }
  });

  it('checkpoints after writes and not while nothing is written', async () => {
    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (id integer primary key, v blob)');
    const writes = writer.prepare('select total_changes()').pluck();
    let checkpoints = 0;
    const checkpointer = startCheckpointer(file, { intervalMs: 10, idleMs: 40, onStopped: () => {}, writes: () => writes.get() as number, onCheckpoint: () => checkpoints++ });
    try {
      writer.prepare('insert into t (v) values (randomblob(900))').run();
      await until(() => checkpoints > 0);
      const after = checkpoints;
      // Forty looks at the write count at least (10 to 40 ms apart) with nothing written: a
      // clock-driven worker would have checkpointed at each.
      await new Promise((r) => setTimeout(r, 1200));
      expect(checkpoints).toBe(after);
      writer.prepare('insert into t (v) values (randomblob(900))').run();
      await until(() => checkpoints > after);
    } finally {
      await checkpointer.close();
      writer.close();
    }
  });

  it('holds a long write job back until the log is copied, so the log stays bounded', async () => {
    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (id integer primary key, v blob)');
    const writes = writer.prepare('select total_changes()').pluck();
    const checkpointer = startCheckpointer(file, { intervalMs: 20, maxLogPages: 100, onStopped: () => {}, writes: () => writes.get() as number });
    const insert = writer.prepare('insert into t (v) values (randomblob(900))');
    try {
      // 40 batches of ~250 pages written back to back, as the sweep does: ~10,000 pages in all.
      for (let round = 0; round < 40; round++) {
        writer.transaction(() => {
          for (let i = 0; i < 1000; i++) insert.run();
        })();
        await new Promise((r) => setImmediate(r));
        await checkpointer.drained();
      }
      // The log file is as long as the longest the log ever got: well under the 40 MiB that
      // 10,000 pages without a restart make (a few batches past the limit at most, even when a
      // busy machine delays the worker's reports).
      expect(statSync(`${file}-wal`).size).toBeLessThan(5000 * PAGE);
    } finally {
      await checkpointer.close();
      writer.close();
    }
  });

  it('reports a worker that cannot run, and never leaves a waiter hanging', async () => {
    const stopped: unknown[] = [];
    const checkpointer = startCheckpointer(path.join(dir, 'missing.db'), { onStopped: (err) => stopped.push(err), writes: () => 0 });
    await until(() => stopped.length === 1);
    await checkpointer.drained(60_000);
    await checkpointer.close();
    expect(String((stopped[0] as { message?: unknown }).message)).toMatch(/missing\.db|does not exist|unable to open/i);
  });
});
