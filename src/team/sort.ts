import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { decodeCursor, encodeCursor, invalidCursor } from '../lib/cursor.js';

/** The orders the team lists offer (docs/API.md, "Team"). */
export const TEAM_SORTS = ['name', 'status', 'lastActivity', 'signedInAt', 'location'] as const;
export type TeamSort = (typeof TEAM_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** What a page's row sorted by besides its name and id (./store.ts selects them): `sort_key_0`, and `sort_key_1` for `location`. */
export interface SortKeys {
  sort_key_0?: string | number | null;
  sort_key_1?: string | number | null;
}

/** Where a page ended: the sort keys (all null for an account that has none), its name and its id. */
export interface Position {
  keys: readonly (string | number | null)[];
  name: string;
  id: string;
}

interface Key {
  expr: RawBuilder<unknown>;
  kind: 'string' | 'number';
}

/**
 * A value of the account's (`a`) active sessions, one index lookup per account (partial index
 * `sessions_active_account`): cheap and the same whatever the planner thinks of the tables.
 */
const active = (what: RawBuilder<unknown>, tail = sql``) => sql`(select ${what} from sessions s where s.account_id = ${sql.ref('a.id')} and s.ended_at is null ${tail})`;
/** A column of the account's latest active session (by start, then id: the first of `activeSessions`). */
const latest = (column: string) => active(sql.ref(`s.${column}`), sql`order by s.created_at desc, s.id desc limit 1`);

/**
 * The keys of each sort after which name and id break ties. For every sort but `status` the first
 * key is null exactly when the account has no active session (or, for `location`, none with a
 * known country): those accounts come last in both orders.
 */
const KEYS: Record<Exclude<TeamSort, 'name'>, { nullable: boolean; keys: Key[] }> = {
  // Active first in ascending order.
  status: { nullable: false, keys: [{ expr: sql`case when exists ${active(sql`1`)} then 0 else 1 end`, kind: 'number' }] },
  lastActivity: { nullable: true, keys: [{ expr: active(sql`max(s.last_seen_at)`), kind: 'number' }] },
  signedInAt: { nullable: true, keys: [{ expr: active(sql`max(s.created_at)`), kind: 'number' }] },
  // By country code, then city (a country without a known city first).
  location: {
    nullable: true,
    keys: [
      { expr: latest('country'), kind: 'string' },
      { expr: sql`coalesce(${latest('city')}, '')`, kind: 'string' },
    ],
  },
};

/** The expressions a page selects as `sort_key_0`, `sort_key_1` for the cursor of its last row. */
export const sortKeyColumns = (sort: TeamSort) => (sort === 'name' ? [] : KEYS[sort].keys.map((k, i) => k.expr.as(`sort_key_${i}`)));

const ref = (column: string) => sql.ref(column);

interface Column {
  expr: RawBuilder<unknown>;
  dir: SortOrder;
}

/**
 * The list's order by, and the condition that keeps the rows after `after`, in that order.
 * `name` sorts by name in the order asked, then id; every other sort by "has no key" (so those
 * accounts come last either way), its keys in the order asked, then name and id ascending. The
 * id ends every order, so the order is total and keyset paging never repeats or skips a row.
 */
export function ordering(sort: TeamSort, order: SortOrder, after: Position | null | undefined): { orderBy: Column[]; seek: RawBuilder<SqlBool> | null } {
  const name: Column = { expr: ref('a.name'), dir: sort === 'name' ? order : 'asc' };
  const id: Column = { expr: ref('a.id'), dir: 'asc' };
  if (sort === 'name') return { orderBy: [name, id], seek: after ? seekPast([name, id], [after.name, after.id]) : null };
  const { nullable, keys } = KEYS[sort];
  const first = keys[0]!.expr;
  const missing: Column = { expr: sql`case when ${first} is null then 1 else 0 end`, dir: 'asc' };
  const columns = [...(nullable ? [missing] : []), ...keys.map((k) => ({ expr: k.expr, dir: order })), name, id];
  if (!after) return { orderBy: columns, seek: null };
  // Past an account without keys only such accounts remain, in name and id order; the key
  // columns are null there and compare as nothing, so they are left out.
  if (nullable && after.keys[0] === null) return { orderBy: columns, seek: seekPast([missing, name, id], [1, after.name, after.id]) };
  return { orderBy: columns, seek: seekPast(columns, [...(nullable ? [0] : []), ...after.keys, after.name, after.id]) };
}

/** Rows after `values` in the order of `columns` (a row-value comparison written out, as directions differ). */
function seekPast(columns: readonly Column[], values: readonly (string | number | null)[]): RawBuilder<SqlBool> {
  const terms = columns.map((c, i) => {
    const equal = columns.slice(0, i).map((p, j) => sql`${p.expr} = ${values[j]}`);
    return sql`(${sql.join([...equal, sql`${c.expr} ${sql.raw(c.dir === 'asc' ? '>' : '<')} ${values[i]}`], sql` and `)})`;
  });
  return sql<SqlBool>`(${sql.join(terms, sql` or `)})`;
}

/** The cursor after this row: its sort keys, name and id, tagged with the sort (`[name, id]` alone for the default, as before sorts existed). */
export function cursorAfter(sort: TeamSort, order: SortOrder, row: SortKeys & { name: string; id: string }): string {
  if (sort === 'name') return encodeCursor(order === 'asc' ? [row.name, row.id] : [`name:${order}`, row.name, row.id]);
  const values = [row.sort_key_0 ?? null, row.sort_key_1 ?? null].slice(0, KEYS[sort].keys.length);
  // Without the first key the account sorts among those that have none, whatever the others say.
  const keys = values[0] === null ? values.map(() => null) : values;
  return encodeCursor([`${sort}:${order}`, ...keys, row.name, row.id]);
}

/** Reads a cursor of this sort and order back; another sort's or order's cursor is a 400, like any bad cursor. */
export function positionOf(cursor: string | undefined, sort: TeamSort, order: SortOrder): Position | null {
  if (sort === 'name' && order === 'asc') {
    const key = decodeCursor(cursor, ['string', 'string'] as const);
    return key && { keys: [], name: key[0], id: key[1] };
  }
  const spec = sort === 'name' ? null : KEYS[sort];
  const kinds = (spec?.keys ?? []).map((k) => (spec?.nullable ? (`${k.kind}?` as const) : k.kind));
  const key = decodeCursor(cursor, ['string', ...kinds, 'string', 'string']);
  if (!key) return null;
  const [tag, ...rest] = key as unknown as [string, ...(string | number | null)[]];
  if (tag !== `${sort}:${order}`) throw invalidCursor();
  const keys = rest.slice(0, -2);
  // A cursor we made has all its keys null or none of them.
  if (keys.some((k) => k === null) && !keys.every((k) => k === null)) throw invalidCursor();
  return { keys, name: rest.at(-2) as string, id: rest.at(-1) as string };
}
