import type { ShiftExceptionRow, ShiftExtensionRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';

/** Working hours in the database: the workspace's zone and default, agents' schedules, exceptions, extensions, warnings. */
export interface ShiftStore {
  /** The workspace's zone and default schedule (JSON); UTC and none while it has no row. */
  workspaceHours(workspaceId: string, executor?: Executor): Promise<{ timeZone: string; schedule: string | null }>;
  /** Writes the workspace's zone and default schedule. */
  setWorkspaceHours(executor: Executor, workspaceId: string, timeZone: string, schedule: string | null): Promise<void>;
  /** Agents' own schedules (JSON) by account id; an agent without one is left out. */
  agentSchedules(accountIds: readonly string[]): Promise<Map<string, string>>;
  /** Gives the agents this schedule (JSON), or takes theirs away (null: the workspace's default applies). */
  setAgentSchedules(executor: Executor, workspaceId: string, accountIds: readonly string[], schedule: string | null): Promise<void>;
  /** The exceptions of these agents on `fromDate` ("YYYY-MM-DD") or later. */
  exceptionsOf(accountIds: readonly string[], fromDate: string): Promise<ShiftExceptionRow[]>;
  /** Writes one date's exception of one agent, or removes it (hours null). */
  setException(executor: Executor, row: Omit<ShiftExceptionRow, 'hours'> & { hours: string | null }): Promise<void>;
  /** The extensions of these agents that have not run out at `now`. */
  extensionsOf(accountIds: readonly string[], now: number): Promise<ShiftExtensionRow[]>;
  /** Writes an agent's extension, replacing the one it had. */
  setExtension(executor: Executor, row: ShiftExtensionRow): Promise<void>;
  /** Agents with an active session whose hours are set (their own schedule or their workspace's default). */
  scheduledActiveAgents(): Promise<{ workspace_id: string; account_id: string }[]>;
  /** Records the warning of one shift end; true for the one caller (on any node) that recorded it first. */
  claimWarning(row: { account_id: string; ends_at: number; workspace_id: string; sent_at: number }): Promise<boolean>;
  /** Deletes warnings of shifts that ended before `before`. */
  pruneWarnings(before: number): Promise<number>;
}

export function createShiftStore(db: Db): ShiftStore {
  const k = db.kysely;
  return {
    async workspaceHours(workspaceId, executor = k) {
      const row = await executor.selectFrom('working_hours').select(['time_zone', 'schedule']).where('workspace_id', '=', workspaceId).executeTakeFirst();
      return { timeZone: row?.time_zone ?? 'UTC', schedule: row?.schedule ?? null };
    },

    async setWorkspaceHours(executor, workspaceId, timeZone, schedule) {
      await executor
        .insertInto('working_hours')
        .values({ workspace_id: workspaceId, time_zone: timeZone, schedule })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ time_zone: timeZone, schedule }))
        .execute();
    },

    async agentSchedules(accountIds) {
      if (accountIds.length === 0) return new Map();
      const rows = await k.selectFrom('agent_schedules').select(['account_id', 'schedule']).where('account_id', 'in', accountIds).execute();
      return new Map(rows.map((r) => [r.account_id, r.schedule]));
    },

    async setAgentSchedules(executor, workspaceId, accountIds, schedule) {
      if (accountIds.length === 0) return;
      await executor.deleteFrom('agent_schedules').where('workspace_id', '=', workspaceId).where('account_id', 'in', accountIds).execute();
      if (schedule !== null) {
        await executor
          .insertInto('agent_schedules')
          .values(accountIds.map((id) => ({ account_id: id, workspace_id: workspaceId, schedule })))
          .execute();
      }
    },

    async exceptionsOf(accountIds, fromDate) {
      if (accountIds.length === 0) return [];
      return k.selectFrom('shift_exceptions').selectAll().where('account_id', 'in', accountIds).where('date', '>=', fromDate).orderBy('date').execute();
    },

    async setException(executor, { account_id, workspace_id, date, hours }) {
      if (hours === null) {
        await executor.deleteFrom('shift_exceptions').where('account_id', '=', account_id).where('workspace_id', '=', workspace_id).where('date', '=', date).execute();
        return;
      }
      await executor
        .insertInto('shift_exceptions')
        .values({ account_id, workspace_id, date, hours })
        .onConflict((oc) => oc.columns(['account_id', 'date']).doUpdateSet({ hours }))
        .execute();
    },

    async extensionsOf(accountIds, now) {
      if (accountIds.length === 0) return [];
      return k.selectFrom('shift_extensions').selectAll().where('account_id', 'in', accountIds).where('until_at', '>', now).execute();
    },

    async setExtension(executor, row) {
      await executor
        .insertInto('shift_extensions')
        .values(row)
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ from_at: row.from_at, until_at: row.until_at }))
        .execute();
    },

    async scheduledActiveAgents() {
      return k
        .selectFrom('sessions as s')
        .leftJoin('agent_schedules as a', 'a.account_id', 's.account_id')
        .leftJoin('working_hours as w', 'w.workspace_id', 's.workspace_id')
        .select(['s.workspace_id', 's.account_id'])
        .where('s.ended_at', 'is', null)
        .where('s.role', '=', 'agent')
        .where((eb) => eb.or([eb('a.account_id', 'is not', null), eb('w.schedule', 'is not', null)]))
        .groupBy(['s.workspace_id', 's.account_id'])
        .execute();
    },

    async claimWarning(row) {
      const inserted = await k
        .insertInto('shift_warnings')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'ends_at']).doNothing())
        .returning('account_id')
        .execute();
      return inserted.length === 1;
    },

    async pruneWarnings(before) {
      const result = await k.deleteFrom('shift_warnings').where('ends_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
