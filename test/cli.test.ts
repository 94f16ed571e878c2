import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/index.js';
import { backends, createPgDatabase } from './helpers/backends.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/cli.js');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function gatehouse(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the gatehouse command', () => {
  it('explains bad arguments and configuration without a stack trace', async () => {
    const dataDir = tempDir();
    const bad = await gatehouse(['init', '--workspace', 'Not A Slug', '--email', 'nope', '--password', 'short'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--workspace must be a slug');
    expect(bad.stderr).toContain('--email must be an email address');
    expect(bad.stderr).toContain('--password must be at least 10 characters');
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
    const bare = await gatehouse(['init'], { DATA_DIR: dataDir });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('--workspace is required');
    expect(bare.stderr).toContain('--email is required');
    expect(bare.stderr).toContain('--password is required (at least 10 characters)');

    const env = await gatehouse(['start'], { DATA_DIR: dataDir, PORT: 'x', DATABASE_URL: 'mysql://nope' });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain('PORT must be a whole number');
    expect(env.stderr).toContain('DATABASE_URL must be a postgres://');

    const unknown = await gatehouse(['launch'], { DATA_DIR: dataDir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown command "launch"');
  });

  it.each(backends().map((b) => b.name))('creates a workspace and its primary administrator on %s', async (name) => {
    const pgDb = name === 'postgres' ? await createPgDatabase() : undefined;
    const dataDir = tempDir();
    const env: Record<string, string> = { DATA_DIR: dataDir, ...(pgDb ? { DATABASE_URL: pgDb.url } : {}) };
    try {
      const res = await gatehouse(['init', '--workspace', 'acme', '--email', 'Boss@Acme.test', '--password', 'a long enough secret', '--name', 'Boss'], env);
      expect(res.stderr).toBe('');
      expect(res.stdout).toContain('Created workspace "acme"');
      const again = await gatehouse(['init', '--workspace', 'acme', '--email', 'x@acme.test', '--password', 'a long enough secret'], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');

      const db = await openDb(pgDb ? { databaseUrl: pgDb.url } : { sqlitePath: path.join(dataDir, 'gatehouse.db') });
      try {
        const admins = await db.kysely
          .selectFrom('accounts as a')
          .innerJoin('logins as l', 'l.id', 'a.login_id')
          .select(['a.name', 'a.is_primary', 'a.role', 'l.email', 'l.password_hash'])
          .execute();
        expect(admins).toEqual([{ name: 'Boss', is_primary: 1, role: 'admin', email: 'boss@acme.test', password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
      } finally {
        await db.close();
      }
    } finally {
      await pgDb?.drop();
    }
  });

  it('start --demo seeds the demo on first run, prints how to sign in, and those credentials work', async () => {
    const dataDir = tempDir();
    const child = spawn('node', [CLI, 'start', '--demo'], { env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0' } });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /serving the demo workspace at (http:\/\/[^\s]+)/.exec(out);
          if (m && out.includes('curl')) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const creds = /-d '([^']+)'/.exec(out)?.[1];
      expect(creds).toBeDefined();
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: creds! });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const me = (await (await fetch(`${url}/api/me`, { headers: { cookie } })).json()) as { account: unknown; workspace: { slug: string } };
      expect(me.account).toMatchObject({ role: 'admin', isPrimary: true });
      expect(me.workspace.slug).toBe('demo');

      // A second server on the same file is refused (it would not hear of the first one's ends);
      // the other commands still run beside the server.
      const second = await gatehouse(['start'], { DATA_DIR: dataDir, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('another Gatehouse server is already serving');
      expect(second.stderr).not.toMatch(/at .*\.js:\d+/);
      const init = await gatehouse(['init', '--workspace', 'acme', '--email', 'boss@acme.test', '--password', 'a long enough secret'], { DATA_DIR: dataDir });
      expect(init.stdout).toContain('Created workspace "acme"');

      const db = await openDb({ sqlitePath: path.join(dataDir, 'gatehouse.db') });
      try {
        const agents = await db.kysely.selectFrom('accounts').select('id').where('role', '=', 'agent').execute();
        expect(agents.length).toBeGreaterThanOrEqual(20);
        const places = await db.kysely.selectFrom('sessions').select(['country', 'browser', 'os', 'ended_at']).execute();
        expect(new Set(places.map((p) => p.country).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
        expect(new Set(places.map((p) => p.browser)).size).toBeGreaterThanOrEqual(3);
        expect(places.some((p) => p.ended_at !== null)).toBe(true);
        // Who ended each, as the server records it: a sign-out or a password change by the person, never "automatic".
        const byPerson = await db.kysely.selectFrom('sessions').select(['account_id', 'ended_by']).where('end_reason', 'in', ['signed_out', 'password_changed']).execute();
        expect(byPerson.length).toBeGreaterThan(0);
        expect(byPerson.every((r) => r.ended_by === r.account_id)).toBe(true);
        // The demo's audit log already tells the story of those sessions.
        const audit = await db.kysely.selectFrom('audit_events').select(['type']).execute();
        const types = new Set(audit.map((e) => e.type));
        for (const type of ['signin', 'signout', 'session.ended', 'signin.failed', 'settings.updated']) expect(types).toContain(type);
        expect(audit.filter((e) => e.type === 'signin').length).toBe(places.length);
      } finally {
        await db.close();
      }
    } finally {
      child.kill('SIGTERM');
      // Graceful shutdown: the process closes the server and the database, then exits 0.
      const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code).toBe(0);
    }
  });

  it('points an unknown option at the usage and the environment variables', async () => {
    const res = await gatehouse(['start', '--port', '5'], { DATA_DIR: tempDir() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Unknown option '--port'");
    expect(res.stderr).toContain('PORT=');
    const help = await gatehouse(['help'], {});
    expect(help.stdout).toContain('--workspace-name');
  });

  it('demo creates the demo workspace once and says so the second time', async () => {
    const dataDir = tempDir();
    const first = await gatehouse(['demo'], { DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created the demo workspace.');
    expect(first.stdout).toContain('owner@example.com');
    // `demo` starts no server, so it must not claim one is serving; it says how to start it.
    expect(first.stdout).not.toContain('is serving');
    expect(first.stdout).toContain('gatehouse -- start');
    const second = await gatehouse(['demo'], { DATA_DIR: dataDir });
    expect(second.stdout).toContain('already exists');
  });
});
