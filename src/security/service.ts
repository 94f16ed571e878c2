import type { Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { allowListMatcher, parseCidr } from '../access/ip-allowlist.js';
import { ofPrimaryAdministrator } from '../access/permissions.js';
import type { AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import type { Role, SecondFactorRequirement, WorkspaceRow } from '../db/schema.js';
import type { Executor } from '../db/types.js';
import { ApiError } from '../errors.js';
import { DAY, iso, type Clock } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import type { SessionService } from '../sessions/service.js';
import { countriesNamed, countryName } from '../sessions/present.js';
import { AUTH_METHOD_LABELS, LONGEST_LIFETIME_MINUTES, SESSION_FLAGS } from '../sessions/types.js';
import { AUTH_METHODS } from '../db/schema.js';
import type { ActiveSessionQuery, SecurityStore } from './store.js';

// A type, not an interface: the routes check their answers against the response schema's type,
// which allows more fields, and only a type alias is assignable to that.
export type SecuritySettings = {
  agentIdleMinutes: number;
  absoluteLifetimeMinutes: number;
  sessionLimit: number | null;
  ipAllowlist: string[];
  requireSecondFactor: SecondFactorRequirement;
  secondFactorGraceDays: number;
};

export interface SettingsPatch {
  agentIdleMinutes?: number;
  absoluteLifetimeMinutes?: number;
  sessionLimit?: number | null;
  ipAllowlist?: string[];
  requireSecondFactor?: SecondFactorRequirement;
  secondFactorGraceDays?: number;
  dryRun?: boolean;
  confirmSelfLockout?: boolean;
}

export const BOUNDS = {
  agentIdleMinutes: { minimum: 5, maximum: 30 * 24 * 60 },
  absoluteLifetimeMinutes: { minimum: 60, maximum: LONGEST_LIFETIME_MINUTES },
  sessionLimit: { minimum: 1, maximum: 30 },
  ipAllowlistEntries: 500,
  secondFactorGraceDays: { minimum: 0, maximum: 90 },
} as const;

export const SECOND_FACTOR_REQUIREMENTS = ['none', 'admins', 'agents', 'everyone'] as const satisfies readonly SecondFactorRequirement[];

const requires = (setting: SecondFactorRequirement, role: Role) => setting === 'everyone' || setting === (role === 'admin' ? 'admins' : 'agents');

/**
 * From when accounts of `role` must sign in with a second factor (the moment the requirement
 * reached their role plus the grace period), or null while it does not apply to them. Past it, a
 * login without a factor gets a session limited to enrolment (src/auth/service.ts).
 */
export function secondFactorDeadline(
  ws: Pick<WorkspaceRow, 'second_factor_required' | 'second_factor_grace_days' | 'second_factor_admins_since' | 'second_factor_agents_since'>,
  role: Role,
): number | null {
  if (!requires(ws.second_factor_required, role)) return null;
  const since = role === 'admin' ? ws.second_factor_admins_since : ws.second_factor_agents_since;
  return since === null ? null : since + ws.second_factor_grace_days * DAY;
}

function settingsOf(ws: WorkspaceRow): SecuritySettings {
  return {
    agentIdleMinutes: ws.agent_idle_minutes,
    absoluteLifetimeMinutes: ws.absolute_lifetime_minutes,
    sessionLimit: ws.session_limit,
    ipAllowlist: parseList(ws.ip_allowlist),
    requireSecondFactor: ws.second_factor_required,
    secondFactorGraceDays: ws.second_factor_grace_days,
  };
}

/** A browser's or OS's family: its name without the version the parser appended ("Chrome 131" → "Chrome"). */
function familyOf(name: string): string {
  return name.replace(/ \d[\d.]*$/, '');
}

/** Checks and normalises an allow list: every entry a CIDR or a single address, no duplicates. */
function normaliseAllowlist(entries: readonly string[]): string[] {
  const bad = entries.filter((e) => parseCidr(e) === null);
  if (bad.length > 0) {
    throw new ApiError(
      'invalid_request',
      `Not an IPv4 or IPv6 address or CIDR: ${bad
        .slice(0, 5)
        .map((b) => JSON.stringify(b))
        .join(', ')}.`,
      { invalid: bad },
    );
  }
  return [...new Set(entries.map((e) => e.trim()))];
}

interface Deps {
  accounts: AccountService;
  store: SecurityStore;
  sessions: SessionService;
  audit: AuditLog;
  clock: Clock;
}

/** Settings › Security: timeouts, the concurrent-session limit, the IP allow list, and Active sessions. */
export function createSecuritySettings({ accounts, store, sessions, audit, clock }: Deps) {
  async function workspace(ctx: SessionContext): Promise<WorkspaceRow> {
    const ws = await accounts.workspaceById(ctx.workspace.id);
    if (!ws) throw new ApiError('not_found');
    return ws;
  }

  /**
   * The active sessions an allow list would end. A sub-administrator's save spares the primary
   * administrator's sessions, on either of its accounts (rule 1: it never ends them); the rule
   * still refuses their next sign-in from outside the list.
   */
  async function outside(ctx: SessionContext, allowlist: readonly string[], executor?: Executor) {
    if (allowlist.length === 0) return [];
    const allowed = allowListMatcher(allowlist);
    const rows = await store.activeSessionAddresses(ctx.workspace.id, executor);
    return rows.filter((r) => !allowed(r.ip) && (ctx.account.isPrimary || !ofPrimaryAdministrator(ctx, r)));
  }

  return {
    async get(ctx: SessionContext) {
      const ws = await workspace(ctx);
      const from = (role: Role) => iso(secondFactorDeadline(ws, role));
      return { ...settingsOf(ws), secondFactorEnforcedFrom: { admins: from('admin'), agents: from('agent') } };
    },

    /** A page of the workspace's active sessions with their accounts, and the total. */
    activeSessions(ctx: SessionContext, query: Omit<ActiveSessionQuery, 'workspaceId'>) {
      return store.listActiveSessions({ ...query, workspaceId: ctx.workspace.id, countries: query.q ? countriesNamed(query.q) : [] });
    },

    /** What the Active sessions filters can choose from, each with how many active sessions it finds. */
    async activeFacets(ctx: SessionContext) {
      const rows = await store.activeFacets(ctx.workspace.id);
      const countries = new Map<string, { count: number; cities: Map<string, number> }>();
      const tally = () => new Map<string, number>();
      const deviceTypes = tally();
      const browsers = tally();
      const oses = tally();
      const methods = tally();
      const flags = tally();
      const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
      for (const r of rows) {
        if (r.country) {
          const c = countries.get(r.country) ?? { count: 0, cities: new Map<string, number>() };
          countries.set(r.country, c);
          c.count += r.n;
          if (r.city) add(c.cities, r.city, r.n);
        }
        add(deviceTypes, r.device_type, r.n);
        add(browsers, familyOf(r.browser), r.n);
        add(oses, familyOf(r.os), r.n);
        add(methods, r.auth_method, r.n);
        for (const flag of parseList(r.flags)) add(flags, flag, r.n);
      }
      const list = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return {
        countries: [...countries]
          .map(([code, c]) => ({ code, name: countryName(code) ?? code, count: c.count, cities: list(c.cities) }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
        deviceTypes: list(deviceTypes),
        browsers: list(browsers),
        oses: list(oses),
        // Every method, found or not: the one list (AUTH_METHODS) is the menu.
        authMethods: AUTH_METHODS.map((value) => ({ value, label: AUTH_METHOD_LABELS[value], count: methods.get(value) ?? 0 })),
        flags: SESSION_FLAGS.map((value) => ({ value, count: flags.get(value) ?? 0 })),
      };
    },

    async update(ctx: SessionContext, actor: Actor, patch: SettingsPatch, callerIp: string) {
      const ws = await workspace(ctx);
      const before = settingsOf(ws);
      const next: SecuritySettings = {
        agentIdleMinutes: patch.agentIdleMinutes ?? before.agentIdleMinutes,
        absoluteLifetimeMinutes: patch.absoluteLifetimeMinutes ?? before.absoluteLifetimeMinutes,
        sessionLimit: patch.sessionLimit !== undefined ? patch.sessionLimit : before.sessionLimit,
        ipAllowlist: patch.ipAllowlist !== undefined ? normaliseAllowlist(patch.ipAllowlist) : before.ipAllowlist,
        requireSecondFactor: patch.requireSecondFactor ?? before.requireSecondFactor,
        secondFactorGraceDays: patch.secondFactorGraceDays ?? before.secondFactorGraceDays,
      };
      const listChanged = patch.ipAllowlist !== undefined;
      const preview = listChanged ? await outside(ctx, next.ipAllowlist) : [];
      const wouldEndOwnSession = preview.some((s) => s.id === ctx.session.id);
      // The caller's address now may differ from the one it signed in from: a list without it
      // leaves the session alive but refuses the caller's next sign-in from here.
      const callerIpAllowed = allowListMatcher(next.ipAllowlist)(callerIp);
      if (patch.dryRun) {
        return { settings: before, endedSessions: 0, wouldEnd: preview.length, wouldEndOwnSession, callerIpAllowed };
      }
      // Saving a list that leaves out the caller would sign them out, or keep them out, with no
      // way back in from here: that takes an explicit second "yes".
      if (listChanged && (wouldEndOwnSession || !callerIpAllowed) && patch.confirmSelfLockout !== true) {
        throw new ApiError('confirmation_required', undefined, { wouldEnd: preview.length, wouldEndOwnSession, callerIpAllowed });
      }

      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of Object.keys(next) as (keyof SecuritySettings)[]) {
        if (JSON.stringify(before[key]) !== JSON.stringify(next[key])) changes[key] = { from: before[key], to: next[key] };
      }
      if (Object.keys(changes).length === 0) return { settings: before, endedSessions: 0 };

      // A role's grace period runs from when the requirement first reached it; a role it leaves
      // forgets that moment, and starts a fresh grace period should it be required again.
      const now = clock.now();
      const since = (role: Role, was: number | null) => (requires(next.requireSecondFactor, role) ? (requires(before.requireSecondFactor, role) ? was : now) : null);
      // The settings, the sessions a new allow list ends and the audit rows commit together (rule 8).
      const endedSessions = await sessions.change(async ({ trx, end }) => {
        await trx
          .updateTable('workspaces')
          .set({
            agent_idle_minutes: next.agentIdleMinutes,
            absolute_lifetime_minutes: next.absoluteLifetimeMinutes,
            session_limit: next.sessionLimit,
            ip_allowlist: JSON.stringify(next.ipAllowlist),
            second_factor_required: next.requireSecondFactor,
            second_factor_grace_days: next.secondFactorGraceDays,
            second_factor_admins_since: since('admin', ws.second_factor_admins_since),
            second_factor_agents_since: since('agent', ws.second_factor_agents_since),
          })
          .where('id', '=', ctx.workspace.id)
          .execute();
        await audit.record(trx, [
          { workspaceId: ctx.workspace.id, at: now, type: 'settings.updated', actor, sessionId: ctx.session.id, detail: { section: 'security', changes } },
        ]);
        if (!('ipAllowlist' in changes)) return 0;
        // Recomputed inside the save: this set can only have shrunk (sessions that ended
        // meanwhile) since the preview.
        const ids = (await outside(ctx, next.ipAllowlist, trx)).map((s) => s.id);
        return (await end({ workspaceId: ctx.workspace.id, sessionIds: ids }, 'ip_not_allowed', actor)).length;
      });
      return { settings: next, endedSessions };
    },
  };
}

export type SecuritySettingsService = ReturnType<typeof createSecuritySettings>;
