import type { ContextColumns } from '../db/queries.js';
import type { AuthMethod, Role, SessionRestriction } from '../db/schema.js';
import { parseList } from '../lib/json.js';

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
  workspace: {
    id: string;
    slug: string;
    name: string;
    agentIdleMinutes: number;
    absoluteLifetimeMinutes: number;
    /** The primary administrator's login: its administrator account and any agent account linked to it. */
    primaryLoginId: string | null;
  };
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

/** What only the credential knows of the `session` part: the rest comes from ContextColumns. */
type CredentialPart = Pick<SessionContext['session'], 'lastSeenAt' | 'ip' | 'userAgent' | 'authMethod' | 'restriction'>;

/** The context of a request from the row its credential check read (a session's or a token's). */
export function contextOf(row: ContextColumns, part: CredentialPart, credential: Credential): SessionContext {
  return {
    session: {
      id: row.id,
      workspaceId: row.workspace_id,
      accountId: row.account_id,
      loginId: row.login_id,
      role: row.role,
      createdAt: row.created_at,
      ...part,
    },
    account: {
      id: row.account_id,
      name: row.account_name,
      email: row.email,
      role: row.role,
      isPrimary: row.is_primary === 1,
      grants: parseList(row.grants),
    },
    workspace: {
      id: row.workspace_id,
      slug: row.workspace_slug,
      name: row.workspace_name,
      agentIdleMinutes: row.agent_idle_minutes,
      absoluteLifetimeMinutes: row.absolute_lifetime_minutes,
      primaryLoginId: row.primary_login_id,
    },
    linked:
      row.linked_id && row.linked_role && row.linked_name !== null
        ? { id: row.linked_id, role: row.linked_role, name: row.linked_name, disabled: row.linked_disabled === 1 }
        : null,
    credential,
  };
}
