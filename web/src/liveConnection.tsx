// This tab's live connection (web/src/live.ts) as React state: whether it is connected, and
// refreshes when the server says sessions or presence changed.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { connectLive, type EndedEvent, type LiveClient } from './live';

interface LiveValue {
  client: LiveClient | null;
  /** The socket is open and the server has said "ready": this tab counts as online. */
  connected: boolean;
}

const LiveContext = createContext<LiveValue>({ client: null, connected: false });

export const useLive = (): LiveValue => useContext(LiveContext);

/** One connection per signed-in session; a new session (after a switch) gets a new one. */
export function LiveConnection({ sessionId, onEnded, children }: { sessionId: string; onEnded(event: EndedEvent): void; children: ReactNode }) {
  const [value, setValue] = useState<LiveValue>({ client: null, connected: false });
  const onEndedRef = useRef(onEnded);
  onEndedRef.current = onEnded;

  useEffect(() => {
    let client: LiveClient;
    try {
      client = connectLive();
    } catch {
      return; // no WebSocket here: the periodic GET /api/me still notices an ended session
    }
    setValue({ client, connected: false });
    const offReady = client.onReady(() => setValue({ client, connected: true }));
    const offEnded = client.onEnded((event) => onEndedRef.current(event));
    // The client has no "disconnected" event; its flag is cheap to read.
    const timer = window.setInterval(() => setValue((v) => (v.connected === client.connected ? v : { client, connected: client.connected })), 1000);
    return () => {
      offReady();
      offEnded();
      window.clearInterval(timer);
      client.stop();
      setValue({ client: null, connected: false });
    };
  }, [sessionId]);

  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Calls `refresh` when sessions or presence change, and after a reconnect (events are not replayed). */
export function useLiveRefresh(refresh: () => unknown): void {
  const { client } = useLive();
  const ref = useRef(refresh);
  ref.current = refresh;
  useEffect(() => {
    if (!client) return;
    // A bulk end sends many events at once: one reload for the burst.
    let pending: number | undefined;
    const kick = () => {
      pending ??= window.setTimeout(() => {
        pending = undefined;
        void ref.current();
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
