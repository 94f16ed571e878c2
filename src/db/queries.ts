import { sql, type ExpressionBuilder } from 'kysely';
import { containsPattern } from '../lib/cursor.js';
import type { AccountRow, Schema, SessionRow } from './schema.js';
import type { Executor } from './types.js';

/**
 * Query fragments that several capabilities' stores build on. They name tables, never a
 * capability's rules: each store still decides what it asks.
 */

export type SessionWithEnder = SessionRow & { ended_by_name: string | null };

/** Sessions (as `s`) with the name of the account that ended them; the base of every session list. */
export function sessionsWithEnder(k: Executor) {
  return k.selectFrom('sessions as s').leftJoin('accounts as e', 'e.id', 's.ended_by').selectAll('s').select('e.name as ended_by_name');
}

/** Keeps the sessions active now or ended since `since` (the "last 7 days" lists). */
export function activeOrEndedSince<Q extends ReturnType<typeof sessionsWithEnder>>(query: Q, since: number): Q {
  return query.where((eb) => eb.or([eb('s.ended_at', 'is', null), eb('s.ended_at', '>=', since)])) as Q;
}

/** A query over accounts (as `a`) joined to their logins (as `l`). */
export type AccountsEb = ExpressionBuilder<Schema & { a: AccountRow; l: Schema['logins'] }, 'a' | 'l'>;

/**
 * Case-insensitive substring match on an account's name (`a`) or its login's email (`l`), as a
 * join condition (Settings › Security › Active sessions). The team lists use team/search.ts,
 * which matches the same rows without reading every login.
 */
export function accountMatches(eb: AccountsEb, q: string) {
  const pattern = containsPattern(q);
  return eb.or([sql<boolean>`lower(${eb.ref('a.name')}) like ${pattern} escape '\\'`, sql<boolean>`${eb.ref('l.email')} like ${pattern} escape '\\'`]);
}
