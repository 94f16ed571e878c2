import { randomBytes } from 'node:crypto';
import { sql, type CompiledQuery, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../src/accounts/service.js';
import { createAuditStore } from '../src/audit/store.js';
import { openDb, type Db } from '../src/db/index.js';
import type { AccountRow, Role, Schema } from '../src/db/schema.js';
import { containsPattern } from '../src/lib/cursor.js';
import { newId } from '../src/lib/ids.js';
import { createAccountSearch, matchingLogins, MAX_FOUND, trigramQuery } from '../src/team/search.js';
import { createTeamStore } from '../src/team/store.js';
import { backends, createPgDatabase, type Backend } from './helpers/backends.js';
import { sessionRow } from './helpers/session-rows.js';

/**
 * The team lists' search (`q`) must give exactly the rows it gave before migration 0005 and
 * src/team/search.ts, on each backend: `reference` below is the list and count queries as they
 * were (src/team/store.ts at f53ec56), run on the same data.
 */

const NOW = Date.UTC(2026, 10, 23, 12);

/** Names and emails chosen to trip escaping, case folding and the trigram paths. */
const PEOPLE: [Role, string, string][] = [
  ['agent', 'Agent Smith', 'agent.smith@acme.test'],
  ['agent', 'smithy Jones', 'jones@acme.test'],
  ['agent', 'ÉMILE Zola', 'emile@acme.test'],
  ['agent', 'émile Dupont', 'e.dupont@acme.test'],
  ['agent', 'Jürgen MÜLLER', 'juergen@acme.test'],
  ['agent', 'Anna Müller', 'anna.mueller@acme.test'],
  ['agent', '100% Sure', 'sure@acme.test'],
  ['agent', '50 percent', 'percent50@acme.test'],
  ['agent', 'under_score', 'under_score@acme.test'],
  ['agent', 'underXscore', 'ux@acme.test'],
  ['agent', 'Back\\slash', 'back@acme.test'],
  ['agent', 'Zoë Ångström', 'zoe@acme.test'],
  ['agent', 'İstanbul Desk', 'istanbul@acme.test'],
  ['agent', 'Straße Team', 'strasse@acme.test'],
  ['agent', "O'Brien", 'obrien@acme.test'],
  ['agent', 'Lee', 'lee.smith@acme.test'],
  ['agent', 'Ming Li', 'mi@acme.test'],
  ['admin', 'Smith Admin', 'admin.smith@acme.test'],
  ['admin', 'Ada Müller', 'ada@acme.test'],
  // The same login as the agent above: a linked pair.
  ['admin', 'Agent Smith (admin)', 'agent.smith@acme.test'],
];

/** Enough matches of "bulk" to take SQLite past the trigram path's limit. */
const BULK = MAX_FOUND + 20;

const QUERIES = [
  'smith',
  'SMITH',
  'Smith',
  'smi',
  's',
  'sm',
  'mi',
  'a',
  'A',
  'é',
  'É',
  'émile',
  'ÉMILE',
  'Émile',
  'emile',
  'müller',
  'MÜLLER',
  'mül',
  'ü',
  'Ü',
  '100%',
  '%',
  '%%',
  '0%',
  '_',
  '__',
  'under_',
  'r_s',
  'r_sc',
  'x_y',
  '\\',
  'back\\',
  'k\\s',
  'k\\sl',
  '\\%',
  '\\_',
  '@',
  '@acme',
  'agent.smith@',
  'acme.test',
  '.test',
  'bulk',
  'BULK',
  'bulk 1',
  'bulk01',
  'bulk0007@',
  'agent 0',
  'zoë',
  'ZOË',
  'ångström',
  'straße',
  'STRASSE',
  'İstanbul',
  'istanbul',
  "o'b",
  '"',
  'nobody here',
  '  smith  ',
  ' ',
  'a%b',
  'ith',
  'e.d',
  'lee.',
  'li',
  // Would match across the line break between name and email in SQLite's trigram table.
  'e%lee',
  'ee_lee',
  'lee%lee.smith',
];

async function seed(db: Db) {
  const accounts = createAccountService(db);
  const { workspace } = await accounts.createWorkspace({
    slug: 'acme',
    name: 'Acme',
    adminName: 'Olivia Owner',
    adminEmail: 'owner@acme.test',
    adminPasswordHash: 'x',
    now: NOW,
  });
  const { workspace: other } = await accounts.createWorkspace({
    slug: 'other',
    name: 'Other',
    adminName: 'Other Smith',
    adminEmail: 'smith@other.test',
    adminPasswordHash: 'x',
    now: NOW,
  });
  await accounts.createAccount({ workspaceId: other.id, role: 'agent', name: 'Agent Smith', email: 'agent.smith@other.test', passwordHash: 'x', now: NOW });
  const made: AccountRow[] = [];
  for (const [role, name, email] of PEOPLE) {
    made.push(await accounts.createAccount({ workspaceId: workspace.id, role, name, email, passwordHash: 'x', now: NOW }));
  }
  for (let i = 0; i < BULK; i += 100) {
    const logins = [];
    const rows: AccountRow[] = [];
    for (let n = i; n < Math.min(BULK, i + 100); n++) {
      const loginId = newId('lgn');
      logins.push({
        id: loginId,
        workspace_id: workspace.id,
        email: `bulk${String(n).padStart(4, '0')}@acme.test`,
        password_hash: 'x',
        created_at: NOW,
        password_changed_at: NOW,
      });
      rows.push({
        id: newId('acc'),
        workspace_id: workspace.id,
        login_id: loginId,
        role: 'agent',
        name: `Bulk ${n}`,
        is_primary: 0,
        disabled: 0,
        grants: '[]',
        created_at: NOW,
      });
    }
    await db.kysely.insertInto('logins').values(logins).execute();
    await db.kysely.insertInto('accounts').values(rows).execute();
    made.push(...rows);
  }
  // Every third account has an active session, every fifth an ended one.
  const sessions = made.flatMap((a, i) => [...(i % 3 === 0 ? [session(a, null)] : []), ...(i % 5 === 0 ? [session(a, NOW - 60_000)] : [])]);
  for (let i = 0; i < sessions.length; i += 200)
    await db.kysely
      .insertInto('sessions')
      .values(sessions.slice(i, i + 200))
      .execute();
  return { workspace, other, made };
}

function session(a: AccountRow, endedAt: number | null) {
  return sessionRow(a, {
    id: newId('ses'),
    token_hash: randomBytes(32).toString('hex'),
    created_at: NOW - 3_600_000,
    last_seen_at: NOW - 60_000,
    ip: '203.0.113.9',
    user_agent: 'test',
    browser: 'Firefox 133',
    os: 'Ubuntu',
    ended_at: endedAt,
    end_reason: endedAt ? 'signed_out' : null,
  });
}

type Eb = ExpressionBuilder<Schema & { a: AccountRow; l: Schema['logins'] }, 'a' | 'l'>;

/** The team list's page and counts exactly as they were queried before the trigram search. */
async function reference(db: Db, workspaceId: string, role: Role, q: string, session: 'active' | 'none' | undefined, after: readonly [string, string] | null, limit: number) {
  const k = db.kysely;
  const pattern = containsPattern(q);
  const matches = (eb: Eb): Expression<SqlBool> =>
    eb.or([sql<SqlBool>`lower(${eb.ref('a.name')}) like ${pattern} escape '\\'`, sql<SqlBool>`${eb.ref('l.email')} like ${pattern} escape '\\'`]);
  const active = (eb: Eb) => eb.exists(eb.selectFrom('sessions as s').select(sql.lit(1).as('one')).whereRef('s.account_id', '=', 'a.id').where('s.ended_at', 'is', null));
  let page = k
    .selectFrom('accounts as a')
    .innerJoin('logins as l', 'l.id', 'a.login_id')
    .select(['a.id', 'a.name', 'l.email'])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.role', '=', role);
  page = page.where((eb) => matches(eb as unknown as Eb));
  if (session === 'active') page = page.where((eb) => active(eb as unknown as Eb));
  if (session === 'none') page = page.where((eb) => eb.not(active(eb as unknown as Eb)));
  if (after) page = page.where((eb) => eb.or([eb('a.name', '>', after[0]), eb.and([eb('a.name', '=', after[0]), eb('a.id', '>', after[1])])]));
  const rows = await page.orderBy('a.name').orderBy('a.id').limit(limit).execute();
  const count = await k
    .selectFrom('accounts as a')
    .innerJoin('logins as l', 'l.id', 'a.login_id')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(active(eb as unknown as Eb))
            .then(1)
            .else(0)
            .end(),
        )
        .as('active'),
    ])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.role', '=', role)
    .where((eb) => matches(eb as unknown as Eb))
    .executeTakeFirstOrThrow();
  return { rows, counts: { all: Number(count.all), active: Number(count.active ?? 0) } };
}

