import { SYSTEM, type Actor } from '../access/actor.js';
import type { AuthResult, SessionContext } from '../access/context.js';
import { assertMayActOn, grantFor } from '../access/permissions.js';
import type { AuditLog } from '../audit/service.js';
import type { AuditInput } from '../audit/types.js';
import type { SessionWithEnder } from '../db/queries.js';
import type { AccountRow, LoginRow, WorkspaceRow } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { ApiError } from '../errors.js';
import { DAY, MINUTE, type Clock } from '../lib/clock.js';
import { hashToken, isTokenShaped, newId, newToken } from '../lib/ids.js';
import { parseList } from '../lib/json.js';
import { createCheckCache, type CheckEntry } from './check-cache.js';
import { describeDevice } from './device.js';
import type { SessionBus } from './events.js';
import { locate } from './geo.js';
import type { ContextRow, SessionStore } from './store.js';
import { ADMIN_IDLE_MINUTES, TOUCH_INTERVAL_MS, type EndFilter, type EndReason, type EndedSession } from './types.js';

export interface StartInput {
  workspace: WorkspaceRow;
  login: LoginRow;
  account: AccountRow;
  ip: string;
  userAgent: string;
}

export interface SessionService {
  /**
   * Checks a cookie's token: refuses unknown and ended ones, ends an expired one on the spot.
   * Every request of every app asking Gatehouse starts here, so the answer comes synchronously
   * when no database work is needed (a cached row, no write due): no promise, no microtask.
   * Callers that do not care simply await it.
   */
  authenticate(token: string): AuthResult | Promise<AuthResult>;
  /** Signs a login in to one account; returns the token for the cookie (never stored). */
  start(input: StartInput): Promise<{ token: string; sessionId: string; flags: string[] }>;
  /** Ends the active sessions a filter picks, records each in the audit log, tells every node. */
  end(filter: EndFilter, reason: EndReason, actor: Actor): Promise<EndedSession[]>;
  /** Ends expired sessions in small batches, yielding between them; returns how many it ended. */
  sweep(options?: { batchSize?: number }): Promise<number>;
  /** My account › Sessions: the login's sessions active now or ended in the last 7 days; the current one first, then active, then ended, newest first. */
  listOwn(ctx: SessionContext): Promise<SessionWithEnder[]>;
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
  /** How many sessions are active, over every workspace. */
  countActive(): Promise<number>;
}

interface Deps {
  db: Db;
  sessions: SessionStore;
  audit: AuditLog;
  bus: SessionBus;
  clock: Clock;
}

/** Why a session is no longer valid at `now`, or null while it is. */
export function expiryOf(row: Pick<ContextRow, 'role' | 'created_at' | 'last_seen_at' | 'agent_idle_minutes' | 'absolute_lifetime_minutes'>, now: number): EndReason | null {
  if (now >= row.created_at + row.absolute_lifetime_minutes * MINUTE) return 'lifetime_expired';
  const idle = row.role === 'admin' ? ADMIN_IDLE_MINUTES : row.agent_idle_minutes;
  if (now >= row.last_seen_at + idle * MINUTE) return 'idle_timeout';
  return null;
}

function toContext(row: ContextRow): SessionContext {
  return {
    session: {
      id: row.id,
      workspaceId: row.workspace_id,
      accountId: row.account_id,
      loginId: row.login_id,
      role: row.role,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      ip: row.ip,
      userAgent: row.user_agent,
    },
    account: {
      id: row.account_id,
      name: row.account_name,
      email: row.email,
      role: row.role,
      isPrimary: row.is_primary === 1,
      grants: parseList(row.grants),
    },
    workspace: {
      id: row.workspace_id,
      slug: row.workspace_slug,
      name: row.workspace_name,
      agentIdleMinutes: row.agent_idle_minutes,
      absoluteLifetimeMinutes: row.absolute_lifetime_minutes,
    },
    linked:
      row.linked_id && row.linked_role && row.linked_name !== null
        ? { id: row.linked_id, role: row.linked_role, name: row.linked_name, disabled: row.linked_disabled === 1 }
        : null,
  };
}

const NONE: AuthResult = { kind: 'none' };

