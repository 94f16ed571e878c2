import { label, SYSTEM, type Actor } from '../access/actor.js';
import type { AuthResult, SessionContext } from '../access/context.js';
import { assertMayActOn, grantFor, holds, refusalOver } from '../access/permissions.js';
import type { AuditLog } from '../audit/service.js';
import type { SessionWithEnder } from '../db/queries.js';
import type { AccountRow, AuthMethod, LoginRow, SessionRestriction, SessionRow, WorkspaceRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';
import { ApiError } from '../errors.js';
import { DAY, MINUTE, type Clock } from '../lib/clock.js';
import { hashToken, newId, newToken } from '../lib/ids.js';
import { createSessionCheck, type CheckCounts } from './check.js';
import { describeDevice } from './device.js';
import type { SessionBus } from './events.js';
import { locate } from './geo.js';
import type { OwnSessionsQuery, SessionDetailRow, SessionStore } from './store.js';
import { ADMIN_IDLE_MINUTES, type EndFilter, type EndReason, type EndedSession, type StartedSession } from './types.js';

interface StartInput {
  workspace: WorkspaceRow;
  login: LoginRow;
  account: AccountRow;
  ip: string;
  userAgent: string;
  /** How the sign-in was proven; `password` when left out. */
  method?: AuthMethod;
  /** A session limited to enrolling a second factor (the workspace requires one and the login has none). */
  restriction?: SessionRestriction | null;
  /** When the login last proved itself, for a session that inherits it (a switch); the sign-in's time when left out. */
  provenAt?: number;
}

/** A sign-in read and worked out ahead of its transaction (device, location, flags, token). */
interface PreparedStart {
  input: StartInput;
  token: string;
  row: SessionRow;
  flags: string[];
}

interface Started {
  /** For the cookie; never stored. */
  token: string;
  sessionId: string;
  flags: string[];
}

/**
 * One change in progress, inside its transaction: what the change writes goes through `trx`,
 * and the sessions it ends or starts go through here, with their audit rows, in the same
 * transaction. They are announced to every node once it has committed.
 */
interface SessionChange {
  readonly trx: Executor;
  end(filter: EndFilter, reason: EndReason, actor: Actor): Promise<EndedSession[]>;
  start(prepared: PreparedStart): Promise<Started>;
}

export interface SessionService {
  /**
   * Checks a cookie's token: refuses unknown and ended ones, ends an expired one on the spot.
   * Synchronous when no database work is needed (see check.ts); callers that do not care await it.
   */
  authenticate(token: string, workspaceId?: string): AuthResult | Promise<AuthResult>;
  /** How many checks this node answered from its cache and how many read the database. */
  readonly checks: Readonly<CheckCounts>;
  /** Reads what a sign-in records (device, location, whether they are new) before its transaction. */
  prepareStart(input: StartInput): Promise<PreparedStart>;
  /** Signs a login in to one account; returns the token for the cookie (never stored). */
  start(input: StartInput): Promise<Started>;
  /** Ends the active sessions a filter picks, records each in the audit log, tells every node. */
  end(filter: EndFilter, reason: EndReason, actor: Actor): Promise<EndedSession[]>;
  /**
   * Runs a change and everything it causes (sessions ended or started, audit rows) in one
   * transaction: all of it commits, or none (rule 8). Every node hears of the sessions after commit.
   */
  change<T>(fn: (change: SessionChange) => Promise<T>): Promise<T>;
  /** Ends expired sessions in small batches, yielding between them; returns how many it ended. */
  sweep(options?: { batchSize?: number }): Promise<number>;
  /**
   * A page of My account › Sessions: the login's sessions active now or ended in the last 7 days;
   * the current one first, then active, then ended, newest first, after the `after` key.
   */
  listOwn(ctx: SessionContext, page: Pick<OwnSessionsQuery, 'after' | 'limit'>): Promise<(SessionWithEnder & { rank: number })[]>;
  /** Closes one of the caller's login's sessions; not_found for any other session. Returns how many ended (0 or 1). */
  endOwn(ctx: SessionContext, actor: Actor, sessionId: string): Promise<number>;
  /** Closes every other session of the caller's login. */
  endOthers(ctx: SessionContext, actor: Actor): Promise<number>;
  /**
   * Ends one session by id. Your own login's sessions are always yours to close; any other needs
   * the grant for its account's role or Settings › Security, and never the primary
   * administrator's for a sub-administrator (rule 1).
   */
  endById(ctx: SessionContext, actor: Actor, sessionId: string): Promise<number>;
  /**
   * One session with everything known about it and its history in the audit log, under the
   * authorization of ending it (`endById`): your own login's sessions, or another's through the
   * grant for its account's role or Settings › Security (403 otherwise); another workspace's id is
   * not found. Rule 1 forbids acting, not reading: a sub-administrator reads the primary
   * administrator's session (it is on the lists it can see) with `refusal` saying why it may not end it.
   */
  detail(ctx: SessionContext, sessionId: string): Promise<SessionDetail>;
  /** How many sessions are active, over every workspace. */
  countActive(): Promise<number>;
  /** Inside the caller's transaction: the session's login has enrolled, so it is a full session now, authenticated by `method`. */
  liftRestriction(executor: Executor, sessionId: string, method: AuthMethod): Promise<void>;
  /** When an active session's login last proved itself (sign-in or re-authentication), read from the database; undefined once it has ended. */
  provenAt(sessionId: string): Promise<number | undefined>;
  /**
   * Records that the session's login proved itself now, with what `fn` writes alongside (the code
   * used, the audit row) in one transaction. False when the session is no longer active.
   */
  prove(sessionId: string, fn: (trx: Executor) => Promise<void>): Promise<boolean>;
}

interface SessionDetail {
  row: SessionDetailRow;
  /** Idle timeout and lifetime as the workspace's settings stand now; null once it has ended. */
  idleExpiresAt: number | null;
  expiresAt: number | null;
  /** Why the caller may not end it (rule 1), or null. */
  refusal: 'primary_admin_protected' | null;
  history: Awaited<ReturnType<AuditLog['forSession']>>;
}

/** The audit rows of a session's own life: shown to whoever may see the session; the rest of its rows need the audit grant. */
const LIFECYCLE_EVENTS = ['signin', 'account.switched', 'signout', 'session.ended'];
/** A session's history is its newest rows, at most this many. */
const HISTORY_LIMIT = 200;

interface Deps {
  db: Db;
  sessions: SessionStore;
  audit: AuditLog;
  bus: SessionBus;
  clock: Clock;
}

export function createSessionService({ db, sessions, audit, bus, clock }: Deps): SessionService {
  // Ends what a filter picks inside the caller's transaction, with one audit row per session.
  const endIn = async (trx: Executor, filter: EndFilter, reason: EndReason, actor: Actor): Promise<EndedSession[]> => {
    const now = clock.now();
    const rows = await sessions.end(trx, filter, reason, actor.accountId, now);
    await audit.record(
      trx,
      rows.map((r) => ({
        workspaceId: r.workspace_id,
        at: now,
        type: reason === 'signed_out' ? 'signout' : 'session.ended',
        actor,
        targetAccountId: r.account_id,
        sessionId: r.id,
        detail: { reason },
      })),
    );
    return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, accountId: r.account_id, loginId: r.login_id, role: r.role, reason }));
  };

  // Writes a prepared sign-in with its audit row, and ends the account's oldest sessions past the
  // workspace's limit; returns what it ended.
  const startIn = async (trx: Executor, { input, row, flags }: PreparedStart): Promise<EndedSession[]> => {
    const { workspace, login, account, ip } = input;
    const actor: Actor = { accountId: account.id, label: label(account.name, login.email), ip };
    await sessions.insert(row, trx);
    await audit.record(trx, [
      {
        workspaceId: workspace.id,
        at: row.created_at,
        type: 'signin',
        actor,
        targetAccountId: account.id,
        targetLabel: actor.label,
        sessionId: row.id,
        detail: {
          role: account.role,
          method: row.auth_method,
          browser: row.browser,
          os: row.os,
          country: row.country,
          city: row.city,
          flags,
          ...(row.restriction ? { restriction: row.restriction } : {}),
        },
      },
    ]);
    if (workspace.session_limit === null) return [];
    const active = await sessions.activeForAccount(account.id, trx);
    const excess = active.filter((s) => s.id !== row.id).slice(0, Math.max(0, active.length - workspace.session_limit));
    return excess.length > 0 ? endIn(trx, { workspaceId: workspace.id, sessionIds: excess.map((s) => s.id) }, 'session_limit', SYSTEM) : [];
  };

  const startedOf = ({ input, row }: PreparedStart): StartedSession => ({
    id: row.id,
    workspaceId: input.workspace.id,
    accountId: input.account.id,
    loginId: input.login.id,
    role: input.account.role,
  });

  // After commit: every node hears of the sessions, so open tabs of the ended ones sign out.
  const announce = async (ended: readonly EndedSession[], started: readonly StartedSession[]) => {
    if (started.length > 0) await bus.publishStarted(started);
    if (ended.length > 0) await bus.publishEnded(ended);
  };

  const checks: CheckCounts = { cached: 0, read: 0 };
  const service: SessionService = {
    checks,
    authenticate: createSessionCheck({
      db,
      sessions,
      clock,
      counts: checks,
      endExpired: async (row, reason) => void (await service.end({ workspaceId: row.workspace_id, sessionIds: [row.id] }, reason, SYSTEM)),
    }),

    async prepareStart(input) {
      const { workspace, login, account, ip, userAgent } = input;
      const now = clock.now();
      const device = describeDevice(userAgent);
      const location = await locate(ip);
      const seen = await sessions.seenBefore(login.id, device, location.country);
      const flags: string[] = [];
      if (seen.anySession && !seen.device) flags.push('new_device');
      if (seen.anySession && location.country && !seen.country) flags.push('new_location');
      const token = newToken();
      const row: SessionRow = {
        id: newId('ses'),
        token_hash: hashToken(token),
        workspace_id: workspace.id,
        account_id: account.id,
        login_id: login.id,
        role: account.role,
        created_at: now,
        last_seen_at: now,
        ip,
        user_agent: userAgent.slice(0, 512),
        browser: device.browser,
        os: device.os,
        device_type: device.deviceType,
        country: location.country,
        city: location.city,
        flags: JSON.stringify(flags),
        ended_at: null,
        end_reason: null,
        ended_by: null,
        auth_method: input.method ?? 'password',
        restriction: input.restriction ?? null,
        proven_at: input.provenAt ?? now,
      };
      return { input, token, row, flags };
    },

    async start(input) {
      const prepared = await service.prepareStart(input);
      // A new session and its audit row change no answer the session check has cached (a token
      // nobody had is not cached as unknown: misses are never kept), so a sign-in leaves the
      // cache standing on SQLite instead of sending every signed-in person back to the database;
      // unless it ends sessions past the workspace's limit, whose cached rows must go.
      const ended = await db.transactionKeepingStamp(async (trx, stamp) => {
        const excess = await startIn(trx, prepared);
        if (excess.length > 0) stamp.move();
        return excess;
      });
      await announce(ended, [startedOf(prepared)]);
      return { token: prepared.token, sessionId: prepared.row.id, flags: prepared.flags };
    },

    end: (filter, reason, actor) => service.change((change) => change.end(filter, reason, actor)),

    async change(fn) {
      const ended: EndedSession[] = [];
      const started: StartedSession[] = [];
      const value = await db.kysely.transaction().execute((trx) =>
        fn({
          trx,
          end: async (filter, reason, actor) => {
            const done = await endIn(trx, filter, reason, actor);
            ended.push(...done);
            return done;
          },
          start: async (prepared) => {
            ended.push(...(await startIn(trx, prepared)));
            started.push(startedOf(prepared));
            return { token: prepared.token, sessionId: prepared.row.id, flags: prepared.flags };
          },
        }),
      );
      await announce(ended, started);
      return value;
    },

    // On SQLite a batch holds the event loop while it writes: on one core under load
    // (bench/writes.mjs, 1,000,000 expired sessions) batches of 200 took 25-50 ms of wall time
    // hundreds of times per sweep, batches of 50 a few times. PostgreSQL's batches are
    // asynchronous, and fewer round trips finish the sweep sooner.
    async sweep({ batchSize = db.dialect === 'sqlite' ? 50 : 200 } = {}) {
      let total = 0;
      const workspaces = await db.kysely.selectFrom('workspaces').select(['id', 'agent_idle_minutes', 'absolute_lifetime_minutes']).execute();
      for (const ws of workspaces) {
        for (const kind of ['lifetime', 'idle_agent', 'idle_admin'] as const) {
          const window = kind === 'lifetime' ? ws.absolute_lifetime_minutes : kind === 'idle_agent' ? ws.agent_idle_minutes : ADMIN_IDLE_MINUTES;
          const reason = kind === 'lifetime' ? 'lifetime_expired' : 'idle_timeout';
          for (;;) {
            // The settings read above only pick candidates: the end itself keeps just the sessions
            // still expired by the settings as they are when it writes (a timeout lengthened
            // meanwhile leaves its sessions alone, and a batch that ends none stops the pass).
            const now = clock.now();
            const ids = await sessions.findExpired(ws.id, kind, now - window * MINUTE, batchSize);
            if (ids.length === 0) break;
            // Every check already refuses these sessions from their own timestamps, so these
            // writes leave the session-check cache standing (db.transactionKeepingStamp): a
            // sweep of a million sessions no longer sends every request back to the database.
            const filter = { workspaceId: ws.id, sessionIds: ids, expiredAt: { now, kind } };
            const ended = await db.transactionKeepingStamp((trx) => endIn(trx, filter, reason, SYSTEM));
            await announce(ended, []);
            total += ended.length;
            // Give waiting requests their turn between batches, and the log its checkpoint.
            await new Promise((resolve) => setImmediate(resolve));
            await db.drained();
            if (ids.length < batchSize || ended.length === 0) break;
          }
        }
      }
      return total;
    },

    listOwn: (ctx, page) =>
      sessions.pageForLogin({ workspaceId: ctx.workspace.id, loginId: ctx.session.loginId, since: clock.now() - 7 * DAY, current: ctx.session.id, ...page }),

    async endOwn(ctx, actor, sessionId) {
      // Scoped to this login: another login's session id reads as not found.
      const reason = sessionId === ctx.session.id ? 'signed_out' : 'ended_by_user';
      const ended = await service.end({ workspaceId: ctx.workspace.id, loginId: ctx.session.loginId, sessionIds: [sessionId] }, reason, actor);
      if (ended.length === 0) {
        const session = await sessions.sessionById(ctx.workspace.id, sessionId);
        if (session?.login_id !== ctx.session.loginId) throw new ApiError('not_found', 'No such session.');
      }
      return ended.length;
    },

    async endOthers(ctx, actor) {
      const filter = { workspaceId: ctx.workspace.id, loginId: ctx.session.loginId, exceptSessionId: ctx.session.id };
      return (await service.end(filter, 'ended_by_user', actor)).length;
    },

    async endById(ctx, actor, sessionId) {
      const session = await sessions.sessionById(ctx.workspace.id, sessionId);
      if (!session) throw new ApiError('not_found', 'No such session.');
      let reason: EndReason;
      if (session.login_id === ctx.session.loginId) {
        reason = session.id === ctx.session.id ? 'signed_out' : 'ended_by_user';
      } else {
        assertMayActOn(ctx, session, [grantFor(session.role), 'settings.security']);
        reason = 'ended_by_admin';
      }
      return (await service.end({ workspaceId: ctx.workspace.id, sessionIds: [session.id] }, reason, actor)).length;
    },

    async detail(ctx, sessionId) {
      const row = await sessions.detailById(ctx.workspace.id, sessionId);
      if (!row) throw new ApiError('not_found', 'No such session.');
      let refusal: SessionDetail['refusal'] = null;
      if (row.login_id !== ctx.session.loginId) {
        const via = [grantFor(row.role), 'settings.security'] as const;
        // Without any of the grants it is refused exactly as ending it is.
        if (refusalOver(ctx, row, via) === 'forbidden') assertMayActOn(ctx, row, via);
        refusal = refusalOver(ctx, row, via) === 'primary_admin_protected' ? 'primary_admin_protected' : null;
      }
      // What was done in the session (settings changed, accounts edited) is the audit log's to show.
      const history = await audit.forSession(ctx.workspace.id, row.id, holds(ctx, 'audit') ? null : LIFECYCLE_EVENTS, HISTORY_LIMIT);
      const active = row.ended_at === null;
      const idle = row.role === 'admin' ? ADMIN_IDLE_MINUTES : ctx.workspace.agentIdleMinutes;
      return {
        row,
        idleExpiresAt: active ? row.last_seen_at + idle * MINUTE : null,
        expiresAt: active ? row.created_at + ctx.workspace.absoluteLifetimeMinutes * MINUTE : null,
        refusal: active ? refusal : null,
        history,
      };
    },

    countActive: () => sessions.countActive(),
    liftRestriction: (executor, sessionId, method) => sessions.liftRestriction(executor, sessionId, method),
    provenAt: (sessionId) => sessions.provenAt(sessionId),

    // The proof time is not part of what the session check reads or caches: the dangerous-act
    // check reads it from the database each time (src/auth/reauthentication.ts), so this write
    // keeps the stamp and no node's cache is emptied for it.
    prove: (sessionId, fn) =>
      db.transactionKeepingStamp(async (trx) => {
        if (!(await sessions.prove(trx, sessionId, clock.now()))) return false;
        await fn(trx);
        return true;
      }),
  };
  return service;
}
