import { sql } from 'kysely';
import { chunk, IDS_PER_STATEMENT } from '../db/chunk.js';
import { contextByTokenHash, recentSessions, sessionsWithEnder, type ContextColumns, type SessionWithEnder } from '../db/queries.js';
import type { Db, Executor } from '../db/types.js';
import type { AuthMethod, Role, SessionRestriction, SessionRow } from '../db/schema.js';
import { MINUTE } from '../lib/clock.js';
import { ADMIN_IDLE_MINUTES, type EndFilter, type EndReason, type ExpiryKind } from './types.js';

/** The row the session check reads: the session with its account, login, workspace and linked account. */
export interface ContextRow extends ContextColumns {
  last_seen_at: number;
  ip: string;
  user_agent: string;
  ended_at: number | null;
  end_reason: string | null;
  auth_method: AuthMethod;
  restriction: SessionRestriction | null;
}

const CONTEXT_BY_TOKEN_HASH = contextByTokenHash(
  'sessions',
  `c.id, c.workspace_id, c.account_id, c.login_id, c.role, c.created_at, c.last_seen_at,
         c.ip, c.user_agent, c.ended_at, c.end_reason, c.auth_method, c.restriction`,
);

// The condition on last_seen_at makes the throttle hold across requests and nodes alike:
// however many race here, at most one write per interval changes the row.
const TOUCH = `update sessions set last_seen_at = $1 where id = $2 and ended_at is null and last_seen_at <= $3`;

export type SessionDetailRow = SessionWithEnder & { account_name: string; account_email: string; is_primary: number };

/** One page of My account › Sessions (`pageForLogin`). */
export interface OwnSessionsQuery {
  workspaceId: string;
  loginId: string;
  /** Sessions ended before this are left out. */
  since: number;
  /** The caller's own session, listed first. */
  current: string;
  /** The key of the last row of the previous page: rank, start time, id. */
  after: readonly [number, number, string] | null;
  limit: number;
}

interface EndedRow {
  id: string;
  workspace_id: string;
  account_id: string;
  login_id: string;
  role: Role;
}

export interface SessionStore {
  /** The session a token hash names, ended or not, with what a request needs to know about it. */
  findContextByTokenHash(tokenHash: string): Promise<ContextRow | undefined>;
  /** Moves last activity to `now` unless it was written less than `intervalMs` ago. */
  touch(id: string, now: number, intervalMs: number): Promise<boolean>;
  /** Stores a new session. */
  insert(row: SessionRow, executor?: Executor): Promise<void>;
  /** Ends the active sessions a filter picks and returns exactly those; ended ones stay as they are. */
  end(executor: Executor, filter: EndFilter, reason: EndReason, endedBy: string | null, now: number): Promise<EndedRow[]>;
  /**
   * A page of a login's sessions that were active at some point since `since`: `current` first,
   * then the active ones, then the ended ones, each newest first; after the `after` key, at most
   * `limit` rows, each with its key (`rank`: 0, 1 or 2).
   */
  pageForLogin(query: OwnSessionsQuery): Promise<(SessionWithEnder & { rank: number })[]>;
  /** Ids of active sessions past their idle timeout or lifetime, at most `limit`. */
  findExpired(workspaceId: string, kind: ExpiryKind, before: number, limit: number): Promise<string[]>;
  /** Whether a login has signed in before with this browser and OS / from this country. */
  seenBefore(loginId: string, device: { browser: string; os: string }, country: string | null): Promise<{ anySession: boolean; device: boolean; country: boolean }>;
  /** Active sessions of an account, oldest first. */
  activeForAccount(accountId: string, executor?: Executor): Promise<Pick<SessionRow, 'id' | 'created_at'>[]>;
  /** How many sessions are active, over every workspace (a gauge for operators). */
  countActive(): Promise<number>;
  /** Lifts an active session's restriction once its login has enrolled, recording how it now stands authenticated. */
  liftRestriction(executor: Executor, sessionId: string, method: AuthMethod): Promise<void>;
  /** When an active session's login last proved itself (its start unless re-authenticated since); undefined for an ended or unknown one. */
  provenAt(sessionId: string): Promise<number | undefined>;
  /** Inside the caller's transaction: the active session's login proved itself at `now`; false when the session is no longer active. */
  prove(executor: Executor, sessionId: string, now: number): Promise<boolean>;
  /** One session with its account (name, email, primary flag) and who ended it; another workspace's id finds nothing. */
  detailById(workspaceId: string, sessionId: string): Promise<SessionDetailRow | undefined>;
  /** One session with its account's primary flag; another workspace's id finds nothing. */
  sessionById(workspaceId: string, sessionId: string): Promise<SessionRow | undefined>;
}

