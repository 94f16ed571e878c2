import type { Db, Executor } from '../db/types.js';
import { createAuditStore, type StoredAuditEvent } from './store.js';
import type { AuditFilter, AuditInput, AuditListener, RecordedAuditEvent } from './types.js';

/**
 * The audit log. Every change writes its rows with `record`, inside the transaction that makes
 * the change, so a change and its audit rows commit together or not at all (rule 8).
 */
export interface AuditLog {
  /** Appends events inside the caller's transaction. Target labels left out are looked up there. */
  record(trx: Executor, events: readonly AuditInput[]): Promise<void>;
  /**
   * Appends events that go with no other change (a failed or refused sign-in). No session
   * check reads the audit log, so on SQLite they leave the check's cache standing: a flood of
   * wrong passwords does not send every other request back to the database.
   */
  recordAlone(events: readonly AuditInput[]): Promise<void>;
  /**
   * Adds a listener called by `record` inside the same transaction, with the events as written
   * (target labels looked up). What it writes commits with the change or not at all (rule 8):
   * the webhooks' outbox is written this way. Registered at composition (src/services.ts), so
   * the audit log knows no capability above it.
   */
  alsoRecord(listener: AuditListener): void;
  /** Events matching the filter with an id below `beforeId` (all when null), newest first, at most `limit`. */
  page(filter: AuditFilter, beforeId: number | null, limit: number): Promise<StoredAuditEvent[]>;
  /** A session's history: the events that name it (only of these types, when given), newest first, at most `limit`. */
  forSession(workspaceId: string, sessionId: string, types: readonly string[] | null, limit: number): Promise<StoredAuditEvent[]>;
}

export function createAuditLog(db: Db): AuditLog {
  const store = createAuditStore(db);
  const listeners: AuditListener[] = [];
  const log: AuditLog = {
    async record(trx, events) {
      if (events.length === 0) return;
      const unlabelled = events.filter((e) => e.targetLabel === undefined && e.targetAccountId).map((e) => e.targetAccountId!);
      const labels = unlabelled.length > 0 ? await store.labelsOf(trx, unlabelled) : new Map<string, string>();
      const rows = events.map((e) => ({
        workspace_id: e.workspaceId,
        at: e.at,
        type: e.type,
        actor_account_id: e.actor?.accountId ?? null,
        actor_label: e.actor?.label ?? null,
        target_account_id: e.targetAccountId ?? null,
        target_label: e.targetLabel !== undefined ? e.targetLabel : e.targetAccountId ? (labels.get(e.targetAccountId) ?? null) : null,
        session_id: e.sessionId ?? null,
        ip: e.ip !== undefined ? e.ip : (e.actor?.ip ?? null),
        detail: JSON.stringify(e.detail ?? {}),
      }));
      await store.insert(trx, rows);
      if (listeners.length === 0) return;
      const recorded: RecordedAuditEvent[] = events.map((e, i) => {
        const row = rows[i]!;
        return {
          workspaceId: e.workspaceId,
          at: e.at,
          type: e.type,
          actor: row.actor_account_id || row.actor_label ? { id: row.actor_account_id, label: row.actor_label } : null,
          target: row.target_account_id || row.target_label ? { id: row.target_account_id, label: row.target_label } : null,
          sessionId: row.session_id,
          ip: row.ip,
          detail: e.detail ?? {},
        };
      });
      for (const listener of listeners) await listener(trx, recorded);
    },
    alsoRecord: (listener) => void listeners.push(listener),
    recordAlone: (events) => db.transactionKeepingStamp((trx) => log.record(trx, events)),
    page: (filter, beforeId, limit) => store.page(filter, beforeId, limit),
    forSession: (workspaceId, sessionId, types, limit) => store.forSession(workspaceId, sessionId, types, limit),
  };
  return log;
}
