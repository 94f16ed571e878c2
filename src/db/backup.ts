import { closeSync, existsSync, fsyncSync, linkSync, openSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface BackupOptions {
  /** Replace `target` if it exists; otherwise an existing file is never touched. */
  force?: boolean;
  /** Called about once a second while the copy runs, with the bytes written so far. */
  onProgress?: (written: number, sourceBytes: number) => void;
  /** How often `onProgress` is called (ms). */
  progressEveryMs?: number;
}

export type BackupResult = { ok: true; bytes: number; ms: number } | { ok: false; reason: 'no_database' | 'target_exists' | 'same_file'; message: string };

// The copy runs on a worker thread with its own connection: `VACUUM INTO` is one synchronous
// statement, and the thread that waits on it must stay free to report progress. Evaluated from
// source, like the checkpointer's worker, so it runs the same from dist/ and under test.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.source, { fileMustExist: true });
  // The server's writes never wait for this copy (a reader in WAL mode), but a write that is
  // committing when it starts, or the log being reset, may hold it back a moment.
  db.pragma('busy_timeout = 10000');
  // One statement, one read transaction: the copy is the database as of one commit, whatever
  // the server writes meanwhile, and it is compacted (free pages are left out).
  db.prepare('VACUUM INTO ?').run(workerData.target);
  db.close();
  const copy = new Database(workerData.target, { fileMustExist: true });
  const check = copy.pragma('quick_check', { simple: true });
  copy.close();
  parentPort.postMessage({ check });
} catch (err) {
  try { db && db.open && db.close(); } catch {}
  parentPort.postMessage({ failed: String((err && err.message) || err) });
}
`;

/**
 * Copies a live SQLite database to `target`, consistent as of one commit, while the server keeps
 * serving: neither the server's claim on the file nor its writes stand in the way, and the copy
 * takes no lock that would make a request wait. The copy is written beside `target` under a
 * temporary name, checked (`PRAGMA quick_check`), flushed to the disk, and only then put in place,
 * so a failed or interrupted backup never leaves a half-written file under the name asked for.
 */
export async function backupSqlite(source: string, target: string, options: BackupOptions = {}): Promise<BackupResult> {
  if (!existsSync(source)) return { ok: false, reason: 'no_database', message: `there is no Gatehouse database at ${source} (check DATA_DIR)` };
  const resolvedTarget = path.resolve(target);
  if (existsSync(resolvedTarget)) {
    const real = realpathSync(resolvedTarget);
    const src = realpathSync(source);
    if (real === src || real === `${src}-wal` || real === `${src}-shm`) {
      return { ok: false, reason: 'same_file', message: `${target} is the database itself: back up to another file` };
    }
    if (!options.force) return { ok: false, reason: 'target_exists', message: `${target} already exists: choose a new file, or add --force to replace it` };
  }

  const partial = path.join(path.dirname(resolvedTarget), `.${path.basename(resolvedTarget)}.partial-${process.pid}`);
  rmSync(partial, { force: true });
  const started = performance.now();
  const sourceBytes = sizeOf(source) + sizeOf(`${source}-wal`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source, target: partial, driver } });
  const progress = options.onProgress ? setInterval(() => options.onProgress!(sizeOf(partial), sourceBytes), options.progressEveryMs ?? 1000) : undefined;
  try {
    const report = await new Promise<{ check?: string; failed?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the backup worker exited (${code})`)));
    });
    if (report.failed !== undefined) throw new Error(`the backup failed: ${report.failed}`);
    if (report.check !== 'ok') throw new Error(`the copy does not pass SQLite's quick_check: ${report.check}`);
    fsync(partial);
    if (options.force) renameSync(partial, resolvedTarget);
    else {
      // A hard link never replaces a file: one created under that name meanwhile is kept.
      try {
        linkSync(partial, resolvedTarget);
      } catch (err) {
        const exists = (err as { code?: string }).code === 'EEXIST' || existsSync(resolvedTarget);
        if (exists) return { ok: false, reason: 'target_exists', message: `${target} already exists: choose a new file, or add --force to replace it` };
        // A file system without hard links: the check above is as close as it gets.
        renameSync(partial, resolvedTarget);
      }
    }
    fsync(path.dirname(resolvedTarget));
    return { ok: true, bytes: sizeOf(resolvedTarget), ms: performance.now() - started };
  } finally {
    if (progress) clearInterval(progress);
    await worker.terminate();
    rmSync(partial, { force: true });
  }
}

/** Flushes a file (or a directory's entries) to the disk. */
function fsync(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
