import { sql } from 'kysely';
import pg from 'pg';
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
 * process; other nodes hear through NOTIFY on a dedicated LISTEN connection, which reconnects
 * with back-off if it drops and then asks holders to re-check (anything sent meanwhile was lost).
 */
export async function openPgBus({ url, db, nodeId, log, onLag }: PgBusOptions): Promise<SessionBus> {
  const fanout = new Fanout();
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const receive = (payload: string | undefined) => {
    let msg: Wire;
    try {
      msg = JSON.parse(payload ?? '') as Wire;
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

  const connect = async () => {
    // TCP keep-alive: a connection cut without a FIN would otherwise look alive and hear nothing.
    // A connection attempt to a host that does not answer gives up in time to try again.
    const c = new pg.Client({
      connectionString: url,
      application_name: `gatehouse-listen-${nodeId}`.slice(0, 63),
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5000,
    });
    let dropped = false;
    const drop = (err?: unknown) => {
      if (dropped) return;
      dropped = true;
      c.end().catch(() => {});
      // Lost while still connecting: connect() fails, and whoever called it retries. Scheduling
      // here too would leave a second attempt behind a failed start.
      if (client !== c) return;
      client = null;
      if (closed) return;
      log.warn({ err }, 'session notification listener lost; reconnecting');
      scheduleReconnect();
    };
    c.on('notification', (m) => receive(m.payload));
    // Every 'error' has a listener for the client's whole life: an unhandled one ends the process.
    c.on('error', drop);
    c.on('end', () => drop());
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
    } catch (err) {
      dropped = true;
      c.end().catch(() => {});
      throw err;
    }
    if (dropped || closed) {
      // Lost between LISTEN and here, or the bus closed meanwhile.
      dropped = true;
      c.end().catch(() => {});
      if (closed) return;
      throw new Error('Connection terminated while listening');
    }
    client = c;
    attempt = 0;
  };

  const scheduleReconnect = () => {
    if (closed || retry) return;
    const delay = Math.min(5000, 100 * 2 ** attempt++) * (0.5 + Math.random() / 2);
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          if (!closed) fanout.deliverResync();
        },
        (err: unknown) => {
          log.warn({ err }, 'session notification listener could not reconnect');
          scheduleReconnect();
        },
      );
    }, delay);
    retry.unref();
  };

  await connect();

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
      clearTimeout(retry);
      fanout.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
