import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Times are milliseconds since the epoch (UTC) in both
 * backends; booleans are 0/1 integers; lists are JSON text. That keeps SQLite and PostgreSQL
 * rows identical, so one store serves both.
 */
export interface Schema {
  workspaces: WorkspaceRow;
  logins: LoginRow;
  accounts: AccountRow;
  sessions: SessionRow;
  audit_events: AuditEventRow;
  live_connections: LiveConnectionRow;
  service_keys: ServiceKeyRow;
  access_tokens: AccessTokenRow;
  login_guard: LoginGuardRow;
  gatehouse_secrets: SecretRow;
  webhook_endpoints: WebhookEndpointRow;
  webhook_deliveries: WebhookDeliveryRow;
  second_factors: SecondFactorRow;
  recovery_codes: RecoveryCodeRow;
  second_factor_challenges: SecondFactorChallengeRow;
  passkeys: PasskeyRow;
  passkey_challenges: PasskeyChallengeRow;
  working_hours: WorkingHoursRow;
  agent_schedules: AgentScheduleRow;
  shift_exceptions: ShiftExceptionRow;
  shift_extensions: ShiftExtensionRow;
  shift_warnings: ShiftWarningRow;
}

export interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  created_at: number;
  /** Idle timeout of agent sessions; administrators are fixed at 72 h. */
  agent_idle_minutes: number;
  /** Absolute lifetime of every session, counted from sign-in. */
  absolute_lifetime_minutes: number;
  /** Most active sessions an account may hold; null = no limit. */
  session_limit: number | null;
  /** JSON array of CIDRs; empty = every network allowed. */
  ip_allowlist: string;
  /** Who must sign in with a second factor (migration 0012). */
  second_factor_required: SecondFactorRequirement;
  /** Days from when a role became required until its members without a factor are held to enrolment. */
  second_factor_grace_days: number;
  /** When administrators, and agents, became required to have a second factor; null while they are not. */
  second_factor_admins_since: number | null;
  second_factor_agents_since: number | null;
}

export type SecondFactorRequirement = 'none' | 'admins' | 'agents' | 'everyone';

export interface LoginRow {
  id: string;
  workspace_id: string;
  /** Lower-cased. */
  email: string;
  password_hash: string;
  created_at: number;
  password_changed_at: number;
}

export type Role = 'agent' | 'admin';

export interface AccountRow {
  id: string;
  workspace_id: string;
  login_id: string;
  role: Role;
  name: string;
  is_primary: number;
  disabled: number;
  /** JSON array of grant names (sub-administrators only). */
  grants: string;
  created_at: number;
}

export interface SessionRow {
  /** Public id, shown and used in URLs; never the token. */
  id: string;
  /** SHA-256 (hex) of the cookie's secret. The secret itself is never stored. */
  token_hash: string;
  workspace_id: string;
  account_id: string;
  login_id: string;
  role: Role;
  created_at: number;
  last_seen_at: number;
  ip: string;
  user_agent: string;
  browser: string;
  os: string;
  device_type: string;
  country: string | null;
  city: string | null;
  /** JSON array: new_device, new_location. */
  flags: string;
  ended_at: number | null;
  end_reason: string | null;
  /** Account that ended it; null when the system did (timeouts, sweep). */
  ended_by: string | null;
  /** How it was authenticated (migration 0012). */
  auth_method: AuthMethod;
  /** `second_factor_enrolment`: it reaches nothing but enrolment until the login enrols; null: a full session. */
  restriction: SessionRestriction | null;
  /**
   * When the login last proved itself in this session: the sign-in, or a re-authentication
   * (migration 0014). Optional: a row written without it counts from `created_at`.
   */
  proven_at?: number | null;
}

/**
 * How a session can be authenticated: the one list. The API's schemas, the Active sessions
 * filter and its menu take their values from it, so a new method is added here (and given its
 * words in AUTH_METHOD_LABELS, src/sessions/types.ts) and nowhere else.
 */
