import { sql, type ExpressionBuilder } from 'kysely';
import type { AuthMethod, Schema, SessionRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';
import { containsPattern } from '../lib/cursor.js';
import { accountMatches, type AccountsEb, type SessionWithEnder } from '../db/queries.js';

/** A session with the account it belongs to, for the workspace-wide list. */
type SessionWithAccount = SessionWithEnder & { account_name: string; account_email: string };

export interface ActiveSessionQuery {
  workspaceId: string;
  q?: string | undefined;
  /** Country codes whose names match `q` (a search for "Germany" finds sessions in DE). */
  countries?: string[];
  /** Narrowing filters, each on the session's own columns (all must hold). */
  filters?: SessionFilters;
  sort: 'lastActiveAt' | 'startedAt';
  order: 'asc' | 'desc';
  /** Sort key (time, id) of the last session of the previous page. */
  after?: readonly [number, string] | null;
  limit: number;
}

/** Active sessions' filters: where from, on what, how authenticated, what was new. */
interface SessionFilters {
  /** ISO 3166-1 alpha-2 code. */
  country?: string | undefined;
  city?: string | undefined;
  /** desktop, mobile, tablet… as stored. */
  deviceType?: string | undefined;
  /** A browser's family ("Chrome"): that name alone or followed by a version ("Chrome 131"). */
  browser?: string | undefined;
  /** An OS's family ("Windows"), like `browser`. */
  os?: string | undefined;
  authMethod?: AuthMethod | undefined;
  /** `new_device` or `new_location`. */
  flag?: string | undefined;
}

/** One combination of the facets' columns among the active sessions, and how many share it. */
interface FacetRow {
  country: string | null;
  city: string | null;
  device_type: string;
  browser: string;
  os: string;
  auth_method: AuthMethod;
  /** JSON list, as stored. */
  flags: string;
  n: number;
}

type SessionsEb = ExpressionBuilder<Schema & { s: SessionRow }, 's'>;

/** `column` is `family` or `family <version>`: "Chrome" finds "Chrome 131", not "Chrome Headless 131". */
function familyMatches(eb: SessionsEb, column: 's.browser' | 's.os', family: string) {
  const n = [...family].length;
  const ref = eb.ref(column);
  return eb.or([eb(column, '=', family), sql<boolean>`(substr(${ref}, 1, ${sql.lit(n + 1)}) = ${`${family} `} and substr(${ref}, ${sql.lit(n + 2)}, 1) between '0' and '9')`]);
}

/** The filters as conditions on `s`; none when no filter is set. */
function filterConditions(eb: SessionsEb, f: SessionFilters) {
  const all = [];
  if (f.country !== undefined) all.push(eb('s.country', '=', f.country));
  if (f.city !== undefined) all.push(eb('s.city', '=', f.city));
  if (f.deviceType !== undefined) all.push(eb('s.device_type', '=', f.deviceType));
  if (f.browser !== undefined) all.push(familyMatches(eb, 's.browser', f.browser));
  if (f.os !== undefined) all.push(familyMatches(eb, 's.os', f.os));
  if (f.authMethod !== undefined) all.push(eb('s.auth_method', '=', f.authMethod));
  // flags is a JSON list of fixed words ("new_device"): the quoted word is found as text.
  if (f.flag !== undefined) all.push(sql<boolean>`${eb.ref('s.flags')} like ${`%"${f.flag.replaceAll('_', '\\_')}"%`} escape '\\'`);
  return eb.and(all);
}

/** The workspace-wide views Settings › Security needs; every method is scoped to one workspace. */
export interface SecurityStore {
  /** Every active session of the workspace (id, IP, account), for applying the IP rule. */
  activeSessionAddresses(workspaceId: string, executor?: Executor): Promise<{ id: string; ip: string; account_id: string; login_id: string }[]>;
  /** A page of the workspace's active sessions with their accounts, and the total. */
  listActiveSessions(query: ActiveSessionQuery): Promise<{ rows: SessionWithAccount[]; total: number }>;
  /** The workspace's active sessions counted by place, device and method, for the filters' menus. */
  activeFacets(workspaceId: string): Promise<FacetRow[]>;
}

export function createSecurityStore(db: Db): SecurityStore {
  const k = db.kysely;
  return {
    activeSessionAddresses: (workspaceId, executor = k) =>
      executor.selectFrom('sessions').select(['id', 'ip', 'account_id', 'login_id']).where('workspace_id', '=', workspaceId).where('ended_at', 'is', null).execute(),

    listActiveSessions: async ({ workspaceId, q, countries = [], filters = {}, sort, order, after, limit }) => {
      const column = sort === 'startedAt' ? 's.created_at' : 's.last_seen_at';
      let base = k
        .selectFrom('sessions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .innerJoin('logins as l', 'l.id', 's.login_id')
        .where('s.workspace_id', '=', workspaceId)
        .where('s.ended_at', 'is', null)
        .where((eb) => filterConditions(eb as unknown as SessionsEb, filters));
      // A search finds the person (name, email), the address (an IP or its beginning: "10.1."),
      // and the place (city, or a country by name or code): finding everyone signed in from
      // outside the office is what this list is for.
      if (q) {
        const pattern = containsPattern(q);
        base = base.where((eb) =>
          eb.or([
            accountMatches(eb as unknown as AccountsEb, q),
            sql<boolean>`lower(${eb.ref('s.ip')}) like ${pattern} escape '\\'`,
            sql<boolean>`lower(coalesce(${eb.ref('s.city')}, '')) like ${pattern} escape '\\'`,
            ...(countries.length ? [eb('s.country', 'in', countries)] : []),
          ]),
        );
      }
      let page = base.selectAll('s').select(['a.name as account_name', 'l.email as account_email', sql<null>`null`.as('ended_by_name')]);
      if (after) {
        const [value, id] = after;
        const cmp = order === 'desc' ? '<' : '>';
        page = page.where((eb) => eb.or([eb(column, cmp, value), eb.and([eb(column, '=', value), eb('s.id', cmp, id)])]));
      }
      // Without a search the total needs no joins: counting the workspace's active sessions is
      // index-only (the partial index on active sessions), where the join read every one.
      const counted = q
        ? base.select((eb) => eb.fn.countAll<number>().as('n'))
        : k
            .selectFrom('sessions as s')
            .where('s.workspace_id', '=', workspaceId)
            .where('s.ended_at', 'is', null)
            .where((eb) => filterConditions(eb, filters))
            .select((eb) => eb.fn.countAll<number>().as('n'));
      const [rows, count] = await Promise.all([page.orderBy(column, order).orderBy('s.id', order).limit(limit).execute(), counted.executeTakeFirst()]);
      return { rows: rows as SessionWithAccount[], total: Number(count?.n ?? 0) };
    },

    activeFacets: async (workspaceId) => {
      const rows = await k
        .selectFrom('sessions as s')
        .select(['s.country', 's.city', 's.device_type', 's.browser', 's.os', 's.auth_method', 's.flags', (eb) => eb.fn.countAll<number>().as('n')])
        .where('s.workspace_id', '=', workspaceId)
        .where('s.ended_at', 'is', null)
        .groupBy(['s.country', 's.city', 's.device_type', 's.browser', 's.os', 's.auth_method', 's.flags'])
        .execute();
      return rows.map((r) => ({ ...r, n: Number(r.n) }));
    },
  };
}
