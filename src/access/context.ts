import type { AuthMethod, Role, SessionRestriction } from '../db/schema.js';

/** Everything an authenticated request knows about itself, read in one query. */
export interface SessionContext {
  session: {
    id: string;
    workspaceId: string;
    accountId: string;
    loginId: string;
    role: Role;
    createdAt: number;
    lastSeenAt: number;
    ip: string;
    userAgent: string;
    /** How the session was authenticated: `password`, `password+totp`, `password+passkey` or `recovery_code`. */
    authMethod: AuthMethod;
    /** `second_factor_enrolment`: the session reaches nothing but enrolment (src/http/auth.ts); null: a full session. */
    restriction: SessionRestriction | null;
  };
  account: { id: string; name: string; email: string; role: Role; isPrimary: boolean; grants: string[] };
  workspace: { id: string; slug: string; name: string; agentIdleMinutes: number; absoluteLifetimeMinutes: number };
  linked: { id: string; role: Role; name: string; disabled: boolean } | null;
  /**
   * How the request proved itself: the console's session cookie, or a personal access token
   * (then `session` describes the token: its id, when it was made and last used).
   */
  credential: Credential;
}

export type Credential = { kind: 'session' } | { kind: 'token'; scope: 'read' | 'full' };

/** What checking a credential gives: nothing known, a session that has ended (and why), or an active session's context. */
export type AuthResult = { kind: 'none' } | { kind: 'ended'; reason: string } | { kind: 'active'; ctx: SessionContext };
