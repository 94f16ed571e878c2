// This tab's live connection (web/src/live.ts) as React state: whether it is connected, and
// refreshes when the server says sessions or presence changed.
import { createContext, useContext, useEffect, useEffectEvent, useState, useSyncExternalStore, type ReactNode } from 'react';
import { connectLive, type EndedEvent, type LiveClient } from './live';

interface LiveValue {
  client: LiveClient | null;
  /** The socket is open and the server has said "ready": this tab counts as online. */
  connected: boolean;
}

const LiveContext = createContext<LiveValue>({ client: null, connected: false });

export const useLive = (): LiveValue => useContext(LiveContext);

const OFFLINE: LiveValue = { client: null, connected: false };

/**
 * A session's connection as an external store for `useSyncExternalStore`: subscribing opens it,
 * unsubscribing closes it. Making the store opens nothing, so a render may make one.
 */
function liveStore(sessionId: string) {
  let value = OFFLINE;
  return {
    sessionId,
    snapshot: () => value,
    subscribe(notify: () => void): () => void {
      let client: LiveClient;
      try {
        client = connectLive();
      } catch {
        return () => {}; // no WebSocket here: the periodic GET /api/me still notices an ended session
      }
      const show = (connected: boolean) => {
        if (value.client === client && value.connected === connected) return;
        value = { client, connected };
        notify();
      };
      show(false);
      const offReady = client.onReady(() => show(true));
      // The client has no "disconnected" event; its flag is cheap to read.
      const timer = window.setInterval(() => show(client.connected), 1000);
      return () => {
        offReady();
        window.clearInterval(timer);
        client.stop();
        value = OFFLINE;
      };
    },
  };
}

/** One connection per signed-in session; a new session (after a switch) gets a new one. */
export function LiveConnection({ sessionId, onEnded, children }: { sessionId: string; onEnded(event: EndedEvent): void; children: ReactNode }) {
  // A new store for each session: its subscription closes the old connection and opens a new one.
  const [store, setStore] = useState(() => liveStore(sessionId));
  if (store.sessionId !== sessionId) setStore(liveStore(sessionId));
  const value = useSyncExternalStore(store.subscribe, store.snapshot);
  const ended = useEffectEvent((event: EndedEvent) => onEnded(event));
  const { client } = value;
  useEffect(() => client?.onEnded((event) => ended(event)), [client]);

  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Calls `refresh` when sessions or presence change, and after a reconnect (events are not replayed). */
export function useLiveRefresh(refresh: () => unknown): void {
  const { client } = useLive();
  const refreshNow = useEffectEvent(() => void refresh());
  useEffect(() => {
    if (!client) return;
    // A bulk end sends many events at once: one reload for the burst.
    let pending: number | undefined;
    const kick = () => {
      pending ??= window.setTimeout(() => {
        pending = undefined;
        refreshNow();
      }, 200);
    };
    const offs = [client.onSessionsChanged(kick), client.onPresence(kick), client.onReady(kick)];
    return () => {
      offs.forEach((off) => off());
      window.clearTimeout(pending);
    };
  }, [client]);
}

/** How often a screen should poll: only while no live connection keeps it current. */
export function usePollEvery(ms: number): number | undefined {
  return useLive().connected ? undefined : ms;
}
