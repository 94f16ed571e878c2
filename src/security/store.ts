import { sql } from 'kysely';
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
  sort: 'lastActiveAt' | 'startedAt';
  order: 'asc' | 'desc';
  /** Sort key (time, id) of the last session of the previous page. */
  after?: readonly [number, string] | null;
  limit: number;
}

/** The workspace-wide views Settings › Security needs; every method is scoped to one workspace. */
export interface SecurityStore {
  /** Every active session of the workspace (id, IP, account), for applying the IP rule. */
  activeSessionAddresses(workspaceId: string, executor?: Executor): Promise<{ id: string; ip: string; account_id: string; is_primary: number }[]>;
  /** A page of the workspace's active sessions with their accounts, and the total. */
  listActiveSessions(query: ActiveSessionQuery): Promise<{ rows: SessionWithAccount[]; total: number }>;
}

export function createSecurityStore(db: Db): SecurityStore {
  const k = db.kysely;
  return {
    activeSessionAddresses: (workspaceId, executor = k) =>
      executor
        .selectFrom('sessions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .select(['s.id', 's.ip', 's.account_id', 'a.is_primary'])
        .where('s.workspace_id', '=', workspaceId)
        .where('s.ended_at', 'is', null)
        .execute(),

    listActiveSessions: async ({ workspaceId, q, countries = [], sort, order, after, limit }) => {
      const column = sort === 'startedAt' ? 's.created_at' : 's.last_seen_at';
      let base = k
        .selectFrom('sessions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .innerJoin('logins as l', 'l.id', 's.login_id')
        .where('s.workspace_id', '=', workspaceId)
        .where('s.ended_at', 'is', null);
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
            .select((eb) => eb.fn.countAll<number>().as('n'));
      const [rows, count] = await Promise.all([page.orderBy(column, order).orderBy('s.id', order).limit(limit).execute(), counted.executeTakeFirst()]);
      return { rows: rows as SessionWithAccount[], total: Number(count?.n ?? 0) };
    },
  };
}
