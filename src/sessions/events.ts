import type { EndedSession } from './types.js';

export type EndedListener = (sessions: readonly EndedSession[]) => void;

/**
 * Carries "these sessions ended" to whoever holds their open tabs. The in-process bus serves
 * one node; a multi-node deployment swaps in one that also crosses nodes.
 */
export interface SessionBus {
  /** Announces ended sessions; resolves once every node has been told. */
  publishEnded(sessions: readonly EndedSession[]): Promise<void>;
  /** Listens for ended sessions, from this node or any other; returns the unsubscribe. */
  onEnded(listener: EndedListener): () => void;
  close(): Promise<void>;
}

export function createLocalBus(): SessionBus {
  const listeners = new Set<EndedListener>();
  return {
    publishEnded: async (sessions) => {
      if (sessions.length === 0) return;
      for (const listener of listeners) listener(sessions);
    },
    onEnded: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => listeners.clear(),
  };
}
