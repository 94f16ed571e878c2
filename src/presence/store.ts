import type { Db } from '../db/types.js';
import type { LiveConnectionRow, Role } from '../db/schema.js';
import { chunk } from '../db/chunk.js';

interface OnlineRow {
  workspaceId: string;
  accountId: string;
  name: string;
  role: Role;
  /** Earliest opening among the tabs that make it online now. */
  since: number;
}

interface SessionState {
  id: string;
  endedAt: number | null;
  endReason: string | null;
  role: Role;
  isPrimary: boolean;
  grants: string;
}

/** Where live connections are recorded, so every node reads the same presence. */
export interface PresenceStore {
  /** Records a tab that just connected to a node. */
  open(row: Omit<LiveConnectionRow, 'closed_at'>): Promise<void>;
  /** Marks a tab gone; it keeps its account online until `seenAt` + the grace period. */
  close(id: string, seenAt: number, closedAt: number): Promise<void>;
  /** A node's heartbeat: moves `seen_at` forward to `now` on every tab it holds open (never back). */
  beat(nodeId: string, now: number): Promise<void>;
  /** Accounts with a tab of an active session seen after `since`, in these workspaces (and among these accounts). */
  online(workspaceIds: readonly string[], since: number, accountIds?: readonly string[]): Promise<OnlineRow[]>;
  /**
   * When each of these accounts was last seen: the latest contact of any of its tabs still on
   * record, or else of any of its sessions (their last activity, kept with the session's history).
   */
  lastSeen(workspaceId: string, accountIds: readonly string[]): Promise<Map<string, number>>;
  /** How many accounts, over all workspaces, have a tab of an active session seen after `since`. */
  countOnline(since: number): Promise<number>;
  /** Active sessions among `ids` that started before `before` and have had no tab seen since. */
  idleAmong(ids: readonly string[], before: number): Promise<string[]>;
  /** Whether these sessions have ended, with their account's current grants (re-checks of open tabs). */
  states(ids: readonly string[]): Promise<SessionState[]>;
  /** Forgets rows that can no longer change presence or the idle flag; returns how many. */
  prune(now: number, graceMs: number, idleMs: number): Promise<number>;
}