export const AUTH_METHODS = ['password', 'password+totp', 'password+passkey', 'recovery_code'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
export type SessionRestriction = 'second_factor_enrolment';

export interface AuditEventRow {
  id: Generated<number>;
  workspace_id: string;
  at: number;
  type: string;
  actor_account_id: string | null;
  actor_label: string | null;
  target_account_id: string | null;
  target_label: string | null;
  session_id: string | null;
  ip: string | null;
  /** JSON object with what else matters for this event. */
  detail: string;
}

/** A console tab's live connection to one node (see migration 0003_live). */
export interface LiveConnectionRow {
  id: string;
  node_id: string;
  workspace_id: string;
  account_id: string;
  session_id: string;
  opened_at: number;
  /** Last moment the tab was known to be connected; it counts online until this + the grace period. */
  seen_at: number;
  closed_at: number | null;
}

/** A service key of a workspace (migration 0007_integrations). */
export interface ServiceKeyRow {
  id: string;
  workspace_id: string;
  name: string;
  /** SHA-256 (hex) of the whole secret; the secret itself is shown once and never stored. */
  secret_hash: string;
  prefix: string;
  created_at: number;
  created_by: string | null;
  last_used_at: number | null;
  last_used_ip: string | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

/** A personal access token (migration 0009_tokens). */
export interface AccessTokenRow {
  id: string;
  workspace_id: string;
  login_id: string;
  /** The account it acts as: its grants bound what the token may do. */
  account_id: string;
  name: string;
  scope: 'read' | 'full';
  /** SHA-256 (hex) of the whole secret. */
  token_hash: string;
  prefix: string;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  last_used_ip: string | null;
  revoked_at: number | null;
  revoked_by: string | null;
  /** `revoked` (by a person), `account_disabled`, `password_changed`. */
  revoke_reason: string | null;
}

/** Failed sign-ins counted against one key (a login, an address, a device cookie), shared by every node. */
interface LoginGuardRow {
  /** `login:<workspace slug>\n<email>`, `ip:<address>`, `device:<nonce>` or `password:<login id>`. */
  key: string;
  failures: number;
  last_failure_at: number;
  /** When the counter is forgotten: a failure after it starts again at 1; the sweep deletes it. */
  expires_at: number;
}

/** The server's own keys, made by a migration so every node holds the same. */
interface SecretRow {
  name: string;
  /** base64url. */
  value: string;
}

/** A webhook endpoint of a workspace (migration 0010_webhooks). */
export interface WebhookEndpointRow {
  id: string;
  workspace_id: string;
  url: string;
  description: string;
  /** JSON list of the event types it receives. */
  events: string;
  enabled: number;
  /** `whsec_…`, kept as it is: signing needs it. Shown once, never returned after. */
  secret: string;
  /** The secret before the last rotation, which still signs until `previous_secret_expires_at`. */
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  created_at: number;
  created_by: string | null;
  updated_at: number;
}

/** One event's delivery to one endpoint: the outbox row and its outcome (migration 0010_webhooks). */
export interface WebhookDeliveryRow {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  /** `msg_…`, sent as `webhook-id`. */
  message_id: string;
  type: string;
  /** The JSON body, exactly as it is signed and sent. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  /** Set while a dispatcher holds the delivery: no other claims it until then. */
  locked_until: number | null;
  last_attempt_at: number | null;
  response_code: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** A login's authenticator-app factor (migration 0012). */
export interface SecondFactorRow {
  login_id: string;
  workspace_id: string;
  kind: 'totp';
  /** The TOTP secret sealed with AES-256-GCM (src/lib/sealed.ts); null after a reset. */
  secret: string | null;
  created_at: number;
  /** Null while enrolment waits for its first code. */
  confirmed_at: number | null;
  /** The last 30-second step a code was accepted for: a code of that step or an earlier one is refused. */
  last_used_step: number | null;
  /** Set by an administrator's reset: the login must enrol again at its next sign-in. */
  reset_at: number | null;
}

/** One single-use recovery code of a login: only its SHA-256 is kept. */
interface RecoveryCodeRow {
  login_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** The step between a right password and a right code: bound to one login, account and workspace, used once. */
export interface SecondFactorChallengeRow {
  /** SHA-256 of the challenge's secret. */
  token_hash: string;
  workspace_id: string;
  login_id: string;
  account_id: string;
  created_at: number;
  expires_at: number;
  /** Wrong codes given for it; at the limit it is used up. */
  attempts: number;
  used_at: number | null;
}

/** A login's passkey or security key, a WebAuthn credential (migration 0013). */
export interface PasskeyRow {
  /** The credential id, base64url, as the authenticator made it. */
  id: string;
  login_id: string;
  workspace_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The authenticator's sign counter at its last use: a later use must report more (0 for authenticators that keep none). */
  counter: number;
  /** JSON list of the transports the browser reported (usb, nfc, ble, internal, hybrid…). */
  transports: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

export type PasskeyPurpose = 'enrol' | 'sign_in' | 'reauth';

/** A WebAuthn challenge handed to a browser: for one purpose and one login, short-lived, used once. */
export interface PasskeyChallengeRow {
  /** The random challenge, base64url, as the browser signs it. */
  challenge: string;
  login_id: string;
  purpose: PasskeyPurpose;
  /** For `sign_in`: the hash of the password-step challenge it belongs to; null otherwise. */
  sign_in_hash: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A workspace's time zone and default weekly schedule of agents (JSON, null = none). */
interface WorkingHoursRow {
  workspace_id: string;
  time_zone: string;
  schedule: string | null;
}

/** An agent's own weekly schedule (JSON), instead of the workspace's default. */
interface AgentScheduleRow {
  account_id: string;
  workspace_id: string;
  schedule: string;
}

/** One date's hours of one agent instead of its weekday's (JSON list; empty = a day off). */
export interface ShiftExceptionRow {
  account_id: string;
  workspace_id: string;
  date: string;
  hours: string;
}

/** An administrator's "extend today": the agent works from `from_at` until `until_at`. */
export interface ShiftExtensionRow {
  account_id: string;
  workspace_id: string;
  from_at: number;
  until_at: number;
}

/** The ten-minute warning of one shift end of one agent, sent once. */
interface ShiftWarningRow {
  account_id: string;
  ends_at: number;
  workspace_id: string;
  sent_at: number;
}
