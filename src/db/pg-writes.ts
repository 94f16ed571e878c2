import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type OperationNode, type QueryResult, type TransactionSettings } from 'kysely';

/** The channel of the session-check caches of every node on one database (see cache-window.ts). */
export const CACHE_CHANNEL = 'gatehouse_cache';

/**
 * Tables no cached answer reads (the session check reads sessions, accounts, logins and
 * workspaces; the token and key checks access_tokens and service_keys as well). Writes to these
 * leave every cache standing; a write to any other table, one added later included, empties them.
 */
const UNCACHED_TABLES = new Set([
  'audit_events',
  'live_connections',
  'login_guard',
  'webhook_endpoints',
  'webhook_deliveries',
  'gatehouse_health',
  'gatehouse_secrets',
  'gatehouse_migrations',
  'gatehouse_migrations_lock',
]);

const WRITE_KINDS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/** The name of a table node (possibly aliased), or '?' when the node is something else. */
function tableName(node: unknown): string {
  const n = node as { kind?: string; node?: unknown; table?: { identifier?: { name?: string } } } | undefined;
  if (n?.kind === 'AliasNode') return tableName(n.node);
  if (n?.kind === 'TableNode') return n.table?.identifier?.name ?? '?';
  return '?';
}

/** Whether a statement may change what a cached check answers: a write to a table one reads. */
function movesCaches(query: CompiledQuery): boolean {
  const node = query.query as OperationNode & { with?: { expressions: { expression: OperationNode }[] } };
  if (node.kind === 'RawNode') {
    // Raw statements (sql`…`, Db.run) are judged by their text: data changes count, a select
    // that may hide one too; the rest (vacuum, analyze, schema changes, settings) change no row.
    const text = query.sql;
    if (/^\s*(insert|update|delete|merge|truncate)\b/i.test(text)) return true;
    return /^\s*(select|with)\b/i.test(text) && /\b(insert|update|delete|merge)\b/i.test(text);
  }
  // A data-modifying common table expression makes any statement a write, to some table.
  if (node.with?.expressions.some((e) => WRITE_KINDS.has(e.expression.kind))) return true;
  if (!WRITE_KINDS.has(node.kind)) return false;
  const n = node as unknown as { into?: unknown; table?: unknown; from?: { froms: unknown[] } };
  const targets = node.kind === 'DeleteQueryNode' ? (n.from?.froms ?? []) : [node.kind === 'UpdateQueryNode' ? n.table : (n.into ?? n.table)];
  return targets.length === 0 || targets.some((t) => !UNCACHED_TABLES.has(tableName(t)));
}

const changedRows = (result: QueryResult<unknown>) => result.numAffectedRows === undefined || result.numAffectedRows > 0n;

/**
 * What a transaction changed of cached answers: everything (`all`), or only the sessions it
 * names. An update of the sessions table that returns the ids of the rows it changed (ending
 * sessions) touches those sessions' cached rows and nothing else; any other change is `all`.
 */
export interface CacheChange {
  all: boolean;
  sessions: Set<string>;
}

const newChange = (): CacheChange => ({ all: false, sessions: new Set() });
const isEmpty = (change: CacheChange) => !change.all && change.sessions.size === 0;

/** Past this many sessions a change is announced as `all`: one notification, not dozens. */
const MAX_NAMED_SESSIONS = 1000;
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7800;

/** The ids of the sessions rows an update changed, when it says them (RETURNING id), else null. */
function sessionIdsOf(query: CompiledQuery, result: QueryResult<unknown>): string[] | null {
  const node = query.query as unknown as {
    kind: string;
    table?: unknown;
    with?: unknown;
    returning?: { selections: { selection: { kind: string; column?: { kind: string; column?: { name?: string } } } }[] };
  };
  if (node.kind !== 'UpdateQueryNode' || node.with || tableName(node.table) !== 'sessions') return null;
  const returnsId = node.returning?.selections.some(
    ({ selection }) => selection.kind === 'ReferenceNode' && selection.column?.kind === 'ColumnNode' && selection.column.column?.name === 'id',
  );
  const rows = result.rows as { id?: unknown }[];
  if (!returnsId || BigInt(rows.length) !== result.numAffectedRows || !rows.every((r) => typeof r.id === 'string')) return null;
  return rows.map((r) => r.id as string);
}

/** Adds what one statement changed to its transaction's change. */
function note(change: CacheChange, query: CompiledQuery, result: QueryResult<unknown>): void {
  if (!changedRows(result)) return;
  const ids = change.all ? null : sessionIdsOf(query, result);
  if (ids) for (const id of ids) change.sessions.add(id);
  else change.all = true;
  if (change.sessions.size > MAX_NAMED_SESSIONS) change.all = true;
}