export function createPresenceStore(db: Db): PresenceStore {
  const k = db.kysely;
  const onlineQuery = (since: number) =>
    k
      .selectFrom('live_connections as l')
      // Only tabs of active sessions count: the moment an end commits, its tabs stop counting on every node.
      .innerJoin('sessions as s', 's.id', 'l.session_id')
      .where('s.ended_at', 'is', null)
      .where('l.seen_at', '>', since);

  return {
    open: async (row) => {
      await k
        .insertInto('live_connections')
        .values({ ...row, closed_at: null })
        .execute();
    },

    close: async (id, seenAt, closedAt) => {
      await k.updateTable('live_connections').set({ seen_at: seenAt, closed_at: closedAt }).where('id', '=', id).execute();
    },

    beat: async (nodeId, now) => {
      // Never backwards: a beat that read the clock earlier can commit after a later one.
      await k.updateTable('live_connections').set({ seen_at: now }).where('node_id', '=', nodeId).where('closed_at', 'is', null).where('seen_at', '<', now).execute();
    },

    online: async (workspaceIds, since, accountIds) => {
      if (workspaceIds.length === 0 || accountIds?.length === 0) return [];
      const out: OnlineRow[] = [];
      for (const part of accountIds ? chunk(accountIds, 500) : [undefined]) {
        let q = onlineQuery(since)
          .innerJoin('accounts as a', 'a.id', 'l.account_id')
          .select(['l.workspace_id', 'l.account_id', 'a.name', 's.role'])
          .select((eb) => eb.fn.min<number>('l.opened_at').as('since'))
          .where('l.workspace_id', 'in', workspaceIds);
        if (part) q = q.where('l.account_id', 'in', part);
        const rows = await q.groupBy(['l.workspace_id', 'l.account_id', 'a.name', 's.role']).execute();
        out.push(...rows.map((r) => ({ workspaceId: r.workspace_id, accountId: r.account_id, name: r.name, role: r.role, since: Number(r.since) })));
      }
      return out;
    },

    lastSeen: async (workspaceId, accountIds) => {
      const out = new Map<string, number>();
      const keep = (accountId: string, at: unknown) => {
        const n = Number(at);
        if (at !== null && Number.isFinite(n) && n > (out.get(accountId) ?? -Infinity)) out.set(accountId, n);
      };
      for (const part of chunk(accountIds, 500)) {
        const [tabs, sessions] = await Promise.all([
          k
            .selectFrom('live_connections')
            .select('account_id')
            .select((eb) => eb.fn.max<number>('seen_at').as('at'))
            .where('workspace_id', '=', workspaceId)
            .where('account_id', 'in', part)
            .groupBy('account_id')
            .execute(),
          k
            .selectFrom('sessions')
            .select('account_id')
            .select((eb) => eb.fn.max<number>('last_seen_at').as('at'))
            .where('workspace_id', '=', workspaceId)
            .where('account_id', 'in', part)
            .groupBy('account_id')
            .execute(),
        ]);
        for (const r of [...tabs, ...sessions]) keep(r.account_id, r.at);
      }
      return out;
    },

    countOnline: async (since) => {
      const row = await onlineQuery(since)
        .select((eb) => eb.fn.count<number>('l.account_id').distinct().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    idleAmong: async (ids, before) => {
      const out: string[] = [];
      for (const part of chunk(ids, 500)) {
        const rows = await k
          .selectFrom('sessions as s')
          .select('s.id')
          .where('s.id', 'in', part)
          .where('s.ended_at', 'is', null)
          .where('s.created_at', '<', before)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('live_connections as l').select('l.id').whereRef('l.session_id', '=', 's.id').where('l.seen_at', '>=', before))),
          )
          .execute();
        out.push(...rows.map((r) => r.id));
      }
      return out;
    },

    states: async (ids) => {
      const out: SessionState[] = [];
      for (const part of chunk(ids, 500)) {
        const rows = await k
          .selectFrom('sessions as s')
          .innerJoin('accounts as a', 'a.id', 's.account_id')
          .select(['s.id', 's.ended_at', 's.end_reason', 'a.role', 'a.is_primary', 'a.grants'])
          .where('s.id', 'in', part)
          .execute();
        out.push(...rows.map((r) => ({ id: r.id, endedAt: r.ended_at, endReason: r.end_reason, role: r.role, isPrimary: r.is_primary === 1, grants: r.grants })));
      }
      return out;
    },

    prune: async (now, graceMs, idleMs) => {
      let total = 0;
      // Past the idle window a row changes nothing: the session reads idle with or without it.
      const old = await k
        .deleteFrom('live_connections')
        .where('seen_at', '<', now - idleMs)
        .executeTakeFirst();
      total += Number(old.numDeletedRows);
      // Tabs of ended sessions never count again.
      const ended = await k
        .deleteFrom('live_connections')
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('sessions as s').select('s.id').whereRef('s.id', '=', 'live_connections.session_id').where('s.ended_at', 'is not', null)),
        )
        .executeTakeFirst();
      total += Number(ended.numDeletedRows);
      // Of a session's tabs past the grace period, only the latest matters (for the idle flag).
      const superseded = await k
        .deleteFrom('live_connections')
        .where('seen_at', '<=', now - graceMs)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('live_connections as n')
              .select('n.id')
              .whereRef('n.session_id', '=', 'live_connections.session_id')
              .whereRef('n.seen_at', '>', 'live_connections.seen_at'),
          ),
        )
        .executeTakeFirst();
      total += Number(superseded.numDeletedRows);
      return total;
    },
  };
}
