import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/lib/ids.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { backends, type Backend } from '../helpers/backends.js';
import { faultOf, fuzzRouteOf, requestFor, type FuzzRequest, type FuzzRoute, type Pools } from '../helpers/fuzz.js';
import { cookieFrom, Harness, PASSWORD, tokenOf } from '../helpers/harness.js';

/**
 * Property-based fuzzing of every route the app registers (listed by an onRoute hook, as the
 * authorization matrix lists them, so a new route is fuzzed without a line here). Requests are
 * built from each route's own schemas with junk mixed in at every level (test/helpers/fuzz.ts)
 * and sent by each kind of caller. Properties:
 * 1. never a 5xx; every 4xx is `{"error": {"code", "message"}}` with a catalogued code and its status;
 * 2. anonymous callers, agents and a sub-administrator without grants change nothing of anyone
 *    else's: the security tables are the same after a batch of their requests, but for their own
 *    logins' sessions, tokens and password.
 *
 * Fixed seed (FUZZ_SEED overrides it); a failure reports the seed and path fast-check needs to
 * replay it. FUZZ_SCALE multiplies the number of runs.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** Runs per backend: SQLite takes most, PostgreSQL a share. Phase 1 runs are batches of BATCH requests. */
const RUNS: Record<Backend['name'], { unprivileged: number; everyone: number }> = {
  sqlite: { unprivileged: 170, everyone: 4200 },
  postgres: { unprivileged: 30, everyone: 1100 },
};
/** What one run sends in all, both backends together (at FUZZ_SCALE 1). */
const AT_LEAST = 10_000;
const sent = { requests: 0, started: performance.now() };

afterAll(() => {
  console.log(`fuzz: ${sent.requests} requests in all, ${((performance.now() - sent.started) / 1000).toFixed(1)} s`);
  if (SCALE >= 1 && backends().length === 2) expect(sent.requests).toBeGreaterThanOrEqual(AT_LEAST);
});
const BATCH = 25;
/** The password of the primary administrator and the target accounts: never in the generators' pools. */
const SECRET_PASSWORD = 'the owner keeps this one to herself';

type CallerName = 'anonymous' | 'agent' | 'sub:none' | 'primary';
const UNPRIVILEGED: CallerName[] = ['anonymous', 'agent', 'sub:none'];
const EVERYONE: CallerName[] = [...UNPRIVILEGED, 'primary'];
const TABLES = ['workspaces', 'logins', 'accounts', 'sessions', 'service_keys', 'access_tokens'] as const;

