import { contextOf, type AuthResult, type Credential, type SessionContext } from '../access/context.js';
import type { Db } from '../db/types.js';
import { MINUTE, type Clock } from '../lib/clock.js';
import { hashToken, isTokenShaped } from '../lib/ids.js';
import { createCheckCache, type CheckEntry } from './check-cache.js';
import type { ContextRow, SessionStore } from './store.js';
import { ADMIN_IDLE_MINUTES, TOUCH_INTERVAL_MS, type EndReason } from './types.js';

/** Why a session is no longer valid at `now`, or null while it is. */
function expiryOf(row: Pick<ContextRow, 'role' | 'created_at' | 'last_seen_at' | 'agent_idle_minutes' | 'absolute_lifetime_minutes'>, now: number): EndReason | null {
  if (now >= row.created_at + row.absolute_lifetime_minutes * MINUTE) return 'lifetime_expired';
  const idle = row.role === 'admin' ? ADMIN_IDLE_MINUTES : row.agent_idle_minutes;
  if (now >= row.last_seen_at + idle * MINUTE) return 'idle_timeout';
  return null;
}

const COOKIE: Credential = { kind: 'session' };

function toContext(row: ContextRow): SessionContext {
  return contextOf(row, { lastSeenAt: row.last_seen_at, ip: row.ip, userAgent: row.user_agent, authMethod: row.auth_method, restriction: row.restriction }, COOKIE);
}

const NONE: AuthResult = { kind: 'none' };

interface CheckDeps {
  db: Db;
  sessions: SessionStore;
  clock: Clock;
  /** Ends a session found expired or disabled on the spot (with its audit row, told to every node). */
  endExpired(row: ContextRow, reason: EndReason): Promise<void>;
  /** Counted here: checks answered from the cache, and checks that read the database (metrics). */
  counts?: CheckCounts;
}

export interface CheckCounts {
  cached: number;
  read: number;
}

/**
 * The session check: refuses unknown and ended tokens, ends an expired one on the spot, and
 * writes last activity at most once a minute. Every request of every app asking Gatehouse
 * starts here, so the answer comes synchronously when no database work is needed (a cached
 * row, no write due): no promise, no microtask.
 */
export function createSessionCheck({
  db,
  sessions,
  clock,
  endExpired,
  counts = { cached: 0, read: 0 },
}: CheckDeps): (token: string, workspaceId?: string) => AuthResult | Promise<AuthResult> {
  const cache = createCheckCache();
  // Ends announced session by session (PostgreSQL) drop those entries and leave the stamp: a read
  // under way meanwhile may have read a row from before the end, so it is not kept.
  let announced = 0;
  db.onSessionsChanged((ids) => {
    announced++;
    cache.deleteSessions(ids);
  });

  // A cache miss: read the row, and keep it only if nothing was written while it was read.
  const read = async (tokenHash: string, stamp: number | null, workspaceId: string | undefined): Promise<AuthResult> => {
    const before = announced;
    const row = await sessions.findContextByTokenHash(tokenHash);
    if (!row) return NONE;
    const entry: CheckEntry = { row, stamp: stamp ?? -1, active: null };
    if (stamp !== null && db.stamp() === stamp && announced === before) cache.set(tokenHash, entry);
    return workspaceId === undefined || row.workspace_id === workspaceId ? settle(tokenHash, entry, null) : NONE;
  };

  // Judges a row: synchronous unless the session must be ended or its last activity written.
  // `cached`: the stamp a cached entry was found under, null for a row just read.
  const settle = (tokenHash: string, entry: CheckEntry, cached: number | null): AuthResult | Promise<AuthResult> => {
    const row = entry.row;
    if (row.ended_at !== null) return { kind: 'ended', reason: row.end_reason ?? 'signed_out' };
    const now = clock.now();
    const expired = row.disabled === 1 ? 'account_disabled' : expiryOf(row, now);
    if (expired && cached !== null) {
      // A session is ended only on a row just read: on PostgreSQL another node's last-activity
      // writes (which keep the stamp) do not reach this node's cached row, so its idle time may
      // only look expired here.
      cache.delete(tokenHash);
      return read(tokenHash, cached, entry.row.workspace_id);
    }
    if (expired) return end(tokenHash, row, expired);
    if (now - row.last_seen_at >= TOUCH_INTERVAL_MS) return touch(tokenHash, entry, now);
    return (entry.active ??= { kind: 'active', ctx: toContext(row) });
  };

  // Refused at once, and ended with its reason rather than left for the sweep.
  // The entry goes too: the sweep may have ended the session already without moving the stamp,
  // and the next check then reads it as ended instead of trying to end it again.
  const end = async (tokenHash: string, row: ContextRow, reason: EndReason): Promise<AuthResult> => {
    cache.delete(tokenHash);
    await endExpired(row, reason);
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

  // With `workspaceId`, a session of any other workspace reads as unknown, and is neither
  // touched nor ended: another workspace's service cannot learn of it or move it.
  return (token, workspaceId) => {
    if (!isTokenShaped(token)) return NONE;
    const tokenHash = hashToken(token);
    const stamp = db.stamp();
    const entry = stamp === null ? undefined : cache.get(tokenHash, stamp);
    if (!entry) {
      counts.read++;
      return read(tokenHash, stamp, workspaceId);
    }
    counts.cached++;
    return workspaceId === undefined || entry.row.workspace_id === workspaceId ? settle(tokenHash, entry, stamp) : NONE;
  };
}
