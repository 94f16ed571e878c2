import type { CacheWindow } from './cache-window.js';
import { openListener } from './pg-listener.js';
import { CACHE_CHANNEL } from './pg-writes.js';

export interface CacheListenerOptions {
  url: string;
  nodeId: string;
  window: CacheWindow;
  /** A heartbeat is sent every half of it. */
  windowMs: number;
  /** A change that touched only these sessions' rows was heard. */
  onSessions(ids: readonly string[]): void;
}

/**
 * Keeps a node's cache window (cache-window.ts) fed: a dedicated LISTEN connection on the cache
 * channel (pg-listener.ts), which reconnects with back-off when it drops, and a heartbeat this connection sends
 * itself every `windowMs / 2` (a session hears its own notifications, after its commit, in commit
 * order like any other). Not through the pool: a heartbeat queued behind a busy pool's reads
 * would come back late and shut the window, sending more reads to the pool. While the listener
 * is down, or its heartbeats come back late, the window is shut and every check reads the
 * database.
 */
export function listenForCacheChanges({ url, nodeId, window, windowMs, onSessions }: CacheListenerOptions): { close(): Promise<void> } {
  const beatPrefix = `h:${nodeId}:`;
  const listener = openListener({
    url,
    channel: CACHE_CHANNEL,
    applicationName: `gatehouse-listen-cache-${nodeId}`,
    retryBaseMs: 50,
    onNotification: (payload) => {
      if (payload.startsWith('h:')) {
        // Other nodes' heartbeats say nothing about this node's listener.
        if (payload.startsWith(beatPrefix)) window.heard(Number(payload.slice(beatPrefix.length)));
      } else if (payload.startsWith('s:') && payload.indexOf(':', 2) > 0) {
        // `s:<node>:<id>,<id>…`: only these sessions' rows changed (node names hold no colon).
        onSessions(payload.slice(payload.indexOf(':', 2) + 1).split(','));
      } else {
        window.invalidate();
      }
    },
    // Changes committed before LISTEN took effect were never heard: the window starts over.
    onListening: () => window.listening(),
    // Whatever was sent from now on until LISTEN again is never heard: trust nothing meanwhile.
    onLost: () => window.lost(),
  });
  // The first connection is made in the background: until it listens, nothing is cached.
  listener.first.catch(() => {});

  // One heartbeat at a time: one that is slow to come back is waited for, and the window shuts
  // meanwhile. The statement's answer may arrive before or after the notification; only the
  // notification counts. synchronous_commit off: its commit needs no flush to disk, and its place in the
  // commit order, which is all the window relies on, is the same.
  let beating = false;
  const beat = () => {
    const client = listener.client;
    if (beating || client === null) return;
    beating = true;
    const seq = window.sending();
    client
      .query(`select set_config('synchronous_commit', 'off', true), pg_notify('${CACHE_CHANNEL}', $1)`, [`${beatPrefix}${seq}`])
      .catch(() => {})
      .finally(() => (beating = false));
  };
  const timer = setInterval(beat, Math.max(1, Math.floor(windowMs / 2)));
  timer.unref();

  return {
    close: async () => {
      clearInterval(timer);
      window.lost();
      await listener.close();
    },
  };
}