/** Every page of a search, through the store and through `reference`, must be the same. */
async function expectSameAsBefore(db: Db, workspaceId: string, q: string) {
  const store = createTeamStore(db);
  for (const role of ['agent', 'admin'] as const) {
    for (const session of [undefined, 'active', 'none'] as const) {
      // The agents without a session filter are followed over three pages; the rest, the first.
      const deep = role === 'agent' && session === undefined;
      let after: readonly [string, string] | null = null;
      for (let pages = 0; ; pages++) {
        const limit = deep && pages === 0 ? 200 : 7;
        const want = await reference(db, workspaceId, role, q, session, after, limit);
        const got = await store.listAccounts({ workspaceId, role, q, session, after: after && { keys: [], name: after[0], id: after[1] }, limit });
        const where = `q=${JSON.stringify(q)} role=${role} session=${session} page ${pages}`;
        expect(
          got.rows.map((r) => [r.id, r.name, r.email]),
          where,
        ).toEqual(want.rows.map((r) => [r.id, r.name, r.email]));
        expect(got.counts, where).toEqual(want.counts);
        const last = want.rows.at(-1);
        if (!deep || want.rows.length < limit || !last || pages === 2) break;
        after = [last.name, last.id];
      }
    }
  }
}

/** A brand-new database of `backend` with the seed in it; `cleanup` removes it, and does so at once when seeding fails. */
async function openSeeded(backend: Backend): Promise<{ db: Db; cleanup: () => Promise<void>; ws: string }> {
  const { db, cleanup } = await backend.open();
  try {
    return { db, cleanup, ws: (await seed(db)).workspace.id };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

describe.each(backends())('team search on $name', (backend) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let ws: string;

  beforeAll(async () => {
    ({ db, cleanup, ws } = await openSeeded(backend));
    await sql`analyze`.execute(db.kysely);
  });
  afterAll(() => cleanup?.());

  it('finds the same accounts, pages and counts as before for tricky queries', async () => {
    for (const q of QUERIES) await expectSameAsBefore(db, ws, q);
  });

  it('is not vacuous: the reference finds what it should', async () => {
    const names = async (q: string, role: Role = 'agent') => (await reference(db, ws, role, q, undefined, null, 1000)).rows.map((r) => r.name).sort();
    expect(await names('smith')).toEqual(['Agent Smith', 'Lee', 'smithy Jones']);
    expect(await names('smith', 'admin')).toEqual(['Agent Smith (admin)', 'Smith Admin']);
    expect(await names('100%')).toEqual(['100% Sure']);
    expect(await names('r_s')).toEqual(['under_score']);
    expect(await names('k\\s')).toEqual(['Back\\slash']);
    expect(await names('müller')).toEqual(backend.name === 'postgres' ? ['Anna Müller', 'Jürgen MÜLLER'] : ['Anna Müller']);
    expect(await names('bulk')).toHaveLength(BULK);
    // Each backend keeps its own case folding: PostgreSQL's lower() folds É, SQLite's only ASCII.
    expect(await names('émile')).toEqual(backend.name === 'postgres' ? ['ÉMILE Zola', 'émile Dupont'] : ['émile Dupont']);
  });

  it('stays in step when accounts are added, renamed and their email changes', async () => {
    const accounts = createAccountService(db);
    const team = createTeamStore(db);
    const added = await accounts.createAccount({ workspaceId: ws, role: 'agent', name: 'Quentin Quarry', email: 'qq@acme.test', passwordHash: 'x', now: NOW });
    const find = async (q: string) => (await team.listAccounts({ workspaceId: ws, role: 'agent', q, limit: 50 })).rows.map((r) => r.id);
    expect(await find('quarry')).toEqual([added.id]);
    await team.updateAccount(ws, added.id, { name: 'Renata Rename' });
    expect(await find('quarry')).toEqual([]);
    expect(await find('rename')).toEqual([added.id]);
    await team.updateAccount(ws, added.id, { disabled: 1 });
    expect(await find('renata')).toEqual([added.id]);
    await db.kysely.updateTable('logins').set({ email: 'renata@acme.test' }).where('id', '=', added.login_id).execute();
    expect(await find('qq@')).toEqual([]);
    expect(await find('renata@')).toEqual([added.id]);
    for (const q of ['quarry', 'rename', 'renata', 'qq@', 'renata@', 're']) await expectSameAsBefore(db, ws, q);
  });

  if (backend.name === 'sqlite') {
    it('relies on SQLite folding only ASCII letters, in lower() and in like', async () => {
      const { rows } = await sql<{
        lowered: string;
        ascii: number;
        accented: number;
      }>`select lower('ÀÉÎ Ü') as lowered, 'E' like 'e' as ascii, 'É' like 'é' as accented`.execute(db.kysely);
      expect(rows[0]).toEqual({ lowered: 'ÀÉÎ Ü', ascii: 1, accented: 0 });
    });

    it('finds through the trigram table up to its limit, and reads the accounts past it', async () => {
      const probe = (q: string) => trigramQuery(ws, 'agent', q);
      const plan = async (q: string) => {
        const compiled = probe(q)!.compile(db.kysely);
        const result = await db.kysely.executeQuery<{ detail: string }>({ ...compiled, sql: `explain query plan ${compiled.sql}` });
        return result.rows.map((r) => r.detail).join('; ');
      };
      // The trigram index answers the like (L: a like constraint FTS5 takes, on the body column).
      expect(await plan('smith')).toMatch(/^SCAN t VIRTUAL TABLE INDEX \d+:L5;/);
      expect((await probe('smith')!.execute(db.kysely)).rows).toHaveLength(3);
      expect((await probe('bulk')!.execute(db.kysely)).rows).toHaveLength(MAX_FOUND + 1);
      // A candidate across the line break between name and email ("Lee" / "lee.smith@…") is dropped.
      const { rows: across } = await sql<{ n: number }>`select count(*) as n from account_search where body like '%ee_lee%'`.execute(db.kysely);
      expect(Number(across[0]!.n)).toBe(1);
      expect((await probe('ee_lee')!.execute(db.kysely)).rows).toEqual([]);
      // Nothing to look up below three characters in a row: those searches read the accounts.
      for (const q of ['sm', 'a_b', '%', 'é']) expect(probe(q)).toBeNull();
      const search = createAccountSearch(db);
      expect((await search.find(ws, 'agent', 'smith')).counts).toEqual({ all: 3, active: expect.any(Number) });
      expect((await search.find(ws, 'agent', 'bulk')).counts).toBeUndefined();
    });
  }

  if (backend.name === 'postgres') {
    it('answers selective searches from the trigram indexes', async () => {
      // A workspace big enough (5,000 agents) for the planner to prefer an index to reading the table.
      const { workspace: big } = await createAccountService(db).createWorkspace({
        slug: 'big',
        name: 'Big',
        adminName: 'Big Owner',
        adminEmail: 'owner@big.test',
        adminPasswordHash: 'x',
        now: NOW,
      });
      await sql`insert into logins (id, workspace_id, email, password_hash, created_at, password_changed_at)
        select 'lgn_big' || n, ${big.id}, 'crowd' || n || '@big.test', 'x', ${NOW}, ${NOW} from generate_series(1, 5000) n`.execute(db.kysely);
      await sql`insert into accounts (id, workspace_id, login_id, role, name, is_primary, disabled, grants, created_at)
        select 'acc_big' || n, ${big.id}, 'lgn_big' || n, 'agent', 'Crowd ' || n, 0, 0, '[]', ${NOW} from generate_series(1, 5000) n`.execute(db.kysely);
      // As autovacuum would: rows written since the GIN indexes were built wait in their pending
      // lists, which the planner prices high until a vacuum merges them.
      await sql`vacuum analyze accounts, logins`.execute(db.kysely);
      const search = createAccountSearch(db);
      const explain = async (compiled: CompiledQuery) =>
        (await db.kysely.executeQuery<{ 'QUERY PLAN': string }>({ ...compiled, sql: `explain ${compiled.sql}` })).rows.map((r) => r['QUERY PLAN']).join('\n');
      const accountsPlan = async (q: string) => {
        const { filter } = await search.find(big.id, 'agent', q);
        return explain(
          db.kysely
            .selectFrom('accounts as a')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('a.workspace_id', '=', big.id)
            .where('a.role', '=', 'agent')
            .where((eb) => filter(eb as never))
            .compile(),
        );
      };
      // The matching logins first, from their index; then the accounts by name or by those logins.
      expect(
        await explain(
          matchingLogins(db.kysely, big.id, 'crowd4321@')
            .limit(MAX_FOUND + 1)
            .compile(),
        ),
      ).toMatch(/Bitmap Index Scan on logins_email_trgm/);
      expect(await accountsPlan('crowd4321@')).toMatch(/BitmapOr[\s\S]*Bitmap Index Scan on accounts_name_trgm[\s\S]*Bitmap Index Scan on accounts_login_role/);
      // Under three characters a trigram index cannot narrow anything; the same rows come from reading.
      expect(
        await explain(
          matchingLogins(db.kysely, big.id, 'cr')
            .limit(MAX_FOUND + 1)
            .compile(),
        ),
      ).not.toContain('_trgm');
      expect(await accountsPlan('cr')).not.toContain('_trgm');
      expect((await createTeamStore(db).listAccounts({ workspaceId: big.id, role: 'agent', q: 'CROWD4321@', limit: 5 })).rows.map((r) => r.id)).toEqual(['acc_big4321']);
    });
  }
});

describe.each(backends())('audit search on $name', (backend) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let ws: string;

  beforeAll(async () => {
    ({ db, cleanup, ws } = await openSeeded(backend));
    const labels = [...PEOPLE.map(([, name, email]) => `${name} <${email}>`), 'Gatehouse', null];
    const rows = labels.flatMap((label, i) => [
      {
        workspace_id: ws,
        at: NOW + i,
        type: 'signin',
        actor_account_id: null,
        actor_label: label,
        target_account_id: null,
        target_label: null,
        session_id: null,
        ip: `203.0.113.${i}`,
        detail: '{}',
      },
      {
        workspace_id: ws,
        at: NOW + i,
        type: 'session.ended',
        actor_account_id: null,
        actor_label: 'Olivia Owner <owner@acme.test>',
        target_account_id: null,
        target_label: label,
        session_id: null,
        ip: i % 2 ? '2001:DB8::1' : null,
        detail: '{}',
      },
    ]);
    await db.kysely.insertInto('audit_events').values(rows).execute();
  });
  afterAll(() => cleanup?.());

  it('finds the same events as before for tricky queries', async () => {
    const reader = createAuditStore(db);
    for (const q of [...QUERIES, '2001:db8', 'DB8', '203.0.113.1', 'owner', 'gatehouse']) {
      const pattern = containsPattern(q);
      const want = await db.kysely
        .selectFrom('audit_events')
        .select('id')
        .where('workspace_id', '=', ws)
        .where((eb) =>
          eb.or([
            sql<SqlBool>`lower(${eb.ref('actor_label')}) like ${pattern} escape '\\'`,
            sql<SqlBool>`lower(${eb.ref('target_label')}) like ${pattern} escape '\\'`,
            sql<SqlBool>`lower(${eb.ref('ip')}) like ${pattern} escape '\\'`,
          ]),
        )
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      const got = await reader.page({ workspaceId: ws, q }, null, 200);
      expect(
        got.map((e) => e.id),
        `q=${JSON.stringify(q)}`,
      ).toEqual(want.map((e) => Number(e.id)));
    }
  });
});

