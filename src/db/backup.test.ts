import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqlite } from './backup.js';

describe('backupSqlite', () => {
  let dir: string;
  let source: string;
  let writer: BetterSqlite3.Database;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-backup-unit-'));
    source = path.join(dir, 'source.db');
    writer = new BetterSqlite3(source);
    writer.pragma('journal_mode = WAL');
    writer.exec('create table t (id integer primary key, body text)');
    const insert = writer.prepare('insert into t (body) values (?)');
    writer.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run('x'.repeat(500));
    })();
  });
  afterEach(() => {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies what is committed, the log included, while a connection keeps the file open, and reports progress', async () => {
    // Committed but still in the write-ahead log, not yet in the database file.
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare('insert into t (body) values (?)').run('last');
    const progress: number[] = [];
    const target = path.join(dir, 'copy.db');
    const result = await backupSqlite(source, target, { onProgress: (written) => progress.push(written), progressEveryMs: 1 });
    expect(result).toMatchObject({ ok: true, bytes: expect.any(Number) });
    expect(progress.length).toBeGreaterThan(0);
    const copy = new BetterSqlite3(target, { readonly: true });
    try {
      expect(copy.prepare('select count(*) from t').pluck().get()).toBe(20_001);
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      copy.close();
    }
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses an existing target without force, and the database itself even with it', async () => {
    const target = path.join(dir, 'copy.db');
    expect((await backupSqlite(source, target)).ok).toBe(true);
    expect(await backupSqlite(source, target)).toMatchObject({ ok: false, reason: 'target_exists' });
    expect(await backupSqlite(source, target, { force: true })).toMatchObject({ ok: true });
    expect(await backupSqlite(source, source, { force: true })).toMatchObject({ ok: false, reason: 'same_file' });
    expect(await backupSqlite(path.join(dir, 'missing.db'), path.join(dir, 'other.db'))).toMatchObject({ ok: false, reason: 'no_database' });
    expect(existsSync(path.join(dir, 'other.db'))).toBe(false);
  });
});
