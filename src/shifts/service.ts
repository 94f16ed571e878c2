import { label, SYSTEM, type Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { assertMayActOn, requireAnyGrant } from '../access/permissions.js';
import type { AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import type { AuditInput } from '../audit/types.js';
import type { AccountRow, WorkspaceRow } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { ApiError } from '../errors.js';
import { DAY, iso, MINUTE, type Clock } from '../lib/clock.js';
import type { AccountNotice, SessionBus } from '../sessions/events.js';
import type { SessionService } from '../sessions/service.js';
import {
  canonicalZone,
  checkDay,
  checkWeek,
  dateOfDay,
  dayOfDate,
  describeAt,
  evaluate,
  instantOf,
  localDay,
  minutesOf,
  type HoursInput,
  type HoursStatus,
  type Interval,
  type WeekSchedule,
} from './hours.js';
import type { ShiftStore } from './store.js';

/** How long before a shift ends the agent's open tabs are warned. */
const WARNING_MS = 10 * MINUTE;

/** An agent's hours now: `restricted` false when no schedule applies (the feature is off for it). */
export type HoursNow = { timeZone: string; restricted: boolean; inside: boolean; endsAt: string | null; nextStartsAt: string | null };

type BulkResult = { accountId: string; status: 'updated' | 'refused'; error?: { code: string; message: string } };

interface Deps {
  db: Db;
  store: ShiftStore;
  accounts: AccountService;
  sessions: SessionService;
  audit: AuditLog;
  bus: SessionBus;
  clock: Clock;
}

const parseWeek = (json: string): WeekSchedule => JSON.parse(json) as WeekSchedule;
const timeOf = (zone: string, at: number) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));

function assertWeek(week: WeekSchedule | null): void {
  const problem = week === null ? null : checkWeek(week);
  if (problem) throw new ApiError('invalid_request', problem, { field: 'schedule', rule: 'schedule' });
}

