/**
 * What the team lists ask about presence. Presence comes from console tabs' live
 * connections, not from sessions: an account can hold a valid session and be offline.
 */
export interface PresenceReader {
  /** The accounts (of those given) that are online now; the rest are offline. */
  onlineAmong(workspaceId: string, accountIds: readonly string[]): Promise<Set<string>>;
  /** The active sessions (of those given) that have had no connected tab for the idle window. */
  idleAmong(sessionIds: readonly string[]): Promise<Set<string>>;
}

/** Before any live connection exists every account reads offline and no session idle. */
export const noPresence: PresenceReader = {
  onlineAmong: async () => new Set(),
  idleAmong: async () => new Set(),
};
