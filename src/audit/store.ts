import { sql } from 'kysely';
import { label } from '../access/actor.js';
import { chunk } from '../db/chunk.js';
import type { AuditEventRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';
import { containsPattern } from '../lib/cursor.js';
import type { AuditFilter } from './types.js';

export type StoredAuditEvent = Omit<AuditEventRow, 'id'> & { id: number };
type NewAuditRow = Omit<AuditEventRow, 'id'>;

/** The audit log's table: appended to inside other changes' transactions, read newest first. */
export interface AuditStore {
  /** Appends rows with the executor given (the caller's transaction). */
  insert(executor: Executor, rows: readonly NewAuditRow[]): Promise<void>;
  /** "Name <email>" of accounts, by id, read with the executor given. */
  labelsOf(executor: Executor, accountIds: readonly string[]): Promise<Map<string, string>>;
  /** Events matching the filter with an id below `beforeId` (all when null), newest first, at most `limit`. */
  page(filter: AuditFilter, beforeId: number | null, limit: number): Promise<StoredAuditEvent[]>;
  /** The events that name one session (of these types, when given), newest first, at most `limit`. */
  forSession(workspaceId: string, sessionId: string, types: readonly string[] | null, limit: number): Promise<StoredAuditEvent[]>;
}

export function createAuditStore(db: Db): AuditStore {
  return {
    insert: async (executor, rows) => {
      // 1,000 rows of 10 columns a statement: under both drivers' parameter limits (SQLite 32,766,
      // PostgreSQL 65,535), and a bulk end of 2,000 sessions costs two round trips, not seven.
      for (const part of chunk(rows, 1000)) await executor.insertInto('audit_events').values(part).execute();
    },

    labelsOf: async (executor, accountIds) => {
      const out = new Map<string, string>();
      for (const part of chunk([...new Set(accountIds)], 500)) {
        const rows = await executor
          .selectFrom('accounts as a')
          .innerJoin('logins as l', 'l.id', 'a.login_id')
          .select(['a.id', 'a.name', 'l.email'])
          .where('a.id', 'in', part)
          .execute();
        for (const r of rows) out.set(r.id, label(r.name, r.email));
      }
      return out;
    },

    page: async (filter, beforeId, limit) => {
      let q = db.kysely.selectFrom('audit_events').selectAll().where('workspace_id', '=', filter.workspaceId);
      if (filter.types && filter.types.length > 0) q = q.where('type', 'in', filter.types);
      if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
      if (filter.to !== undefined) q = q.where('at', '<', filter.to);
      if (beforeId !== null) q = q.where('id', '<', beforeId);
      if (filter.q) {
        const pattern = containsPattern(filter.q);
        // SQLite's lower() and like both fold ASCII letters only, so there lower(x) like p is
        // x like p, without a copy of each of the three columns of every row it reads (a search
        // through a million rows: 1.5–1.8× faster, docs/performance.md). PostgreSQL's like does
        // not fold case.
        const folded = (column: 'actor_label' | 'target_label' | 'ip') => (db.dialect === 'postgres' ? sql`lower(${sql.ref(column)})` : sql.ref(column));
        q = q.where((eb) => eb.or((['actor_label', 'target_label', 'ip'] as const).map((c) => sql<boolean>`${folded(c)} like ${pattern} escape '\\'`)));
      }
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },

    forSession: async (workspaceId, sessionId, types, limit) => {
      let q = db.kysely.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId).where('session_id', '=', sessionId);
      if (types) q = q.where('type', 'in', types);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },
  };
}
