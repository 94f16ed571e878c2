import type { Db } from '../db/index.js';
import type { Executor } from '../sessions/store.js';
import { chunk } from '../sessions/store.js';
import type { Actor } from '../sessions/types.js';

/** Kinds of audit event. */
export const AUDIT_TYPES = [
  'signin',
  'signin.failed',
  'signin.refused',
  'signout',
  'session.ended',
  'account.switched',
  'password.changed',
  'account.created',
  'account.updated',
  'settings.updated',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditInput {
  workspaceId: string;
  at: number;
  type: AuditType;
  actor: Actor | null;
  targetAccountId?: string | null;
  targetLabel?: string | null;
  sessionId?: string | null;
  /** Defaults to the actor's IP. */
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Appends audit events that go with no other change (a failed or refused sign-in). No session
 * check reads the audit log, so on SQLite they leave the check's cache standing: a flood of
 * wrong passwords does not send every other request back to the database.
 */
export function recordAuditAlone(db: Db, events: readonly AuditInput[]): Promise<void> {
  return db.transactionKeepingStamp((trx) => recordAudit(trx, events));
}

/** Appends audit events, inside the caller's transaction when it passes one. */
export async function recordAudit(executor: Executor, events: readonly AuditInput[]): Promise<void> {
  // 1,000 rows of 10 columns a statement: under both drivers' parameter limits (SQLite 32,766,
  // PostgreSQL 65,535), and a bulk end of 2,000 sessions costs two round trips, not seven.
  for (const part of chunk(events, 1000)) {
    await executor
      .insertInto('audit_events')
      .values(
        part.map((e) => ({
          workspace_id: e.workspaceId,
          at: e.at,
          type: e.type,
          actor_account_id: e.actor?.accountId ?? null,
          actor_label: e.actor?.label ?? null,
          target_account_id: e.targetAccountId ?? null,
          target_label: e.targetLabel ?? null,
          session_id: e.sessionId ?? null,
          ip: e.ip !== undefined ? e.ip : (e.actor?.ip ?? null),
          detail: JSON.stringify(e.detail ?? {}),
        })),
      )
      .execute();
  }
}
