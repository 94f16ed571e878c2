import { sql } from 'kysely';
import { openListener } from '../db/pg-listener.js';
import type { Db } from '../db/types.js';
import { Fanout, type AccountNotice, type SessionBus } from './events.js';
import { END_REASONS, type EndReason, type EndedSession, type StartedSession } from './types.js';
import type { Role } from '../db/schema.js';

/** NOTIFY channels are per database, so every Gatehouse node on one database shares this one. */
const CHANNEL = 'gatehouse_sessions';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay clear of it. */
const MAX_PAYLOAD = 7800;

interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PgBusOptions {
  /** Connection string for the dedicated LISTEN connection (the pool cannot hold one). */
  url: string;
  db: Db;
  nodeId: string;
  log: Logger;
  /** Every notification received, this node's own included: how long it took, in milliseconds. */
  onLag?: (ms: number) => void;
}

/**
 * Wire format, compact so a payload carries ~90 sessions: one message per workspace and reason,
 * `x` holding [sessionId, accountId, loginId, role] per session.
 */
interface Wire {
  n: string; // sending node
  t: number; // sent at (wall clock, ms)
  k: 'e' | 's' | 'n'; // ended | started | notice
  w: string; // workspace
  r?: EndReason;
  x: [string, string, string, Role][];
  /** A notice's account and message (k = 'n'). */
  a?: string;
  m?: AccountNotice['message'];
}

/**
 * The session bus across nodes. Listeners on this node hear of its own events at once, in
 * process; other nodes hear through NOTIFY on a dedicated LISTEN connection (db/pg-listener.ts),
 * which reconnects with back-off if it drops and then asks holders to re-check (anything sent
 * meanwhile was lost).
 */
export async function openPgBus({ url, db, nodeId, log, onLag }: PgBusOptions): Promise<SessionBus> {
  const fanout = new Fanout();
  let closed = false;

  const receive = (payload: string) => {
    let msg: Wire;
    try {
      msg = JSON.parse(payload) as Wire;
    } catch {
      log.warn({ payload }, 'unreadable session notification ignored');
      return;
    }
    onLag?.(Math.max(0, Date.now() - msg.t));
    if (msg.n === nodeId) return; // delivered in process already
    const base = (x: Wire['x'][number]) => ({ id: x[0], workspaceId: msg.w, accountId: x[1], loginId: x[2], role: x[3] });
    if (msg.k === 'e' && msg.r && (END_REASONS as readonly string[]).includes(msg.r)) {
      const reason = msg.r;
      fanout.deliverEnded(msg.x.map((x) => ({ ...base(x), reason })));
    } else if (msg.k === 's') {
      fanout.deliverStarted(msg.x.map(base));
    } else if (msg.k === 'n' && msg.a && msg.m) {
      fanout.deliverNotice([{ workspaceId: msg.w, accountId: msg.a, message: msg.m }]);
    }
  };

  const listener = openListener({
    url,
    channel: CHANNEL,
    applicationName: `gatehouse-listen-${nodeId}`,
    retryBaseMs: 100,
    onNotification: receive,
    onLost: (err) => log.warn({ err }, 'session notification listener lost; reconnecting'),
    onRetryFailed: (err) => log.warn({ err }, 'session notification listener could not reconnect'),
    // Anything sent while it was down was lost: holders re-check what they hold.
    onListening: (reconnected) => {
      if (reconnected) fanout.deliverResync();
    },
  });
  try {
    await listener.first;
  } catch (err) {
    await listener.close();
    throw err;
  }

  const notify = async (kind: 'e' | 's', sessions: readonly (StartedSession & { reason?: EndReason })[]) => {
    const payloads: string[] = [];
    const groups = new Map<string, Wire>();
    for (const s of sessions) {
      const key = `${s.workspaceId}\n${s.reason ?? ''}`;
      let wire = groups.get(key);
      const entry: Wire['x'][number] = [s.id, s.accountId, s.loginId, s.role];
      if (wire && JSON.stringify(wire).length + JSON.stringify(entry).length + 1 > MAX_PAYLOAD) {
        payloads.push(JSON.stringify(wire));
        wire = undefined;
      }
      if (!wire) {
        wire = { n: nodeId, t: 0, k: kind, w: s.workspaceId, ...(s.reason ? { r: s.reason } : {}), x: [] };
        groups.set(key, wire);
      }
      wire.x.push(entry);
    }
    payloads.push(...[...groups.values()].map((w) => JSON.stringify(w)));
    // The send time goes in last so every chunk carries it; a number of fixed width keeps the size check true.
    const now = Date.now();
    const stamped = payloads.map((p) => p.replace('"t":0', `"t":${now}`));
    // One statement, one transaction: PostgreSQL has queued every chunk for every listener when it returns.
    await sql`select pg_notify(${CHANNEL}, p) from unnest(${stamped}::text[]) as p`.execute(db.kysely);
  };

  return {
    publishEnded: async (sessions: readonly EndedSession[]) => {
      if (sessions.length === 0) return;
      fanout.deliverEnded(sessions);
      await notify('e', sessions);
    },
    onEnded: (listener) => fanout.onEnded(listener),
    publishStarted: async (sessions) => {
      if (sessions.length === 0) return;
      fanout.deliverStarted(sessions);
      // Advisory (it only refreshes team lists): a failure is logged, never fails the sign-in.
      await notify('s', sessions).catch((err: unknown) => log.error({ err }, 'sign-in notification failed'));
    },
    onStarted: (listener) => fanout.onStarted(listener),
    publishNotice: async (notices) => {
      if (notices.length === 0) return;
      fanout.deliverNotice(notices);
      // One small message per notice (they are rare: a warning per shift).
      const now = Date.now();
      const payloads = notices.map((n): Wire => ({ n: nodeId, t: now, k: 'n', w: n.workspaceId, x: [], a: n.accountId, m: n.message })).map((w) => JSON.stringify(w));
      await sql`select pg_notify(${CHANNEL}, p) from unnest(${payloads}::text[]) as p`.execute(db.kysely);
    },
    onNotice: (listener) => fanout.onNotice(listener),
    onResync: (listener) => fanout.onResync(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      fanout.clear();
      await listener.close();
    },
  };
}
