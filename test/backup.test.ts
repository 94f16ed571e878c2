import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/index.js';
import { PASSWORD } from './helpers/harness.js';
import { buildServer, call, startNode, type Node } from './helpers/nodes.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/cli.js');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-backup-'));
  dirs.push(dir);
  return dir;
};

/** Runs the compiled command line on SQLite (whatever DATABASE_URL the test run has). */
async function gatehouse(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gatehouse backup', () => {
  const nodes: Node[] = [];
  const start = async (dataDir: string) => {
    const node = await startNode({ DATA_DIR: dataDir, DATABASE_URL: '' });
    nodes.push(node);
    return node;
  };

  beforeAll(() => buildServer(), 240_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('copies a serving SQLite database while it is written, and a server on the copy honours the old session cookie', async () => {
    const live = tempDir();
    const created = await gatehouse(['init', '--workspace', 'acme', '--email', 'owner@acme.test', '--password', PASSWORD], { DATA_DIR: live });
    expect(created.stderr).toBe('');
    // Some tens of MiB of history, so that the copy takes long enough for writes to land during it.
    const seed = new BetterSqlite3(path.join(live, 'gatehouse.db'));
    const { id: workspaceId } = seed.prepare('select id from workspaces').get() as { id: string };
    const insert = seed.prepare("insert into audit_events (workspace_id, at, type, detail) values (?, ?, 'signin.failed', ?)");
    seed.transaction(() => {
      for (let i = 0; i < 150_000; i++) insert.run(workspaceId, Date.now() - i * 1000, JSON.stringify({ reason: 'wrong_password', note: `${i}`.padStart(180, '.') }));
    })();
    seed.close();
    const server = await start(live);
    const signIn = async () => {
      const res = await call(server.url, 'POST', '/api/auth/login', { body: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD } });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return { cookie: res.cookie!, sessionId: res.json.session.id as string };
    };
    const kept = await signIn();
    const me = await call(server.url, 'GET', '/api/me', { cookie: kept.cookie });
    expect(me.status).toBe(200);

    // Sign-ins keep writing (a session and its audit row per transaction) for the whole backup.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await signIn();
        written++;
      }
    })();
    const restored = tempDir();
    const file = path.join(restored, 'gatehouse.db');
    await expect.poll(() => written, { timeout: 20_000 }).toBeGreaterThan(0);
    // The server holds its claim on the file all along: the backup must not need it.
    const writtenBefore = written;
    const backup = await gatehouse(['backup', '--to', file], { DATA_DIR: live });
    const writtenDuring = written;
    writing = false;
    await writer;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Backed up to .*gatehouse\.db: [\d.]+ MiB in [\d.]+ s, checked by SQLite \(quick_check ok\)/);
    expect(existsSync(file)).toBe(true);
    // Sign-ins were committed while the backup command ran (seconds; a sign-in takes milliseconds).
    expect(writtenDuring).toBeGreaterThan(writtenBefore);

    // An existing file is never replaced without --force, and is left as it was.
    const before = readFileSync(file);
    const again = await gatehouse(['backup', '--to', file], { DATA_DIR: live });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists: choose a new file, or add --force');
    expect(readFileSync(file).equals(before)).toBe(true);
    // …nor is the database itself, even with --force.
    const itself = await gatehouse(['backup', '--to', path.join(live, 'gatehouse.db'), '--force'], { DATA_DIR: live });
    expect(itself.code).toBe(1);
    expect(itself.stderr).toContain('is the database itself');
    // With --force, a fresh copy replaces it (the first one is what the rest of the test restores).
    const spare = path.join(tempDir(), 'spare.db');
    writeFileSync(spare, 'an older file');
    const forced = await gatehouse(['backup', '--to', spare, '--force'], { DATA_DIR: live });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(spare).subarray(0, 15).toString()).toBe('SQLite format 3');
    // No temporary file is left beside the copies.
    expect(readdirSync(restored)).toEqual(['gatehouse.db']);

    await server.stop();

    // The copy is consistent as of one commit: every session in it has the audit row written in
    // its transaction, and it holds the sessions started before the backup.
    const copy = await openDb({ sqlitePath: file });
    try {
      const sessions = await copy.kysely.selectFrom('sessions').select('id').execute();
      const audited = await copy.kysely.selectFrom('audit_events').select('session_id').where('type', '=', 'signin').execute();
      expect(new Set(audited.map((a) => a.session_id))).toEqual(new Set(sessions.map((s) => s.id)));
      expect(sessions.map((s) => s.id)).toContain(kept.sessionId);
      // (the kept session, those signed in during the backup, and one in flight as it returned)
      expect(sessions.length).toBeLessThanOrEqual(1 + writtenDuring + 1);
    } finally {
      await copy.close();
    }

    // Restored: a new server on the copy, and the cookie from before the backup still works.
    const second = await start(restored);
    const after = await call(second.url, 'GET', '/api/me', { cookie: kept.cookie });
    expect(after.status, JSON.stringify(after.json)).toBe(200);
    expect(after.json).toMatchObject({ account: me.json.account });
  }, 120_000);

  it('refuses a PostgreSQL configuration and says to use pg_dump', async () => {
    const res = await gatehouse(['backup', '--to', path.join(tempDir(), 'x.db')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gatehouse' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('pg_dump --format=custom');
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('explains a missing database or a missing --to', async () => {
    const empty = tempDir();
    const none = await gatehouse(['backup', '--to', path.join(empty, 'copy.db')], { DATA_DIR: empty });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('there is no Gatehouse database at');
    expect(existsSync(path.join(empty, 'copy.db'))).toBe(false);
    const noTarget = await gatehouse(['backup'], { DATA_DIR: empty });
    expect(noTarget.code).toBe(1);
    expect(noTarget.stderr).toContain('--to FILE is required');
  });
});