describe.runIf(inject('pgAdminUrl'))('team search on PostgreSQL without pg_trgm', () => {
  // A role that may create tables but not extensions: what a server without pg_trgm, or an
  // operator's locked-down role, looks like to the migration.
  const role = `gh_${inject('runId')}_${randomBytes(3).toString('hex')}_plain`;
  let created: Awaited<ReturnType<typeof createPgDatabase>>;
  let db: Db | undefined;
  const warnings: string[] = [];

  beforeAll(async () => {
    const adminUrl = inject('pgAdminUrl')!;
    created = await createPgDatabase();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create role "${role}" login`);
    await admin.end();
    const owner = new pg.Client({ connectionString: created.url });
    await owner.connect();
    await owner.query(`alter schema public owner to "${role}"`);
    await owner.end();
    const url = new URL(created.url);
    url.username = role;
    db = await openDb({ databaseUrl: url.toString(), poolSize: 3, warn: (m) => warnings.push(m) });
  });
  afterAll(async () => {
    await db?.close();
    await created?.drop();
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl')! });
    await admin.connect();
    await admin.query(`drop role if exists "${role}"`);
    await admin.end();
  });

  it('migrates with one warning and no trigram indexes', async () => {
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/pg_trgm is not available \(permission denied.*\): team searches will read every account/);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname like '%trgm%'`.execute(db!.kysely);
    expect(rows[0]!.n).toBe(0);
    const { rows: migrated } = await sql<{ name: string }>`select name from gatehouse_migrations order by name`.execute(db!.kysely);
    expect(migrated.map((m) => m.name)).toContain('0005_search');
  });

  it('finds the same accounts, pages and counts as before', async () => {
    const { workspace } = await seed(db!);
    for (const q of QUERIES) await expectSameAsBefore(db!, workspace.id, q);
  });
});