export function createSessionStore(db: Db): SessionStore {
  const k = db.kysely;
  return {
    findContextByTokenHash: (tokenHash) => db.first<ContextRow>(CONTEXT_BY_TOKEN_HASH, [tokenHash]),

    // keepsStamp: the session check mirrors this write in its cached row itself.
    touch: async (id, now, intervalMs) => (await db.run(TOUCH, [now, id, now - intervalMs], { keepsStamp: true })) > 0,

    insert: async (row, executor = k) => {
      await executor.insertInto('sessions').values(row).execute();
    },

    end: async (executor, filter, reason, endedBy, now) => {
      const lists: (readonly string[] | undefined)[] = [filter.sessionIds, filter.accountIds];
      if (lists.some((l) => l !== undefined && l.length === 0)) return [];
      // Large id lists go in chunks to stay under the drivers' parameter limits.
      const ids = filter.sessionIds ?? filter.accountIds;
      const chunks = ids ? chunk(ids, IDS_PER_STATEMENT) : [undefined];
      const ended: EndedRow[] = [];
      for (const part of chunks) {
        let q = executor
          .updateTable('sessions')
          .set({ ended_at: now, end_reason: reason, ended_by: endedBy })
          .where('workspace_id', '=', filter.workspaceId)
          .where('ended_at', 'is', null);
        if (filter.sessionIds && part) q = q.where('id', 'in', part);
        else if (filter.accountIds && part) q = q.where('account_id', 'in', part);
        if (filter.loginId !== undefined) q = q.where('login_id', '=', filter.loginId);
        if (filter.exceptSessionId !== undefined) q = q.where('id', '<>', filter.exceptSessionId);
        if (filter.expiredAt) q = q.where(expiredCondition(filter.workspaceId, filter.expiredAt.kind, filter.expiredAt.now));
        ended.push(...(await q.returning(['id', 'workspace_id', 'account_id', 'login_id', 'role']).execute()));
      }
      return ended;
    },

    pageForLogin: ({ workspaceId, loginId, since, current, after, limit }) => {
      const rank = sql<number>`case when s.id = ${current} then 0 when s.ended_at is null then 1 else 2 end`;
      let q = recentSessions(k, workspaceId, { loginId }, since).select(rank.as('rank'));
      if (after) {
        const [r, createdAt, id] = after;
        q = q.where((eb) =>
          eb.or([
            eb(rank, '>', r),
            eb.and([eb(rank, '=', r), eb.or([eb('s.created_at', '<', createdAt), eb.and([eb('s.created_at', '=', createdAt), eb('s.id', '<', id)])])]),
          ]),
        );
      }
      return q.orderBy(rank).orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
    },

    findExpired: async (workspaceId, kind, before, limit) => {
      let q = k.selectFrom('sessions').select('id').where('workspace_id', '=', workspaceId).where('ended_at', 'is', null);
      // Oldest first, in the order of the partial index: it also keeps the planner on that index
      // when nearly every stored session is active (a full scan then re-reads the rows ended by
      // earlier batches, so each batch cost more than the last).
      if (kind === 'lifetime') q = q.where('created_at', '<', before).orderBy('created_at');
      else
        q = q
          .where('role', '=', kind === 'idle_agent' ? 'agent' : 'admin')
          .where('last_seen_at', '<', before)
          .orderBy('last_seen_at');
      const rows = await q.limit(limit).execute();
      return rows.map((r) => r.id);
    },

    seenBefore: async (loginId, device, country) => {
      const row = await k
        .selectFrom('sessions')
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(eb.and([eb('browser', '=', device.browser), eb('os', '=', device.os)]))
                .then(1)
                .else(0)
                .end(),
            )
            .as('same_device'),
          eb.fn
            .sum<number>(
              eb
                .case()
                .when('country', '=', country ?? '')
                .then(1)
                .else(0)
                .end(),
            )
            .as('same_country'),
        ])
        .where('login_id', '=', loginId)
        .executeTakeFirstOrThrow();
      return { anySession: Number(row.total) > 0, device: Number(row.same_device) > 0, country: Number(row.same_country) > 0 };
    },

    activeForAccount: (accountId, executor = k) =>
      executor.selectFrom('sessions').select(['id', 'created_at']).where('account_id', '=', accountId).where('ended_at', 'is', null).orderBy('created_at', 'asc').execute(),

    countActive: async () => {
      const row = await k
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    liftRestriction: async (executor, sessionId, method) => {
      await executor.updateTable('sessions').set({ restriction: null, auth_method: method }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
    },

    provenAt: async (sessionId) => {
      const row = await k.selectFrom('sessions').select(['proven_at', 'created_at']).where('id', '=', sessionId).where('ended_at', 'is', null).executeTakeFirst();
      return row ? Number(row.proven_at ?? row.created_at) : undefined;
    },

    prove: async (executor, sessionId, now) => {
      const result = await executor.updateTable('sessions').set({ proven_at: now }).where('id', '=', sessionId).where('ended_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    detailById: (workspaceId, sessionId) =>
      sessionsWithEnder(k)
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .innerJoin('logins as l', 'l.id', 's.login_id')
        .select(['a.name as account_name', 'l.email as account_email', 'a.is_primary'])
        .where('s.workspace_id', '=', workspaceId)
        .where('s.id', '=', sessionId)
        .executeTakeFirst(),

    sessionById: (workspaceId, sessionId) => k.selectFrom('sessions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', sessionId).executeTakeFirst(),
  };
}

/**
 * Expired at `now` by the workspace's settings as they are when the statement runs, with the
 * bounds of `expiryOf` (src/sessions/check.ts): a session every check would already refuse.
 */
function expiredCondition(workspaceId: string, kind: ExpiryKind, now: number) {
  if (kind === 'idle_admin') return sql<boolean>`role = 'admin' and last_seen_at <= ${now - ADMIN_IDLE_MINUTES * MINUTE}`;
  // bigint: minutes × 60,000 overflows PostgreSQL's integer past 24 days.
  const minutes = sql.ref(kind === 'lifetime' ? 'absolute_lifetime_minutes' : 'agent_idle_minutes');
  const window = sql`(select ${minutes} from workspaces where id = ${workspaceId}) * cast(${MINUTE} as bigint)`;
  return kind === 'lifetime' ? sql<boolean>`created_at + ${window} <= ${now}` : sql<boolean>`role = 'agent' and last_seen_at + ${window} <= ${now}`;
}
