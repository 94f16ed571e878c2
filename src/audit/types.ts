import type { Actor } from '../access/actor.js';
import type { Executor } from '../db/types.js';

/** Kinds of audit event. */
export const AUDIT_TYPES = [
  'signin',
  'signin.failed',
  'signin.refused',
  /** A login's back-off began: browsers without its device cookie are slowed down (once per lockout period). */
  'signin.locked',
  'signout',
  'session.ended',
  'account.switched',
  'password.changed',
  'account.created',
  'account.updated',
  'settings.updated',
  'key.created',
  'key.revoked',
  'token.created',
  'token.revoked',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.secret_rotated',
  'webhook.redelivered',
  /** Two-factor sign-in (issue 16): a factor set up, removed by its owner, reset by an administrator; a recovery code spent; a passkey used to sign in. */
  'second_factor.enrolled',
  'second_factor.removed',
  'second_factor.reset',
  'second_factor.recovery_code_used',
  'second_factor.passkey_used',
  /** A session's login proved itself again for dangerous acts (POST /api/auth/reauthenticate); wrong answers are `signin.failed`. */
  'reauthenticated',
  /** Working hours (issue 16): the workspace's or agents' hours changed; one agent's shift extended for today. */
  'working_hours.updated',
  'shift.extended',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditInput {
  workspaceId: string;
  at: number;
  type: AuditType;
  actor: Actor | null;
  targetAccountId?: string | null;
  /**
   * "Name <email>" of the target, kept so the row reads well after the account is gone. Left
   * out, it is looked up from `targetAccountId` in the same transaction; null, none is kept.
   */
  targetLabel?: string | null;
  sessionId?: string | null;
  /** Defaults to the actor's IP. */
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  workspaceId: string;
  types?: readonly string[] | undefined;
  /** Case-insensitive substring of the actor's or target's label, or the IP. */
  q?: string | undefined;
  /** Inclusive lower bound, milliseconds. */
  from?: number | undefined;
  /** Exclusive upper bound, milliseconds. */
  to?: number | undefined;
}

/** An event as `record` wrote it, for the listeners that write alongside it (the webhooks' outbox). */
export interface RecordedAuditEvent {
  workspaceId: string;
  at: number;
  type: AuditType;
  actor: { id: string | null; label: string | null } | null;
  target: { id: string | null; label: string | null } | null;
  sessionId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

/** Writes alongside audit events, inside the transaction of the change they record. */
export type AuditListener = (trx: Executor, events: readonly RecordedAuditEvent[]) => Promise<void>;