describe.each(backends())('fuzzing every route ($name)', (backend) => {
  let h: Harness;
  const totals = { requests: 0, ms: 0, byStatus: new Map<number, number>(), byRoute: new Map<string, number>() };
  const routes: FuzzRoute[] = [];
  const cookies = new Map<CallerName, string>();
  const emails: Record<Exclude<CallerName, 'anonymous'>, string> = { agent: 'agent@acme.test', 'sub:none': 'sub-none@acme.test', primary: 'owner@acme.test' };
  /** The logins whose rows an unprivileged caller may change: their own. */
  let ownLogins: Set<string>;
  let pools: Pools;
  /** The rows the fuzzing may disturb and the repairs put back: settings, accounts, password hashes. */
  let original: { workspace: Record<string, unknown>; accounts: Record<string, unknown>[]; logins: Record<string, unknown>[] };

  beforeAll(async () => {
    h = await Harness.start(
      backend,
      { LOGIN_MAX_FAILURES: '10000', IP_MAX_FAILURES: '100000' },
      {
        onRoute: (route: RouteOptions) => {
          for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(fuzzRouteOf(route, method));
        },
      },
    );
    const secret = await hashPassword(SECRET_PASSWORD);
    const target = await h.account('agent', 'Tara Target', 'target@acme.test');
    const agent = await h.account('agent', 'Andy Agent', 'agent@acme.test');
    // The agent's login also holds an administrator account without grants: switching is then a real change.
    await h.account('admin', 'Andy Agent', 'agent@acme.test');
    const sub = await h.account('admin', 'Nora None', 'sub-none@acme.test', []);
    const other = await h.services.accounts.createWorkspace({
      slug: 'other',
      name: 'Other Co',
      adminName: 'Otto Other',
      adminEmail: 'otto@other.test',
      adminPasswordHash: secret,
      now: h.clock.now(),
    });
    await h.db.kysely.updateTable('logins').set({ password_hash: secret }).where('id', 'in', [h.owner.login_id, target.login_id]).execute();
    ownLogins = new Set([agent.login_id, sub.login_id]);

    const owner = cookieFrom(await h.login('owner@acme.test', { password: SECRET_PASSWORD }));
    const targetLogin = await h.login('target@acme.test', { password: SECRET_PASSWORD });
    const otherLogin = await h.login('otto@other.test', { workspace: 'other', password: SECRET_PASSWORD });
    const key = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Fuzz key' } });
    const token = await h.request('POST', '/api/me/tokens', { cookie: cookieFrom(targetLogin), body: { name: 'Fuzz token', scope: 'full', expiresInDays: 30 } });
    cookies.set('primary', owner);
    pools = {
      ids: [
        target.id,
        agent.id,
        sub.id,
        h.owner.id,
        other.admin.id,
        targetLogin.json().session.id,
        otherLogin.json().session.id,
        key.json().key.id,
        token.json().token.id,
        'ses_nope',
        'acc_nope',
      ],
      emails: ['agent@acme.test', 'sub-none@acme.test', 'owner@acme.test', 'target@acme.test', 'otto@other.test', 'AGENT@acme.test', 'new@acme.test'],
      passwords: [PASSWORD, 'wrong password', 'a brand new password'],
      workspaces: ['acme', 'other', 'ACME', 'nope'],
      ips: ['127.0.0.1', '10.0.0.0/8', '::1', '0.0.0.0/0', '2001:db8::/32', '300.1.1.1', '1.2.3.4/33'],
    };
    original = await disturbable();
  }, 120_000);
  afterAll(() => h?.close());

  async function disturbable() {
    const workspace = await h.db.kysely.selectFrom('workspaces').selectAll().where('id', '=', h.workspace.id).executeTakeFirstOrThrow();
    const accounts = await h.db.kysely.selectFrom('accounts').selectAll().orderBy('id').execute();
    const logins = await h.db.kysely.selectFrom('logins').selectAll().orderBy('id').execute();
    return { workspace: { ...workspace }, accounts: accounts.map((a) => ({ ...a })), logins: logins.map((l) => ({ ...l })) };
  }

  /**
   * Puts back what earlier requests changed that would stop later ones reaching their handlers:
   * workspace settings (an allow list, a session limit), disabled accounts and changed grants,
   * changed passwords. Written straight to the database; on SQLite any write moves the stamp
   * the session check's cache keys on, so nothing stale is served afterwards.
   */
  async function repair(scope: 'own' | 'all'): Promise<void> {
    const now = await disturbable();
    // The unprivileged callers' own passwords only: anything else they changed must show in the snapshot.
    if (scope === 'all' && JSON.stringify(now.workspace) !== JSON.stringify(original.workspace)) {
      const { agent_idle_minutes, absolute_lifetime_minutes, session_limit, ip_allowlist } = original.workspace as {
        agent_idle_minutes: number;
        absolute_lifetime_minutes: number;
        session_limit: number | null;
        ip_allowlist: string;
      };
      await h.db.kysely
        .updateTable('workspaces')
        .set({ agent_idle_minutes, absolute_lifetime_minutes, session_limit, ip_allowlist })
        .where('id', '=', h.workspace.id)
        .execute();
    }
    for (const before of original.accounts) {
      const after = now.accounts.find((a) => a.id === before.id);
      if (scope === 'all' && after && (after.disabled !== before.disabled || after.grants !== before.grants)) {
        await h.db.kysely
          .updateTable('accounts')
          .set({ disabled: before.disabled as number, grants: before.grants as string })
          .where('id', '=', before.id as string)
          .execute();
      }
    }
    for (const before of original.logins) {
      const after = now.logins.find((l) => l.id === before.id);
      if (after && after.password_hash !== before.password_hash && (scope === 'all' || ownLogins.has(before.id as string))) {
        await h.db.kysely
          .updateTable('logins')
          .set({ password_hash: before.password_hash as string })
          .where('id', '=', before.id as string)
          .execute();
      }
    }
  }

  /** Signs a caller in again when a request ended its session (sign-out, end-others, a disable). */
  async function ensure(caller: CallerName): Promise<void> {
    if (caller === 'anonymous') return;
    const cookie = cookies.get(caller);
    if (cookie) {
      const row = await h.db.kysely
        .selectFrom('sessions')
        .select('ended_at')
        .where('token_hash', '=', hashToken(tokenOf(cookie)))
        .executeTakeFirst();
      if (row && row.ended_at === null) return;
    }
    const res = await h.login(emails[caller], caller === 'primary' ? { password: SECRET_PASSWORD } : { account: caller === 'agent' ? 'agent' : 'admin' });
    if (res.statusCode !== 200) throw new Error(`re-sign-in of ${caller}: ${res.statusCode} ${res.body}`);
    cookies.set(caller, cookieFrom(res));
  }

  async function send(caller: CallerName, req: FuzzRequest) {
    const own = cookies.get(caller);
    const cookie =
      !own || req.cookie === 'none'
        ? req.cookie === 'junk'
          ? req.junkCookie
          : undefined
        : req.cookie === 'own'
          ? own
          : req.cookie === 'junk'
            ? req.junkCookie
            : req.cookie === 'own+junk'
              ? `${req.junkCookie}; ${own}`
              : `${own}; ${own}x`;
    const headers: Record<string, string> = { 'user-agent': 'fuzz', ...req.headers };
    if (cookie !== undefined) headers.cookie = cookie;
    if (req.contentType !== undefined) headers['content-type'] = req.contentType;
    const started = performance.now();
    const res = await h.app.inject({
      method: req.method as 'GET',
      url: req.path + req.query,
      headers,
      remoteAddress: req.ip,
      ...(req.body !== undefined ? { payload: req.body } : {}),
    });
    const ms = performance.now() - started;
    totals.ms += ms;
    const key = `${routes[req.route]!.method} ${routes[req.route]!.url}`;
    totals.byRoute.set(key, (totals.byRoute.get(key) ?? 0) + ms);
    totals.requests++;
    sent.requests++;
    totals.byStatus.set(res.statusCode, (totals.byStatus.get(res.statusCode) ?? 0) + 1);
    const fault = faultOf(res, req.method);
    if (fault) {
      const shown = {
        caller,
        method: req.method,
        url: (req.path + req.query).slice(0, 300),
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.slice(0, 120)])),
        body: req.body?.slice(0, 300),
      };
      throw new Error(`${fault}\nrequest: ${JSON.stringify(shown)}`);
    }
    return res;
  }

  /** Every row of the security tables, by table and id. */
  async function snapshot(): Promise<Map<string, string>> {
    const rows = new Map<string, string>();
    for (const table of TABLES) {
      for (const row of await h.db.kysely.selectFrom(table).selectAll().execute()) {
        const loginId = table === 'logins' ? (row as { id: string }).id : (row as { login_id?: string }).login_id;
        // Their own logins' sessions, tokens and password are theirs to change.
        if (loginId !== undefined && ownLogins.has(loginId) && (table === 'sessions' || table === 'access_tokens' || table === 'logins')) continue;
        rows.set(`${table}/${(row as { id: string }).id}`, JSON.stringify(row));
      }
    }
    return rows;
  }

  const caller = (names: CallerName[]) => fc.constantFrom(...names);
  const run = async (property: fc.IAsyncProperty<[unknown]> | fc.IAsyncPropertyWithHooks<[unknown]>, numRuns: number) => {
    const result = await fc.check(property, { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), endOnFailure: false });
    if (!result.failed) return;
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(
      `fuzzing failed on ${backend.name} (seed ${SEED}, FUZZ_SCALE ${SCALE}; path ${result.counterexamplePath?.slice(0, 200)}):\n${cause}\n\ncounterexample (cut): ${JSON.stringify(result.counterexample).slice(0, 3000)}`,
    );
  };

  it('lists the routes it fuzzes', () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it('agents, sub-administrators without grants and anonymous callers get clean 4xx answers and change nothing of anyone else’s', async () => {
    const property = fc.asyncProperty(fc.array(fc.tuple(caller(UNPRIVILEGED), requestFor(routes, pools)), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      await repair('own');
      for (const name of UNPRIVILEGED) await ensure(name);
      const before = await snapshot();
      for (const [name, req] of batch) {
        const res = await send(name, req);
        // Their own password is theirs to change; put it back so they can sign in again.
        if (req.path === '/api/auth/password' && res.statusCode === 200) await repair('own');
        await ensure(name);
      }
      const after = await snapshot();
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
      expect(changed.map((k) => ({ row: k, before: before.get(k), after: after.get(k) }))).toEqual([]);
    });
    await run(property as fc.IAsyncProperty<[unknown]>, RUNS[backend.name].unprivileged);
  }, 600_000);

  it('every caller, the primary administrator included, gets no 5xx and only catalogued errors', async () => {
    const property = fc.asyncProperty(fc.tuple(caller(EVERYONE), requestFor(routes, pools)), async ([name, req]) => {
      await ensure(name);
      const res = await send(name, req);
      if (req.method !== 'GET' && req.method !== 'HEAD' && res.statusCode < 300) await repair('all');
    });
    await run(property as fc.IAsyncProperty<[unknown]>, RUNS[backend.name].everyone);
  }, 600_000);

  afterAll(() => {
    const statuses = [...totals.byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    const slowest = [...totals.byRoute.entries()]
      .sort(([, a], [, b]) => b - a)
      .slice(0, 6)
      .map(([r, ms]) => `${r} ${(ms / 1000).toFixed(1)} s`)
      .join(', ');
    console.log(
      `fuzz (${backend.name}, seed ${SEED}): ${totals.requests} requests, ${(totals.ms / 1000).toFixed(1)} s inside app.inject; statuses ${statuses}; slowest routes ${slowest}`,
    );
  });
});