/** Working hours: evaluated for sign-in, enforced by every node's tick, edited by administrators. */
export function createShiftService({ db, store, accounts, sessions, audit, bus, clock }: Deps) {
  /** What decides each agent's hours (null: none apply, never restricted), and the workspace's zone. */
  async function inputsOf(workspaceId: string, accountIds: readonly string[], now: number) {
    const ws = await store.workspaceHours(workspaceId);
    const own = await store.agentSchedules(accountIds);
    const exceptions = await store.exceptionsOf(accountIds, dateOfDay(localDay(ws.timeZone, now) - 1));
    const extensions = new Map((await store.extensionsOf(accountIds, now)).map((e) => [e.account_id, { from: e.from_at, until: e.until_at }]));
    const inputs = new Map<string, HoursInput | null>();
    for (const id of accountIds) {
      const week = own.get(id) ?? ws.schedule;
      const dates = new Map(exceptions.filter((e) => e.account_id === id).map((e) => [e.date, JSON.parse(e.hours) as Interval[]]));
      inputs.set(id, week === null ? null : { zone: ws.timeZone, week: parseWeek(week), exceptions: dates, extension: extensions.get(id) ?? null });
    }
    return { zone: ws.timeZone, inputs };
  }

  async function statusOf(workspaceId: string, account: Pick<AccountRow, 'id' | 'role'>, now: number): Promise<{ zone: string; status: HoursStatus | null }> {
    if (account.role !== 'agent') return { zone: (await store.workspaceHours(workspaceId)).timeZone, status: null };
    const { zone, inputs } = await inputsOf(workspaceId, [account.id], now);
    const input = inputs.get(account.id);
    return { zone, status: input ? evaluate(input, now) : null };
  }

  const nowOf = (zone: string, status: HoursStatus | null): HoursNow => ({
    timeZone: zone,
    restricted: status !== null,
    inside: status?.inside ?? true,
    endsAt: iso(status?.endsAt ?? null),
    nextStartsAt: iso(status?.nextStartsAt ?? null),
  });

  /** The agent account `id` of the caller's workspace, if the caller may edit its hours (team.agents; never the primary administrator's, rule 1). */
  async function editableAgent(ctx: SessionContext, id: string) {
    const target = await accounts.accountInWorkspace(ctx.workspace.id, id);
    if (!target) throw new ApiError('not_found', 'No such account.');
    assertMayActOn(ctx, target);
    if (target.role !== 'agent') throw new ApiError('invalid_request', 'Administrators have no working hours: shifts never sign them out.');
    return target;
  }

  const changed = (ctx: SessionContext, actor: Actor, target: { id: string; name: string; email: string } | null, detail: Record<string, unknown>): AuditInput => ({
    workspaceId: ctx.workspace.id,
    at: clock.now(),
    type: 'working_hours.updated',
    actor,
    targetAccountId: target?.id ?? null,
    targetLabel: target ? label(target.name, target.email) : null,
    detail,
  });

  const service = {
    /**
     * Refuses an agent's sign-in outside its working hours (audited as a refused sign-in), with
     * when the next shift starts; administrators and agents without hours always pass.
     */
    async assertMayStart(workspace: WorkspaceRow, account: AccountRow, email: string, ip: string): Promise<void> {
      if (account.role !== 'agent') return;
      const now = clock.now();
      const { zone, status } = await statusOf(workspace.id, account, now);
      if (!status || status.inside) return;
      const next = status.nextStartsAt;
      const message =
        next === null
          ? 'You are outside your working hours, and no shift of yours is scheduled. Ask an administrator.'
          : `You are outside your working hours. Your next shift starts ${describeAt(zone, next, now)} (${zone} time).`;
      await audit.recordAlone([
        {
          workspaceId: workspace.id,
          at: now,
          type: 'signin.refused',
          actor: null,
          targetAccountId: account.id,
          targetLabel: label(account.name, email),
          ip,
          detail: { reason: 'outside_working_hours', nextShiftStartsAt: iso(next) },
        },
      ]);
      throw new ApiError('outside_working_hours', message, { nextShiftStartsAt: iso(next), timeZone: zone });
    },

    /**
     * One pass of every node's shift check: ends the active sessions of agents now outside their
     * hours (`shift_ended`; the end's conditional UPDATE makes a race between nodes end each
     * session once, with one audit row), and warns agents whose shift ends within ten minutes,
     * once per agent and shift end whichever node claims it first.
     */
    async tick(): Promise<{ ended: number; warned: number }> {
      const now = clock.now();
      const byWorkspace = new Map<string, string[]>();
      for (const r of await store.scheduledActiveAgents()) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r.account_id]);
      let ended = 0;
      const notices: AccountNotice[] = [];
      for (const [workspaceId, ids] of byWorkspace) {
        const { zone, inputs } = await inputsOf(workspaceId, ids, now);
        const outside: string[] = [];
        for (const id of ids) {
          const input = inputs.get(id);
          if (!input) continue;
          const status = evaluate(input, now);
          if (!status.inside) outside.push(id);
          else if (status.endsAt !== null && status.endsAt - now <= WARNING_MS) {
            if (await store.claimWarning({ account_id: id, ends_at: status.endsAt, workspace_id: workspaceId, sent_at: now })) {
              const time = timeOf(zone, status.endsAt);
              notices.push({
                workspaceId,
                accountId: id,
                message: { type: 'shift_ending', endsAt: iso(status.endsAt), timeZone: zone, message: `Your shift ends at ${time}.` },
              });
            }
          }
        }
        if (outside.length > 0) ended += (await sessions.end({ workspaceId, accountIds: outside }, 'shift_ended', SYSTEM)).length;
      }
      await bus.publishNotice(notices);
      await store.pruneWarnings(now - DAY);
      return { ended, warned: notices.length };
    },

    /** My account: the caller's hours now. */
    async mine(ctx: SessionContext): Promise<HoursNow> {
      const { zone, status } = await statusOf(ctx.workspace.id, ctx.account, clock.now());
      return nowOf(zone, status);
    },

    /** Settings › Security: the workspace's zone and default schedule. */
    async workspaceHours(ctx: SessionContext) {
      requireAnyGrant(ctx, ['settings.security']);
      const ws = await store.workspaceHours(ctx.workspace.id);
      return { timeZone: ws.timeZone, schedule: ws.schedule === null ? null : parseWeek(ws.schedule) };
    },

    /** Sets the workspace's zone and default schedule (either or both). */
    async setWorkspaceHours(ctx: SessionContext, actor: Actor, input: { timeZone?: string | undefined; schedule?: WeekSchedule | null | undefined }) {
      requireAnyGrant(ctx, ['settings.security']);
      const zone = input.timeZone === undefined ? undefined : canonicalZone(input.timeZone);
      if (zone === null)
        throw new ApiError('invalid_request', `"${input.timeZone}" is not a time zone; use an IANA name such as Europe/Berlin or America/New_York.`, {
          field: 'timeZone',
          rule: 'time_zone',
        });
      if (input.schedule !== undefined) assertWeek(input.schedule);
      return db.kysely.transaction().execute(async (trx) => {
        const before = await store.workspaceHours(ctx.workspace.id, trx);
        const timeZone = zone ?? before.timeZone;
        const schedule = input.schedule === undefined ? before.schedule : input.schedule === null ? null : JSON.stringify(input.schedule);
        await store.setWorkspaceHours(trx, ctx.workspace.id, timeZone, schedule);
        const detail = { scope: 'workspace', ...(zone ? { timeZone } : {}), ...(input.schedule !== undefined ? { schedule: schedule === null ? 'none' : 'set' } : {}) };
        await audit.record(trx, [changed(ctx, actor, null, detail)]);
        return { timeZone, schedule: schedule === null ? null : parseWeek(schedule) };
      });
    },

    /** An agent's profile: its own schedule, the workspace's default, exceptions from today, today's extension and where it stands now. */
    async agentHours(ctx: SessionContext, id: string) {
      const target = await editableAgent(ctx, id);
      const now = clock.now();
      const ws = await store.workspaceHours(ctx.workspace.id);
      const own = (await store.agentSchedules([id])).get(id) ?? null;
      const exceptions = await store.exceptionsOf([id], dateOfDay(localDay(ws.timeZone, now)));
      const [extension] = await store.extensionsOf([id], now);
      const { status } = await statusOf(ctx.workspace.id, target, now);
      return {
        accountId: id,
        timeZone: ws.timeZone,
        schedule: own === null ? null : parseWeek(own),
        workspaceSchedule: ws.schedule === null ? null : parseWeek(ws.schedule),
        exceptions: exceptions.map((e) => ({ date: e.date, hours: JSON.parse(e.hours) as Interval[] })),
        extendedUntil: iso(extension?.until_at ?? null),
        now: nowOf(ws.timeZone, status),
      };
    },

    /** Sets (or removes, null) the own schedule of several agents, reporting per account; the permitted ones change in one transaction. */
    async setAgentSchedules(ctx: SessionContext, actor: Actor, ids: readonly string[], schedule: WeekSchedule | null) {
      requireAnyGrant(ctx, ['team.agents']);
      assertWeek(schedule);
      const results: BulkResult[] = [];
      const permitted: { id: string; name: string; email: string }[] = [];
      for (const id of [...new Set(ids)]) {
        try {
          const target = await editableAgent(ctx, id);
          permitted.push({ id, name: target.name, email: target.email });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          results.push({ accountId: id, status: 'refused', error: { code: err.code, message: err.message } });
        }
      }
      await db.kysely.transaction().execute(async (trx) => {
        await store.setAgentSchedules(
          trx,
          ctx.workspace.id,
          permitted.map((t) => t.id),
          schedule === null ? null : JSON.stringify(schedule),
        );
        if (permitted.length > 0)
          await audit.record(
            trx,
            permitted.map((t) => changed(ctx, actor, t, { scope: 'agent', schedule: schedule === null ? 'workspace default' : 'own' })),
          );
      });
      results.push(...permitted.map((t) => ({ accountId: t.id, status: 'updated' as const })));
      return { updated: permitted.length, results };
    },

    /** Sets one date's hours of one agent (an empty list: a day off), or removes the exception (null). */
    async setException(ctx: SessionContext, actor: Actor, id: string, date: string, hours: Interval[] | null) {
      const target = await editableAgent(ctx, id);
      if (dayOfDate(date) === null) throw new ApiError('invalid_request', `"${date}" is not a date; use YYYY-MM-DD.`, { field: 'date', rule: 'format' });
      const problem = hours === null ? null : checkDay(hours, date);
      if (problem) throw new ApiError('invalid_request', problem, { field: 'hours', rule: 'schedule' });
      await db.kysely.transaction().execute(async (trx) => {
        await store.setException(trx, { account_id: id, workspace_id: ctx.workspace.id, date, hours: hours === null ? null : JSON.stringify(hours) });
        await audit.record(trx, [
          changed(ctx, actor, target, {
            scope: 'exception',
            date,
            hours: hours === null ? 'removed' : hours.length === 0 ? 'day off' : hours.map((h) => `${h.from}–${h.to}`).join(', '),
          }),
        ]);
      });
      return { date, hours };
    },

    /**
     * Extends one agent's shift until the next `until` ("HH:MM", in the workspace's zone, within
     * 24 hours): it may sign in and stays signed in until then, whatever its schedule says.
     */
    async extend(ctx: SessionContext, actor: Actor, id: string, until: string) {
      const target = await editableAgent(ctx, id);
      const now = clock.now();
      const minutes = minutesOf(until);
      if (minutes === null) throw new ApiError('invalid_request', `"${until}" is not a time; use HH:MM, 00:00 to 23:59.`, { field: 'until', rule: 'format' });
      const { zone, status } = await statusOf(ctx.workspace.id, target, now);
      if (!status) throw new ApiError('invalid_request', 'This agent has no working hours, so nothing signs it out: there is nothing to extend.');
      const today = localDay(zone, now);
      let untilAt = instantOf(zone, today, minutes);
      if (untilAt <= now) untilAt = instantOf(zone, today + 1, minutes);
      await db.kysely.transaction().execute(async (trx) => {
        await store.setExtension(trx, { account_id: id, workspace_id: ctx.workspace.id, from_at: now, until_at: untilAt });
        await audit.record(trx, [{ ...changed(ctx, actor, target, { until: iso(untilAt), timeZone: zone, untilLocal: until }), type: 'shift.extended' }]);
      });
      return { extendedUntil: iso(untilAt), timeZone: zone };
    },
    /** Sets (or removes, null) one agent's own schedule; refusals are errors. Answers its hours. */
    async setAgentSchedule(ctx: SessionContext, actor: Actor, id: string, schedule: WeekSchedule | null) {
      await editableAgent(ctx, id);
      await service.setAgentSchedules(ctx, actor, [id], schedule);
      return service.agentHours(ctx, id);
    },
  };
  return service;
}

export type ShiftService = ReturnType<typeof createShiftService>;
