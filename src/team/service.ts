import { label, type Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { assertMayActOn, grantFor, GRANTS, holds, judgeTargets, ofPrimaryAdministrator, requireAnyGrant, type Grant, type Refusal } from '../access/permissions.js';
import type { AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import type { IntegrationService } from '../integrations/service.js';
import type { SessionWithEnder } from '../db/queries.js';
import type { Role } from '../db/schema.js';
import type { Executor } from '../db/types.js';
import { ApiError, ERRORS } from '../errors.js';
import { DAY, type Clock } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import type { PresenceReader } from '../presence/service.js';
import { presentSession } from '../sessions/present.js';
import type { SessionService } from '../sessions/service.js';
import { presentAccount, type PresentedAccount } from './present.js';
import { cursorAfter, positionOf, type SortOrder, type TeamSort } from './sort.js';
import { cutPage } from '../lib/cursor.js';
import type { TeamAccountRow, TeamStore } from './store.js';

export interface ListInput {
  q?: string | undefined;
  session?: 'active' | 'none' | undefined;
  sort?: TeamSort | undefined;
  order?: SortOrder | undefined;
  cursor?: string | undefined;
  limit: number;
}

type BulkResult = { accountId: string; status: 'ended'; ended: number } | { accountId: string; status: 'refused'; error: { code: Refusal | 'not_found'; message: string } };

export interface AccountChanges {
  name?: string;
  disabled?: boolean;
  grants?: Grant[];
}

interface Deps {
  team: TeamStore;
  accounts: AccountService;
  sessions: SessionService;
  presence: PresenceReader;
  audit: AuditLog;
  /** Disabling an account revokes its personal access tokens, in the same transaction. */
  tokens: Pick<IntegrationService, 'revokeTokensWithin'>;
  clock: Clock;
}

/** Team › Agents and Team › Administrators: lists, profiles, accounts and ending sessions. */
export function createTeamService({ team, accounts, sessions, presence, audit: auditLog, tokens, clock }: Deps) {
  /** Presents accounts with their active sessions and presence: four queries for any number of rows. */
  async function present(workspace: SessionContext['workspace'], rows: readonly TeamAccountRow[]): Promise<PresentedAccount[]> {
    const workspaceId = workspace.id;
    const ids = rows.map((r) => r.id);
    const active = await team.activeSessionsOf(workspaceId, ids);
    const [online, idleSessions, lastSeen] = await Promise.all([
      ids.length ? presence.onlineAmong(workspaceId, ids) : Promise.resolve(new Set<string>()),
      active.length ? presence.idleAmong(active.map((s) => s.id)) : Promise.resolve(new Set<string>()),
      ids.length ? presence.lastSeenAmong(workspaceId, ids) : Promise.resolve(new Map<string, number>()),
    ]);
    const byAccount = new Map<string, SessionWithEnder[]>();
    for (const s of active) byAccount.set(s.account_id, [...(byAccount.get(s.account_id) ?? []), s]);
    return rows.map((r) => presentAccount(r, byAccount.get(r.id) ?? [], { online, idleSessions, lastSeen }, workspace.primaryLoginId));
  }

  async function findAccount(ctx: SessionContext, accountId: string): Promise<TeamAccountRow> {
    const row = await team.accountById(ctx.workspace.id, accountId);
    if (!row) throw new ApiError('not_found', 'No such account.');
    return row;
  }

  /** Writes an account's audit row inside the transaction of the change it records. */
  async function audit(
    trx: Executor,
    ctx: SessionContext,
    actor: Actor,
    type: 'account.created' | 'account.updated',
    target: { id: string; name: string; email: string },
    detail: Record<string, unknown>,
  ) {
    await auditLog.record(trx, [
      {
        workspaceId: ctx.workspace.id,
        at: clock.now(),
        type,
        actor,
        targetAccountId: target.id,
        targetLabel: label(target.name, target.email),
        sessionId: ctx.session.id,
        detail,
      },
    ]);
  }

  /** Sub-administrators change only the grants they hold themselves: no one hands out more than they have. */
  function checkGrantChange(ctx: SessionContext, before: readonly string[], after: readonly string[]): void {
    if (ctx.account.isPrimary) return;
    const changed = GRANTS.filter((g) => before.includes(g) !== after.includes(g));
    const beyond = changed.filter((g) => !ctx.account.grants.includes(g));
    if (beyond.length > 0) {
      throw new ApiError('forbidden', `You can only give or take grants you hold yourself (not ${beyond.join(', ')}).`);
    }
  }

  return {
    async list(ctx: SessionContext, role: Role, input: ListInput) {
      requireAnyGrant(ctx, [grantFor(role)]);
      const { sort = 'name', order = 'asc' } = input;
      const after = positionOf(input.cursor, sort, order);
      const { rows, counts } = await team.listAccounts({
        workspaceId: ctx.workspace.id,
        role,
        q: input.q,
        session: input.session,
        sort,
        order,
        after,
        limit: input.limit + 1,
      });
      const { page, nextCursor } = cutPage(rows, input.limit, (last) => cursorAfter(sort, order, last));
      return {
        accounts: await present(ctx.workspace, page),
        nextCursor,
        counts: { all: counts.all, active: counts.active, none: counts.all - counts.active },
      };
    },

    async profile(ctx: SessionContext, accountId: string) {
      requireAnyGrant(ctx, ['team.agents', 'team.admins']);
      const row = await findAccount(ctx, accountId);
      requireAnyGrant(ctx, [grantFor(row.role)]);
      // The linked account is shown in full only to a caller who may see its role.
      const linked = row.linked_id && row.linked_role && holds(ctx, grantFor(row.linked_role)) ? await team.accountById(ctx.workspace.id, row.linked_id) : undefined;
      const since = clock.now() - 7 * DAY;
      const [presented, history, linkedHistory] = await Promise.all([
        present(ctx.workspace, linked ? [row, linked] : [row]),
        team.sessionsOfAccount(ctx.workspace.id, row.id, since),
        linked ? team.sessionsOfAccount(ctx.workspace.id, linked.id, since) : Promise.resolve([]),
      ]);
      return {
        account: presented[0]!,
        sessions: history.map((s) => presentSession(s)),
        linkedAccount: presented[1] ?? null,
        linkedSessions: linkedHistory.map((s) => presentSession(s)),
      };
    },

    async create(ctx: SessionContext, actor: Actor, role: Role, input: { name: string; email: string; password?: string | undefined; grants?: Grant[] | undefined }) {
      requireAnyGrant(ctx, [grantFor(role)]);
      const grants = role === 'admin' ? [...new Set(input.grants ?? [])] : [];
      checkGrantChange(ctx, [], grants);
      if (!ctx.account.isPrimary) {
        // Rule 1: a new account for the primary administrator's email would join its login, so a
        // sub-administrator would change what the primary administrator's password opens (and
        // its sign-in would start asking which account). Only the primary administrator may.
        const existing = await accounts.loginByEmail(ctx.workspace.id, input.email.trim().toLowerCase());
        if (existing && ofPrimaryAdministrator(ctx, { login_id: existing.id })) {
          throw new ApiError('primary_admin_protected', 'This email belongs to the primary administrator: only the primary administrator may add an account to it.');
        }
      }
      const email = input.email.trim().toLowerCase();
      const created = await accounts.createAccount(
        { workspaceId: ctx.workspace.id, role, name: input.name, email, password: input.password, grants, now: clock.now() },
        (trx, account, linkedTo) => audit(trx, ctx, actor, 'account.created', { id: account.id, name: account.name, email }, { role, grants, linkedTo: linkedTo?.id ?? null }),
      );
      const row = await findAccount(ctx, created.id);
      return { account: (await present(ctx.workspace, [row]))[0]! };
    },

    async update(ctx: SessionContext, actor: Actor, accountId: string, changes: AccountChanges) {
      requireAnyGrant(ctx, ['team.agents', 'team.admins']);
      const row = await findAccount(ctx, accountId);
      assertMayActOn(ctx, row);
      const self = row.id === ctx.account.id;
      const set: { name?: string; disabled?: number; grants?: string } = {};
      const detail: Record<string, unknown> = {};

      if (changes.name !== undefined && changes.name.trim() !== row.name) {
        set.name = changes.name.trim();
        detail.name = { from: row.name, to: set.name };
      }
      if (changes.disabled !== undefined && changes.disabled !== (row.disabled === 1)) {
        // Disabling yourself (the primary administrator included) would lock the caller out.
        if (self && changes.disabled) throw new ApiError('cannot_disable_self');
        set.disabled = changes.disabled ? 1 : 0;
        detail.disabled = changes.disabled;
      }
      if (changes.grants !== undefined) {
        if (row.role !== 'admin' || row.is_primary === 1) {
          throw new ApiError(
            'invalid_request',
            row.role === 'admin' ? 'The primary administrator holds every grant; its grants cannot change.' : 'Grants apply to administrator accounts only.',
          );
        }
        const before = parseList(row.grants);
        const after = [...new Set(changes.grants)];
        if (self && !ctx.account.isPrimary && (before.length !== after.length || before.some((g) => !(after as string[]).includes(g)))) {
          throw new ApiError('forbidden', 'You cannot change your own grants.');
        }
        checkGrantChange(ctx, before, after);
        set.grants = JSON.stringify(GRANTS.filter((g) => after.includes(g)));
        if (set.grants !== JSON.stringify(GRANTS.filter((g) => before.includes(g)))) detail.grants = { from: before, to: JSON.parse(set.grants) };
        else delete set.grants;
      }

      // The change, the sessions a disable ends and the audit row commit together (rule 8): every
      // session check after the commit refuses the account, and its open tabs are told.
      const endedSessions = await sessions.change(async (change) => {
        await team.updateAccount(ctx.workspace.id, row.id, set, change.trx);
        let ended = 0;
        if (set.disabled === 1) {
          ended = (await change.end({ workspaceId: ctx.workspace.id, accountIds: [row.id] }, 'account_disabled', actor)).length;
          detail.endedSessions = ended;
          const revoked = await tokens.revokeTokensWithin(change.trx, { workspaceId: ctx.workspace.id, accountId: row.id }, 'account_disabled', actor, ctx.session.id);
          if (revoked > 0) detail.revokedTokens = revoked;
        }
        if (Object.keys(set).length > 0) await audit(change.trx, ctx, actor, 'account.updated', row, detail);
        return ended;
      });
      const fresh = await findAccount(ctx, row.id);
      return { account: (await present(ctx.workspace, [fresh]))[0]!, endedSessions };
    },

    async endAccountSessions(ctx: SessionContext, actor: Actor, accountId: string) {
      requireAnyGrant(ctx, ['team.agents', 'team.admins']);
      const row = await findAccount(ctx, accountId);
      assertMayActOn(ctx, row);
      const ended = await sessions.end({ workspaceId: ctx.workspace.id, accountIds: [row.id] }, 'ended_by_admin', actor);
      return { ended: ended.length };
    },

    /**
     * Ends every active session of many accounts. The permitted accounts are ended by one
     * `sessions.end` call, which is one transaction: either every one of them is done or, on a
     * fault, none is. Refused accounts are reported one by one and the rest still happen.
     */
    async endMany(ctx: SessionContext, actor: Actor, accountIds: readonly string[]) {
      const unique = [...new Set(accountIds)];
      const found = await team.accountsAmong(ctx.workspace.id, unique);
      const { permitted, refused } = judgeTargets(ctx, unique, found);
      const ended = permitted.length ? await sessions.end({ workspaceId: ctx.workspace.id, accountIds: permitted }, 'ended_by_admin', actor) : [];
      const counts = new Map<string, number>();
      for (const s of ended) counts.set(s.accountId, (counts.get(s.accountId) ?? 0) + 1);
      const results: BulkResult[] = unique.map((accountId) => {
        const code = refused.get(accountId);
        if (code) return { accountId, status: 'refused', error: { code, message: code === 'not_found' ? 'No such account.' : ERRORS[code].message } };
        return { accountId, status: 'ended', ended: counts.get(accountId) ?? 0 };
      });
      return { ended: ended.length, results };
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
