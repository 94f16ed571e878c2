import pg from 'pg';

export interface ListenerOptions {
  url: string;
  channel: string;
  /** Shown in pg_stat_activity; cut to PostgreSQL's 63 bytes. */
  applicationName: string;
  /** The first retry waits about this long; each failure doubles it, up to 5 s, with jitter. */
  retryBaseMs: number;
  onNotification(payload: string): void;
  /** LISTEN took effect: the first time (`reconnected` false) and after every reconnect. */
  onListening?(reconnected: boolean): void;
  /** The connection dropped: whatever is sent from now until `onListening` is never heard. */
  onLost?(err: unknown): void;
  /** A reconnect attempt failed; another is scheduled. */
  onRetryFailed?(err: unknown): void;
}

export interface Listener {
  /** The listening connection, or null while there is none. It may also send statements. */
  readonly client: pg.Client | null;
  /** Settles with the first attempt: rejects if it failed (the listener keeps retrying until closed). */
  readonly first: Promise<void>;
  close(): Promise<void>;
}

/**
 * A dedicated LISTEN connection that reconnects with back-off when it drops. Not through the
 * pool: a pooled connection cannot hold a LISTEN, and what it hears must not wait behind the
 * pool's queries. Used by the cross-node session bus (sessions/pg-bus.ts) and by the session-check
 * cache's window (pg-listen.ts).
 */
export function openListener(options: ListenerOptions): Listener {
  const { url, channel, applicationName, retryBaseMs } = options;
  let client: pg.Client | null = null;
  let closed = false;
  let everListened = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    // TCP keep-alive: a connection cut without a FIN would otherwise look alive and hear nothing.
    // A connection attempt to a host that does not answer gives up in time to try again.
    const c = new pg.Client({
      connectionString: url,
      application_name: applicationName.slice(0, 63),
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
      options.onLost?.(err);
      scheduleReconnect();
    };
    c.on('notification', (msg) => {
      if (msg.channel === channel) options.onNotification(msg.payload ?? '');
    });
    // Every 'error' has a listener for the client's whole life: an unhandled one ends the process.
    c.on('error', drop);
    c.on('end', () => drop());
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch (err) {
      dropped = true;
      c.end().catch(() => {});
      throw err;
    }
    if (dropped || closed) {
      // Lost between LISTEN and here, or closed meanwhile.
      dropped = true;
      c.end().catch(() => {});
      if (closed) return;
      throw new Error('Connection terminated while listening');
    }
    client = c;
    attempt = 0;
    const reconnected = everListened;
    everListened = true;
    options.onListening?.(reconnected);
  };

  const scheduleReconnect = () => {
    if (closed || retry) return;
    const delay = Math.min(5000, retryBaseMs * 2 ** attempt++) * (0.5 + Math.random() / 2);
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((err: unknown) => {
        options.onRetryFailed?.(err);
        scheduleReconnect();
      });
    }, delay);
    retry.unref();
  };

  const first = connect();
  first.catch(() => scheduleReconnect());

  return {
    get client() {
      return client;
    },
    first,
    close: async () => {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
