// The shapes of docs/API.md, as the console reads them.

export type Role = 'agent' | 'admin';
export type Grant = 'team.agents' | 'team.admins' | 'settings.security' | 'audit' | 'integrations';
export const GRANTS: { grant: Grant; label: string }[] = [
  { grant: 'team.agents', label: 'Team › Agents' },
  { grant: 'team.admins', label: 'Team › Administrators' },
  { grant: 'settings.security', label: 'Settings › Security' },
  { grant: 'audit', label: 'Audit log' },
  { grant: 'integrations', label: 'Settings › Integrations' },
];

interface Location {
  country: string | null;
  countryName: string | null;
  city: string | null;
  label: string;
}

export interface Session {
  id: string;
  accountId: string;
  role: Role;
  status: 'active' | 'ended';
  startedAt: string;
  lastActiveAt: string;
  ip: string;
  userAgent: string;
  browser: string;
  os: string;
  deviceType: string;
  location: Location;
  flags: string[];
  endedAt: string | null;
  endReason: string | null;
  endedBy: { id: string; name: string | null } | null;
  current?: boolean;
}

export interface AccountRef {
  id: string;
  role: Role;
  name: string;
  disabled: boolean;
}

export interface Account {
  id: string;
  name: string;
  email: string;
  role: Role;
  isPrimary: boolean;
  disabled: boolean;
  grants: Grant[];
  createdAt: string;
  presence: 'online' | 'offline';
  idle: boolean;
  sessionStatus: 'active' | 'none';
  activeSessions: Session[];
  linkedAccount: AccountRef | null;
}

export interface Me {
  account: { id: string; name: string; email: string; role: Role; isPrimary: boolean; grants: Grant[] };
  workspace: { id: string; slug: string; name: string };
  session: { id: string; startedAt: string; lastActiveAt: string; ip: string };
  linkedAccount: AccountRef | null;
}

export interface SignedIn {
  account: { id: string; name: string; email: string; role: Role; isPrimary: boolean };
  session: { id: string; flags: string[] };
}

export interface TeamList {
  accounts: Account[];
  nextCursor: string | null;
  counts: { all: number; active: number; none: number };
}

export interface Profile {
  account: Account;
  sessions: Session[];
  linkedAccount: Account | null;
  linkedSessions: Session[];
}

export type BulkResult =
  | { accountId: string; status: 'ended'; ended: number }
  | { accountId: string; status: 'refused'; error: { code: string; message: string } };

export interface SecuritySettings {
  agentIdleMinutes: number;
  absoluteLifetimeMinutes: number;
  sessionLimit: number | null;
  ipAllowlist: string[];
  callerIp: string;
}

export interface SecurityPatch {
  agentIdleMinutes?: number;
  absoluteLifetimeMinutes?: number;
  sessionLimit?: number | null;
  ipAllowlist?: string[];
  dryRun?: boolean;
  confirmSelfLockout?: boolean;
}

export interface SecurityPatchResult {
  /** The settings as saved; the caller's address comes only with GET. */
  settings: Omit<SecuritySettings, 'callerIp'>;
  endedSessions: number;
  wouldEnd?: number;
  wouldEndOwnSession?: boolean;
}

export interface WorkspaceSession extends Session {
  account: { id: string; name: string; email: string; role: Role };
}

export interface AuditEvent {
  id: string;
  at: string;
  type: string;
  actor: { id: string | null; label: string } | null;
  target: { id: string | null; label: string } | null;
  sessionId: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
  /** The detail in words, written by the server. */
  summary: string;
}

/** A service key of Settings › Integrations; its secret is shown once, when it is made. */
export interface ServiceKey {
  id: string;
  name: string;
  prefix: string;
  status: 'active' | 'revoked';
  createdAt: string;
  createdBy: { id: string; name: string | null } | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  revokedBy: { id: string; name: string | null } | null;
}

export type TokenScope = 'read' | 'full';

/** A personal access token (an "authorized app"); its secret is shown once, when it is made. */
export interface AccessToken {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  status: 'active' | 'expired' | 'revoked';
  account: { id: string; name: string; email: string; role: Role };
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  revokedBy: { id: string; name: string | null } | null;
  revokeReason: 'revoked' | 'account_disabled' | 'password_changed' | null;
}