export function createSessionService({ db, sessions, audit, bus, clock }: Deps): SessionService {
  const cache = createCheckCache();

  // A cache miss: read the row, and keep it only if nothing was written while it was read.
  const read = async (tokenHash: string, stamp: number | null): Promise<AuthResult> => {
    const row = await sessions.findContextByTokenHash(tokenHash);
    if (!row) return NONE;
    const entry: CheckEntry = { row, stamp: stamp ?? -1, active: null };
    if (stamp !== null && db.stamp() === stamp) cache.set(tokenHash, entry);
    return settle(tokenHash, entry);
  };

  // Judges a row: synchronous unless the session must be ended or its last activity written.
  const settle = (tokenHash: string, entry: CheckEntry): AuthResult | Promise<AuthResult> => {
    const row = entry.row;
    if (row.ended_at !== null) return { kind: 'ended', reason: row.end_reason ?? 'signed_out' };
    const now = clock.now();
    const expired = row.disabled === 1 ? 'account_disabled' : expiryOf(row, now);
    if (expired) return endExpired(tokenHash, row, expired);
    if (now - row.last_seen_at >= TOUCH_INTERVAL_MS) return touch(tokenHash, entry, now);
    return (entry.active ??= { kind: 'active', ctx: toContext(row) });
  };

  // Ends what a filter picks in one transaction with its audit rows, then tells every node.
  const endSessions = async (
    filter: EndFilter,
    reason: EndReason,
    actor: Actor,
    inTransaction: Db['transactionKeepingStamp'],
  ): Promise<EndedSession[]> => {
    const now = clock.now();
    const ended = await inTransaction(async (trx) => {
      const rows = await sessions.end(trx, filter, reason, actor.accountId, now);
      const events: AuditInput[] = rows.map((r) => ({
        workspaceId: r.workspace_id,
        at: now,
        type: reason === 'signed_out' ? 'signout' : 'session.ended',
        actor,
        targetAccountId: r.account_id,
        sessionId: r.id,
        detail: { reason },
      }));
      await audit.record(trx, events);
      return rows;
    });
    const result = ended.map((r) => ({ id: r.id, workspaceId: r.workspace_id, accountId: r.account_id, loginId: r.login_id, role: r.role, reason }));
    await bus.publishEnded(result);
    return result;
  };

  // Refused at once, and ended with its reason rather than left for the sweep.
  // The entry goes too: the sweep may have ended the session already without moving the stamp,
  // and the next check then reads it as ended instead of trying to end it again.
  const endExpired = async (tokenHash: string, row: ContextRow, reason: EndReason): Promise<AuthResult> => {
    cache.delete(tokenHash);
    await service.end({ workspaceId: row.workspace_id, sessionIds: [row.id] }, reason, SYSTEM);
    return { kind: 'ended', reason };
  };

  // At most one last-activity write per session per minute. The cached entry (when it is one)
  // follows the write; a touch that changed nothing means another request got there first, so
  // the entry is dropped rather than trusted.
  const touch = async (tokenHash: string, entry: CheckEntry, now: number): Promise<AuthResult> => {
    if (!(await sessions.touch(entry.row.id, now, TOUCH_INTERVAL_MS))) cache.delete(tokenHash);
    entry.row.last_seen_at = now;
    if (entry.active) entry.active.ctx.session.lastSeenAt = now;
    return (entry.active ??= { kind: 'active', ctx: toContext(entry.row) });
  };

  const service: SessionService = {
    authenticate(token) {
      if (!isTokenShaped(token)) return NONE;
      const tokenHash = hashToken(token);
      const stamp = db.stamp();
      const entry = stamp === null ? undefined : cache.get(tokenHash, stamp);
      return entry ? settle(tokenHash, entry) : read(tokenHash, stamp);
    },

    async start({ workspace, login, account, ip, userAgent }) {
      const now = clock.now();
      const device = describeDevice(userAgent);
      const location = await locate(ip);
      const seen = await sessions.seenBefore(login.id, device, location.country);
      const flags: string[] = [];
      if (seen.anySession && !seen.device) flags.push('new_device');
      if (seen.anySession && location.country && !seen.country) flags.push('new_location');

      const token = newToken();
      const id = newId('ses');
      const actor: Actor = { accountId: account.id, label: `${account.name} <${login.email}>`, ip };
      // A new session and its audit row change no answer the session check has cached (a token
      // nobody had is not cached as unknown: misses are never kept), so a sign-in leaves the
      // cache standing on SQLite instead of sending every signed-in person back to the database.
      await db.transactionKeepingStamp(async (trx) => {
        await sessions.insert(
          {
            id,
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
          },
          trx,
        );
        await audit.record(trx, [
          {
            workspaceId: workspace.id,
            at: now,
            type: 'signin',
            actor,
            targetAccountId: account.id,
            targetLabel: actor.label,
            sessionId: id,
            detail: { role: account.role, browser: device.browser, os: device.os, country: location.country, city: location.city, flags },
          },
        ]);
      });

      await bus.publishStarted([{ id, workspaceId: workspace.id, accountId: account.id, loginId: login.id, role: account.role }]);

      if (workspace.session_limit !== null) {
        const active = await sessions.activeForAccount(account.id);
        const excess = active.filter((s) => s.id !== id).slice(0, Math.max(0, active.length - workspace.session_limit));
        if (excess.length > 0) {
          await service.end({ workspaceId: workspace.id, sessionIds: excess.map((s) => s.id) }, 'session_limit', SYSTEM);
        }
      }
      return { token, sessionId: id, flags };
    },

    end: (filter, reason, actor) => endSessions(filter, reason, actor, (fn) => db.kysely.transaction().execute(fn)),

    // On SQLite a batch holds the event loop while it writes: on one core under load
    // (bench/writes.mjs, 1,000,000 expired sessions) batches of 200 took 25-50 ms of wall time
    // hundreds of times per sweep, batches of 50 a few times. PostgreSQL's batches are
    // asynchronous, and fewer round trips finish the sweep sooner.
    async sweep({ batchSize = db.dialect === 'sqlite' ? 50 : 200 } = {}) {
      let total = 0;
      const workspaces = await db.kysely
        .selectFrom('workspaces')
        .select(['id', 'agent_idle_minutes', 'absolute_lifetime_minutes'])
        .execute();
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
            const ended = await endSessions({ workspaceId: ws.id, sessionIds: ids, expiredAt: { now, kind } }, reason, SYSTEM, (fn) => db.transactionKeepingStamp(fn));
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

    async listOwn(ctx) {
      const rows = await sessions.listForLogin(ctx.workspace.id, ctx.session.loginId, clock.now() - 7 * DAY);
      const rank = (r: SessionWithEnder) => (r.id === ctx.session.id ? 0 : r.ended_at === null ? 1 : 2);
      return rows.sort((a, b) => rank(a) - rank(b) || b.created_at - a.created_at);
    },

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
        assertMayActOn(ctx, { role: session.role, is_primary: session.is_primary }, [grantFor(session.role), 'settings.security']);
        reason = 'ended_by_admin';
      }
      return (await service.end({ workspaceId: ctx.workspace.id, sessionIds: [session.id] }, reason, actor)).length;
    },

    countActive: () => sessions.countActive(),
  };
  return service;
}
