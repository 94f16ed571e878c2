import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { hashToken } from '../../src/lib/ids.js';
import { backends } from '../helpers/backends.js';
import { cookieFrom, Harness, tokenOf } from '../helpers/harness.js';

/**
 * Rule 6 from the attacker's side: someone holds a copy of the database. Every string in every
 * row of every table (SQLite: read from the file by a connection of its own; PostgreSQL: every
 * table of the schema), and every token-looking piece of one, is tried as a session cookie, as a
 * Bearer token and as the token of an introspection: none signs in. No cookie value or secret
 * appears in the copy at all. (test/attacks.test.ts's token leakage looks in logs and answers.)
 */
describe.each(backends())('a copy of the database lets nobody in ($name)', (backend) => {
  let h: Harness;
  /** Every cookie token and every secret this suite was handed. */
  const secrets: { what: string; value: string; stored?: string }[] = [];
  let activeCookie: string;
  let activeToken: string;
  let introspectKey: string;

  beforeAll(async () => {
    h = await Harness.start(backend);
    await h.account('agent', 'Ada Agent', 'ada@acme.test');
    await h.account('agent', 'Lin Linked', 'lin@acme.test');
    await h.account('admin', 'Lin Linked', 'lin@acme.test', ['team.agents', 'audit', 'integrations']);
    const owner = await h.signIn('owner@acme.test');
    activeCookie = owner;
    const ada = await h.signIn('ada@acme.test');
    const adaAgain = await h.signIn('ada@acme.test');
    const lin = await h.signIn('lin@acme.test', 'agent');
    // A switch ends the agent session and opens an administrator one.
    const switched = await h.request('POST', '/api/auth/switch', { cookie: lin, body: { account: 'admin' } });
    const linAdmin = cookieFrom(switched);
    // Ended in three ways: sign-out, by an administrator, and by the switch above.
    await h.request('POST', '/api/auth/logout', { cookie: adaAgain });
    for (const [what, cookie] of [
      ['owner session', owner],
      ['agent session', ada],
      ['ended agent session', adaAgain],
      ['switched-from session', lin],
      ['switched-to session', linAdmin],
    ] as const) {
      secrets.push({ what, value: tokenOf(cookie) });
    }

    for (const name of ['Billing app', 'Revoked app']) {
      const res = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name } });
      expect(res.statusCode).toBe(201);
      secrets.push({ what: `service key ${name}`, value: res.json().secret, stored: res.json().key.prefix });
      if (name === 'Revoked app') await h.request('DELETE', `/api/integrations/keys/${res.json().key.id}`, { cookie: owner });
      else introspectKey = res.json().secret;
    }
    for (const [cookie, scope, name] of [
      [owner, 'full', 'Owner script'],
      [linAdmin, 'read', 'Lin report'],
      [ada, 'full', 'Ada revoked'],
    ] as const) {
      const res = await h.request('POST', '/api/me/tokens', { cookie, body: { name, scope, expiresInDays: 30 } });
      expect(res.statusCode).toBe(201);
      secrets.push({ what: `access token ${name}`, value: res.json().secret, stored: res.json().token.prefix });
      if (name === 'Ada revoked') await h.request('DELETE', `/api/me/tokens/${res.json().token.id}`, { cookie });
      if (name === 'Owner script') activeToken = res.json().secret;
    }
    // Use them once, so their last use is recorded too.
    await h.request('GET', '/api/me', { headers: { authorization: `Bearer ${activeToken}` } });
    await introspect(tokenOf(ada));
  }, 120_000);
  afterAll(() => h?.close());

  const introspect = (token: string, key = introspectKey) => h.request('POST', '/api/introspect', { headers: { authorization: `Bearer ${key}` }, body: { token } });

  /** Every string (and blob, read as text) of every row of every table. */
  async function dump(): Promise<{ tables: string[]; rows: number; values: string[] }> {
    const values: string[] = [];
    const tables: string[] = [];
    let rows = 0;
    const take = (row: Record<string, unknown>) => {
      rows++;
      for (const v of Object.values(row)) {
        if (typeof v === 'string') values.push(v);
        else if (Buffer.isBuffer(v)) values.push(v.toString('utf8'), v.toString('latin1'));
        else if (v !== null && typeof v === 'object') values.push(JSON.stringify(v));
      }
    };
    if (backend.name === 'sqlite') {
      const { rows: files } = await sql<{ file: string }>`pragma database_list`.execute(h.db.kysely);
      const file = files[0]!.file;
      // A copy, as an attacker would have it: the file and its write-ahead log, read by a connection of our own.
      const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-copy-'));
      try {
        const source = new Database(file, { readonly: true, fileMustExist: true });
        await source.backup(path.join(dir, 'copy.db'));
        source.close();
        const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
        for (const { name } of copy.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]) {
          tables.push(name);
          for (const row of copy.prepare(`select * from "${name.replace(/"/g, '""')}"`).all() as Record<string, unknown>[]) take(row);
        }
        copy.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } else {
      const {
        rows: [current],
      } = await sql<{ db: string }>`select current_database() as db`.execute(h.db.kysely);
      const url = new URL(inject('pgAdminUrl')!);
      url.pathname = `/${current!.db}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const { rows: list } = await client.query<{ schema: string; name: string }>(
          `select table_schema as schema, table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
        );
        for (const { schema, name } of list) {
          tables.push(`${schema}.${name}`);
          const { rows: all } = await client.query<Record<string, unknown>>(`select * from "${schema}"."${name}"`);
          for (const row of all) take(row);
        }
      } finally {
        await client.end();
      }
    }
    return { tables, rows, values };
  }

  /** Each value, and every run of token characters inside it (a token may sit inside JSON or a longer text). */
  function candidates(values: string[]): string[] {
    const out = new Set<string>();
    for (const value of values) {
      if (value.length > 0 && value.length <= 4096) out.add(value);
      for (const m of value.matchAll(/[A-Za-z0-9_-]{16,}/g)) {
        out.add(m[0]);
        // A secret sits behind its prefix; a cookie token is 43 characters, which a longer run may hold.
        for (const prefix of ['ghpat_', 'ghsk_']) if (m[0].startsWith(prefix)) out.add(m[0].slice(prefix.length));
        if (m[0].length > 43) for (let i = 0; i + 43 <= m[0].length; i++) out.add(m[0].slice(i, i + 43));
      }
    }
    return [...out];
  }

  it('holds no cookie value and no secret verbatim; only hashes and the secrets’ shown prefixes', async () => {
    const { tables, rows, values } = await dump();
    expect(tables).toEqual(expect.arrayContaining(['sessions', 'service_keys', 'access_tokens'].map((t) => (backend.name === 'sqlite' ? t : `public.${t}`))));
    expect(rows).toBeGreaterThan(20);
    const text = values.join('\n');
    for (const { what, value, stored } of secrets) {
      expect(text.includes(value), what).toBe(false);
      // What is shown in lists (the first characters) is all of a secret that is kept, besides its hash.
      if (stored) expect(text.includes(value.slice(stored.length)), `${what} past its prefix`).toBe(false);
      expect(text.includes(hashToken(value)), `${what}'s hash is what is kept`).toBe(true);
    }
    expect(text).not.toContain('gatehouse_session=');
  });

  it('signs nobody in with any value of any row, as a cookie, a Bearer token or an introspected token', async () => {
    // The genuine credentials work, so a refusal below means something.
    expect((await h.request('GET', '/api/me', { cookie: activeCookie })).statusCode).toBe(200);
    expect((await h.request('GET', '/api/me', { headers: { authorization: `Bearer ${activeToken}` } })).statusCode).toBe(200);
    expect((await introspect(tokenOf(activeCookie))).json().active).toBe(true);

    const { values } = await dump();
    const tried = candidates(values);
    expect(tried.length).toBeGreaterThan(100);
    const admitted: string[] = [];
    for (const value of tried) {
      // Only printable ASCII can travel in a header at all.
      if (/^[\x21-\x7e]+$/.test(value)) {
        const cookie = await h.request('GET', '/api/me', { cookie: `gatehouse_session=${value.replace(/;/g, '')}` });
        if (cookie.statusCode < 300) admitted.push(`cookie ${value}`);
        const bearer = await h.request('GET', '/api/me', { headers: { authorization: `Bearer ${value}` } });
        if (bearer.statusCode < 300) admitted.push(`bearer ${value}`);
        // A stored value as a service key.
        const asKey = await introspect(tokenOf(activeCookie), value);
        if (asKey.statusCode < 300) admitted.push(`service key ${value}`);
      }
      if (value.length <= 512) {
        const res = await introspect(value);
        // 400 for text no token holds (a NUL from a blob); otherwise an answer, which must be "inactive".
        expect([200, 400], JSON.stringify(value)).toContain(res.statusCode);
        if (res.statusCode === 200 && res.json().active !== false) admitted.push(`introspection ${value}`);
      }
    }
    expect(admitted).toEqual([]);
    console.log(`token safety (${backend.name}): ${tried.length} values and substrings of the database tried, none signed in`);
  }, 300_000);
});
