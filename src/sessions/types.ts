import type { AuthMethod, Role } from '../db/schema.js';

/** Why a session ended; stored on the session and in the audit log. */
export const END_REASONS = [
  'signed_out',
  'idle_timeout',
  'lifetime_expired',
  'ended_by_admin',
  'ended_by_user',
  'password_changed',
  'account_disabled',
  'ip_not_allowed',
  'session_limit',
  'switched',
  'factors_reset',
  'shift_ended',
] as const;
export type EndReason = (typeof END_REASONS)[number];

/** Idle timeout of administrator sessions: fixed by the product, not a setting. */
export const ADMIN_IDLE_MINUTES = 72 * 60;

/**
 * The longest absolute lifetime a workspace may set (Settings › Security). The session cookie
 * lives this long whatever the workspace's setting, so a lifetime raised after sign-in never
 * loses a session to its cookie: the server alone decides when a session ends.
 */
export const LONGEST_LIFETIME_MINUTES = 90 * 24 * 60;
/** Last activity is written at most this often per session, however many requests arrive. */
export const TOUCH_INTERVAL_MS = 60_000;

/** A session that an end call actually ended (it was active until then). */
export interface EndedSession {
  id: string;
  workspaceId: string;
  accountId: string;
  loginId: string;
  /** The account's role, so live events reach only administrators whose grants cover it. */
  role: Role;
  reason: EndReason;
}

/** A session that has just started (a sign-in or a switch). */
export type StartedSession = Omit<EndedSession, 'reason'>;

/** Which active sessions to end; always scoped to one workspace. */
export interface EndFilter {
  workspaceId: string;
  sessionIds?: readonly string[];
  accountIds?: readonly string[];
  loginId?: string;
  exceptSessionId?: string;
  /**
   * Only sessions already expired at this time by the workspace's settings as they stand when
   * the end is written (the sweep): a session made valid meanwhile (a last-activity write, a
   * longer timeout) is left alone.
   */
  expiredAt?: { now: number; kind: ExpiryKind };
}

/** What the sweep looks for: sessions past their lifetime, idle agents, idle administrators. */
export type ExpiryKind = 'lifetime' | 'idle_agent' | 'idle_admin';

/** What a signed-out tab tells its person, per reason. */
export const END_REASON_TEXT: Record<EndReason, string> = {
  signed_out: 'You signed out.',
  idle_timeout: 'Your session ended after a period of inactivity.',
  lifetime_expired: 'Your session reached its maximum lifetime.',
  ended_by_admin: 'An administrator ended your session.',
  ended_by_user: 'This session was closed from your account’s Sessions page.',
  password_changed: 'Your password was changed, so your other sessions were ended.',
  account_disabled: 'Your account was disabled.',
  ip_not_allowed: 'Your network is no longer allowed by the workspace’s IP rules.',
  session_limit: 'You signed in elsewhere, past the workspace’s limit of sessions per account.',
  switched: 'You switched to your linked account.',
  factors_reset: 'An administrator reset your two-factor sign-in. Sign in again and set it up anew.',
  shift_ended: 'Your shift has ended, so you were signed out. You can sign in again when your next shift starts.',
};

/** How each way of authenticating reads (the Active sessions filter's menu gets these from the API). */
export const AUTH_METHOD_LABELS: Record<AuthMethod, string> = {
  password: 'Password',
  'password+totp': 'Password and authenticator app',
  'password+passkey': 'Password and passkey',
  recovery_code: 'Password and recovery code',
};

/** What a sign-in can flag as new for its login (src/sessions/service.ts `prepareStart`). */
export const SESSION_FLAGS = ['new_device', 'new_location'] as const;

/** Device types as the User-Agent parser names them (src/sessions/device.ts); a desktop when it names none. */
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'smarttv', 'wearable', 'embedded', 'console', 'xr'] as const;
