/**
 * When a PostgreSQL node may trust what it cached: the stamp of `Db.stamp()` on PostgreSQL.
 *
 * Every change that moves a cached answer sends a notification inside its transaction, and every
 * such change's call returns only `windowMs` after its commit (`pg-writes.ts`). This node sends
 * itself a heartbeat notification every `windowMs / 2` and reads its listener: PostgreSQL delivers
 * notifications in commit order, so once the listener has heard a heartbeat this node sent at `s`,
 * it has heard every change committed before `s`. A check at `t` is served from the cache only
 * when such an `s` lies within `windowMs` before `t`: then every change whose call returned
 * before `t` committed before `s` (it returned `windowMs` after its commit), and its notification
 * has already emptied the cache. Every duration is read on one process's monotonic clock, so
 * clocks of different hosts never meet.
 */
export interface CacheWindow {
  /** The number cached rows are kept under, or null while the cache must not be trusted. */
  stamp(): number | null;
  /** A change that moves cached answers committed (this node's own, or heard from any node). */
  invalidate(): void;
  /** A heartbeat is about to be sent; returns its sequence number for `heard`. */
  sending(): number;
  /** The listener heard this node's heartbeat `seq`. */
  heard(seq: number): void;
  /** The listener is listening again (after LISTEN returned): what it missed is forgotten. */
  listening(): void;
  /** The listener dropped: nothing is trusted until it listens and hears a heartbeat again. */
  lost(): void;
}

/** `now` is a monotonic clock in milliseconds (performance.now). */
export function createCacheWindow(windowMs: number, now: () => number = () => performance.now()): CacheWindow {
  let epoch = 0;
  let up = false;
  let lastHeard = -Infinity;
  let seq = 0;
  /** Heartbeats sent and not yet heard: sequence number → when it was sent. */
  const inFlight = new Map<number, number>();
  return {
    stamp: () => (windowMs > 0 && up && now() - lastHeard < windowMs ? epoch : null),
    invalidate: () => {
      epoch++;
    },
    sending: () => {
      seq++;
      inFlight.set(seq, now());
      // A heartbeat lost (a failed send, a dropped listener) is never heard: keep the map small.
      if (inFlight.size > 64) inFlight.delete(inFlight.keys().next().value as number);
      return seq;
    },
    heard: (n) => {
      const sentAt = inFlight.get(n);
      if (sentAt === undefined || !up) return;
      // Heard in order: the ones sent before it can only be lost.
      for (const k of inFlight.keys()) {
        if (k > n) break;
        inFlight.delete(k);
      }
      if (sentAt > lastHeard) lastHeard = sentAt;
    },
    listening: () => {
      up = true;
      epoch++;
    },
    lost: () => {
      up = false;
      lastHeard = -Infinity;
      inFlight.clear();
      epoch++;
    },
  };
}
