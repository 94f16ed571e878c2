import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Db } from '../../src/db/index.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Opens a brand-new, migrated database of this backend; `cleanup` removes it. */
  open(): Promise<{ db: Db; url: string | undefined; cleanup(): Promise<void> }>;
}

const sqlite: Backend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'));
    const db = await openDb({ sqlitePath: path.join(dir, 'gatehouse.db') });
    return {
      db,
      url: undefined,
      cleanup: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Creates a fresh PostgreSQL database for one test file, so runs and files never share data. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not reachable');
  const name = `gh_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

const postgres: Backend = {
  name: 'postgres',
  async open() {
    const created = await createPgDatabase();
    const db = await openDb({ databaseUrl: created.url, poolSize: 5 });
    return {
      db,
      url: created.url,
      cleanup: async () => {
        await db.close();
        await created.drop();
      },
    };
  },
};

/** The backends every storage and lifecycle suite runs against (PostgreSQL when reachable; always in CI). */
export function backends(): Backend[] {
  return inject('pgAdminUrl') ? [sqlite, postgres] : [sqlite];
}