/** The notifications of a change: `i:<node>` for everything, or `s:<node>:<id>,<id>…` in chunks. */
function payloadsOf(change: CacheChange, nodeId: string): string[] {
  if (change.all) return [`i:${nodeId}`];
  const payloads: string[] = [];
  let current = '';
  for (const id of change.sessions) {
    if (current && current.length + id.length + 1 > MAX_PAYLOAD) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current},${id}` : `s:${nodeId}:${id}`;
  }
  if (current) payloads.push(current);
  return payloads;
}

export interface WriteHooks {
  /** What the notification carries (this node's name), for whoever reads the channel by hand. */
  nodeId: string;
  /** Called once a change that moves cached answers has committed (or may have). */
  committed(change: CacheChange): void;
  /** How long after such a commit the writing call may return, in milliseconds (0: at once). */
  settleMs: number;
}

/** A transaction kept from moving caches, and whether it took that back (`stamp.move()`). */
interface Keeping {
  claimed: boolean;
  moved: boolean;
}
const keeping = new AsyncLocalStorage<Keeping>();

/**
 * Runs `run` (which opens one Kysely transaction) so that its writes neither notify nor wait,
 * unless `move()` is called before it commits: `Db.transactionKeepingStamp` on PostgreSQL.
 */
export function keepingCaches<T>(run: (move: () => void) => Promise<T>): Promise<T> {
  const state: Keeping = { claimed: false, moved: false };
  return keeping.run(state, () => run(() => (state.moved = true)));
}

const notification = (change: CacheChange, nodeId: string) =>
  CompiledQuery.raw(`select pg_notify('${CACHE_CHANNEL}', p) from unnest($1::text[]) as p`, [payloadsOf(change, nodeId)]);

const sleepUntil = async (until: number) => {
  // setTimeout counts whole milliseconds and may round down: wait until the clock says so.
  while (performance.now() < until) await new Promise((resolve) => setTimeout(resolve, Math.ceil(until - performance.now())));
};

/** One pooled connection, with what its open transaction has done and when its caller may go on. */
class WatchedConnection implements DatabaseConnection {
  /** The open transaction: what it changed of cached answers, and whether it keeps caches. */
  tx: { change: CacheChange; keeps: Keeping | null } | null = null;
  /** When the caller that committed a change may return (performance.now), 0 when at once. */
  settleUntil = 0;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly hooks: WriteHooks,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!movesCaches(query)) return this.inner.executeQuery<R>(query);
    if (this.tx) {
      const result = await this.inner.executeQuery<R>(query);
      note(this.tx.change, query, result);
      return result;
    }
    // A write on its own gets a transaction, so that its notification commits with it.
    await this.inner.executeQuery(CompiledQuery.raw('begin'));
    let result: QueryResult<R>;
    const change = newChange();
    try {
      result = await this.inner.executeQuery<R>(query);
      note(change, query, result);
      if (!isEmpty(change)) await this.inner.executeQuery(notification(change, this.hooks.nodeId));
    } catch (err) {
      await this.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => {});
      throw err;
    }
    await this.commit(change);
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Commits; a change is counted even when the commit fails, as it may have landed. */
  async commit(change: CacheChange): Promise<void> {
    try {
      await this.inner.executeQuery(CompiledQuery.raw('commit'));
    } finally {
      if (!isEmpty(change)) {
        this.hooks.committed(change);
        this.settleUntil = this.hooks.settleMs > 0 ? performance.now() + this.hooks.settleMs : 0;
      }
    }
  }
}

/**
 * PostgreSQL's driver, with every change that moves cached answers notifying the cache channel
 * inside its own transaction (so the notification is delivered at its commit, in commit order)
 * and its caller held back `settleMs` after the commit, with the connection already back in the
 * pool. Writes to tables no cache reads, writes that changed no row, and transactions run through
 * `keepingCaches` pass as they are.
 */
class NotifyingDriver implements Driver {
  readonly #connections = new WeakMap<DatabaseConnection, WatchedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly hooks: WriteHooks,
  ) {}

  init = () => this.inner.init();

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.inner.acquireConnection();
    let watched = this.#connections.get(inner);
    if (!watched) this.#connections.set(inner, (watched = new WatchedConnection(inner, this.hooks)));
    return watched;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as WatchedConnection;
    await this.inner.beginTransaction(c.inner, settings);
    // Only the transaction keepingCaches opened keeps caches, not one opened from inside it.
    const keeps = keeping.getStore();
    c.tx = { change: newChange(), keeps: keeps && !keeps.claimed ? keeps : null };
    if (c.tx.keeps) c.tx.keeps.claimed = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as WatchedConnection;
    const tx = c.tx;
    c.tx = null;
    const change = tx !== null && (tx.keeps === null || tx.keeps.moved) ? tx.change : newChange();
    if (!isEmpty(change)) await c.inner.executeQuery(notification(change, this.hooks.nodeId));
    await c.commit(change);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as WatchedConnection;
    c.tx = null;
    await this.inner.rollbackTransaction(c.inner);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as WatchedConnection;
    const until = c.settleUntil;
    c.settleUntil = 0;
    await this.inner.releaseConnection(c.inner);
    if (until > 0) await sleepUntil(until);
  }

  destroy = () => this.inner.destroy();
}

/** PostgreSQL's dialect with the notifying driver. */
export class NotifyingPostgresDialect extends PostgresDialect {
  constructor(
    config: ConstructorParameters<typeof PostgresDialect>[0],
    private readonly hooks: WriteHooks,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new NotifyingDriver(super.createDriver(), this.hooks);
  }
}
