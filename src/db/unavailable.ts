/**
 * Whether an error means the database cannot serve this request right now (down, restarting,
 * unreachable, refusing writes), as opposed to a fault in the request or in our code. Such
 * requests answer 503 `database_unavailable` with Retry-After: the same call will succeed once
 * the database is back, so the client (or the load balancer) should wait and retry, and no
 * operator needs paging for a stack trace of ours.
 *
 * Kept narrow on purpose: a constraint violation, a syntax error or a bug stays a 500, logged.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return unavailable(err, 0);
}

/** Operating-system and DNS failures reaching the PostgreSQL server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs (class 08 is matched as a whole). 57P01 admin_shutdown: the server is
 * stopping (a restart, a failover); 57P02 crash_shutdown; 57P03 cannot_connect_now: it is
 * starting up or shutting down. 53300 too_many_connections: it turns new connections away for
 * now. 53100 disk_full and 25006 read_only_sql_transaction (a standby promoted or demoted during a
 * failover, still answering reads) refuse writes for now: like SQLite's full disk below, they are
 * the database's state, not a fault of the request.
 */
const PG_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53100', '25006']);

/**
 * node-postgres reports a lost or unobtainable connection with these messages and no code:
 * the socket closed under a client ("Connection terminated unexpectedly"), a client used after
 * that ("… is not queryable"), the pool's `connectionTimeoutMillis` ("timeout exceeded when
 * trying to connect", "Connection terminated due to connection timeout"), and `query_timeout`
 * ("Query read timeout"). A pool or SQLite handle already closed (a request that raced the
 * shutdown) is unavailable too: another node, or this one restarted, will serve the retry.
 */
const MESSAGES = [
  /^Connection terminated/,
  /is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^The database connection is not open$/,
];

/**
 * SQLite result codes (extended codes such as SQLITE_IOERR_WRITE or SQLITE_BUSY_SNAPSHOT start
 * with these). BUSY: another process holds the write lock past busy_timeout (the command line, a
 * backup); FULL: the disk is full; IOERR: the disk failed a read or write; READONLY: the file or
 * its directory cannot be written (permissions, a read-only mount); CANTOPEN: the file or its
 * write-ahead log cannot be opened. None is a fault of the request or of our code, and each
 * passes once the operator frees the disk or the lock: answering 500 would read as a bug and hide
 * a full disk among real ones. SQLITE_CORRUPT, SQLITE_CONSTRAINT and the like stay 500.
 */
const SQLITE_PREFIXES = ['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN'];

function unavailable(err: unknown, depth: number): boolean {
  if (depth > 3 || typeof err !== 'object' || err === null) return false;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || PG_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (SQLITE_PREFIXES.some((p) => code === p || code.startsWith(`${p}_`))) return true;
  }
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  // Node reports a refused connection to a host with several addresses as an AggregateError;
  // pg-pool wraps a connection timeout's cause.
  if (Array.isArray(errors) && errors.some((e) => unavailable(e, depth + 1))) return true;
  return cause !== undefined && unavailable(cause, depth + 1);
}
