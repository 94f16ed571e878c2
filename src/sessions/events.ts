import type { EndedSession, StartedSession } from './types.js';

export type EndedListener = (sessions: readonly EndedSession[]) => void;
export type StartedListener = (sessions: readonly StartedSession[]) => void;

/** A message for every open tab of one account, on any node (the ten-minute warning before a shift ends). */
export interface AccountNotice {
  workspaceId: string;
  accountId: string;
  message: { type: string } & Record<string, unknown>;
}
export type NoticeListener = (notices: readonly AccountNotice[]) => void;

/**
 * Carries "these sessions ended" to whoever holds their open tabs. The in-process bus serves
 * one node; with PostgreSQL, `openPgBus` (pg-bus.ts) also crosses nodes with LISTEN/NOTIFY.
 */
export interface SessionBus {
  /** Announces ended sessions; resolves once every node has been told. */
  publishEnded(sessions: readonly EndedSession[]): Promise<void>;
  /** Listens for ended sessions, from this node or any other; returns the unsubscribe. */
  onEnded(listener: EndedListener): () => void;
  /** Announces sign-ins, so administrators' open team lists refresh; never fails the sign-in. */
  publishStarted(sessions: readonly StartedSession[]): Promise<void>;
  /** Listens for sign-ins on any node; returns the unsubscribe. */
  onStarted(listener: StartedListener): () => void;
  /** Sends messages to accounts' open tabs on every node. */
  publishNotice(notices: readonly AccountNotice[]): Promise<void>;
  /** Listens for account notices from any node; returns the unsubscribe. */
  onNotice(listener: NoticeListener): () => void;
  /** Called when messages may have been missed (a dropped listener came back): holders re-check. */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

/** The listeners of one process, shared by both buses. */
export class Fanout {
  private readonly ended = new Set<EndedListener>();
  private readonly started = new Set<StartedListener>();
  private readonly resync = new Set<() => void>();
  private readonly notices = new Set<NoticeListener>();

  deliverEnded(sessions: readonly EndedSession[]): void {
    for (const listener of this.ended) listener(sessions);
  }
  deliverStarted(sessions: readonly StartedSession[]): void {
    for (const listener of this.started) listener(sessions);
  }
  deliverNotice(notices: readonly AccountNotice[]): void {
    for (const listener of this.notices) listener(notices);
  }
  onNotice(listener: NoticeListener): () => void {
    this.notices.add(listener);
    return () => this.notices.delete(listener);
  }
  deliverResync(): void {
    for (const listener of this.resync) listener();
  }
  onEnded(listener: EndedListener): () => void {
    this.ended.add(listener);
    return () => this.ended.delete(listener);
  }
  onStarted(listener: StartedListener): () => void {
    this.started.add(listener);
    return () => this.started.delete(listener);
  }
  onResync(listener: () => void): () => void {
    this.resync.add(listener);
    return () => this.resync.delete(listener);
  }
  clear(): void {
    this.ended.clear();
    this.started.clear();
    this.resync.clear();
    this.notices.clear();
  }
}

export function createLocalBus(): SessionBus {
  const fanout = new Fanout();
  return {
    publishEnded: async (sessions) => {
      if (sessions.length > 0) fanout.deliverEnded(sessions);
    },
    onEnded: (listener) => fanout.onEnded(listener),
    publishStarted: async (sessions) => {
      if (sessions.length > 0) fanout.deliverStarted(sessions);
    },
    onStarted: (listener) => fanout.onStarted(listener),
    publishNotice: async (notices) => {
      if (notices.length > 0) fanout.deliverNotice(notices);
    },
    onNotice: (listener) => fanout.onNotice(listener),
    onResync: (listener) => fanout.onResync(listener),
    close: async () => fanout.clear(),
  };
}
