import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    runId: string;
  }
}

/**
 * Checks PostgreSQL once per run. In CI it is required: the run fails rather than quietly
 * testing one backend. Each test file then creates its own database named after this run.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let reachable = false;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    reachable = true;
  } catch (err) {
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required in CI but ${PG_ADMIN_URL} is unreachable: ${(err as Error).message}`);
    }
    console.warn(`\n  PostgreSQL at ${PG_ADMIN_URL} is unreachable: PostgreSQL runs of the suites are skipped.\n`);
  } finally {
    await client.end().catch(() => {});
  }
  project.provide('pgAdminUrl', reachable ? PG_ADMIN_URL : null);
  project.provide('runId', runId);

  return async () => {
    if (!reachable) return;
    // Drop whatever this run left behind (a crashed file cannot drop its own).
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`gh_${runId}_%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
  };
}
