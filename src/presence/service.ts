import type { Role } from '../db/schema.js';
import type { Clock } from '../lib/clock.js';
import type { PresenceStore } from './store.js';

/**
 * What the team lists ask about presence. Presence comes from console tabs' live
 * connections, not from sessions: an account can hold a valid session and be offline.
 */
export interface PresenceReader {
  /** The accounts (of those given) that are online now; the rest are offline. */
  onlineAmong(workspaceId: string, accountIds: readonly string[]): Promise<Set<string>>;
  /** The active sessions (of those given) that have had no connected tab for the idle window. */
  idleAmong(sessionIds: readonly string[]): Promise<Set<string>>;
  /** When each of these accounts was last seen (a tab's last contact, or a session's last activity); absent if never. */
  lastSeenAmong(workspaceId: string, accountIds: readonly string[]): Promise<Map<string, number>>;
}

/** Presence for routing and for the operators' gauges, besides what the team lists ask. */
export interface PresenceService extends PresenceReader {
  /** Who is online now in a workspace, among accounts of these roles, by name. */
  online(workspaceId: string, roles: ReadonlySet<Role>): Promise<{ accountId: string; name: string; role: Role; since: number }[]>;
  /** How many accounts are online now, over every workspace. */
  countOnline(): Promise<number>;
}

/** The order of the online list, and of its pages: by name, then by id for namesakes. */
export function byName(a: { name: string; accountId: string }, b: { name: string; accountId: string }): number {
  return a.name.localeCompare(b.name) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
}

/** Presence read from the live-connection rows every node writes, so any node answers the same. */
export function createPresenceService(store: PresenceStore, clock: Clock, { graceMs, idleMs }: { graceMs: number; idleMs: number }): PresenceService {
  return {
    onlineAmong: async (workspaceId, accountIds) => {
      const rows = await store.online([workspaceId], clock.now() - graceMs, accountIds);
      return new Set(rows.map((r) => r.accountId));
    },
    idleAmong: async (sessionIds) => new Set(await store.idleAmong(sessionIds, clock.now() - idleMs)),
    lastSeenAmong: (workspaceId, accountIds) => store.lastSeen(workspaceId, accountIds),
    online: async (workspaceId, roles) => {
      const rows = await store.online([workspaceId], clock.now() - graceMs);
      return rows.filter((r) => roles.has(r.role)).sort(byName);
    },
    countOnline: () => store.countOnline(clock.now() - graceMs),
  };
}
