import { hashPassword } from '../auth/passwords.js';
import type { Db } from '../db/index.js';
import type { AccountRow, Role, WorkspaceRow } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { newId } from '../lib/ids.js';
import type { AccountStore } from './store.js';

export const GRANTS = ['team.agents', 'team.admins', 'settings.security', 'audit'] as const;
export type Grant = (typeof GRANTS)[number];

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewAccount {
  workspaceId: string;
  role: Role;
  name: string;
  email: string;
  /** Needed only when the email has no login in the workspace yet. */
  password?: string | undefined;
  /** Pre-computed hash (bulk seeding); takes the place of `password`. */
  passwordHash?: string;
  grants?: readonly Grant[];
  isPrimary?: boolean;
  now: number;
}

/**
 * Creates an account. An email that already has a login in the workspace joins it, so the two
 * accounts become linked and share one password; a login never holds two accounts of one role.
 */
export async function createAccount(db: Db, accounts: AccountStore, input: NewAccount): Promise<AccountRow> {
  const email = input.email.trim().toLowerCase();
  const existing = await accounts.loginByEmail(input.workspaceId, email);
  let loginId = existing?.id;
  if (existing) {
    const held = await accounts.accountsOfLogin(existing.id);
    if (held.some((a) => a.role === input.role)) {
      const kind = input.role === 'admin' ? 'an administrator' : 'an agent';
      throw new ApiError('email_taken', `${email} already has ${kind} account in this workspace.`);
    }
  } else if (!input.password && !input.passwordHash) {
    throw new ApiError('invalid_request', 'A password is needed for an email that has no login in this workspace yet.');
  }
  const passwordHash = existing ? undefined : (input.passwordHash ?? (await hashPassword(input.password ?? '')));
  const account: AccountRow = {
    id: newId('acc'),
    workspace_id: input.workspaceId,
    login_id: loginId ?? newId('lgn'),
    role: input.role,
    name: input.name.trim(),
    is_primary: input.isPrimary ? 1 : 0,
    disabled: 0,
    grants: JSON.stringify(input.role === 'admin' && !input.isPrimary ? [...new Set(input.grants ?? [])] : []),
    created_at: input.now,
  };
  await db.kysely.transaction().execute(async (trx) => {
    if (!loginId && passwordHash) {
      loginId = account.login_id;
      await accounts.insertLogin(
        { id: loginId, workspace_id: input.workspaceId, email, password_hash: passwordHash, created_at: input.now, password_changed_at: input.now },
        trx,
      );
    }
    await accounts.insertAccount(account, trx);
  });
  return account;
}

export interface NewWorkspace {
  slug: string;
  name: string;
  adminName: string;
  adminEmail: string;
  adminPassword?: string;
  adminPasswordHash?: string;
  now: number;
}

/** Creates a workspace and its primary administrator. */
export async function createWorkspace(db: Db, accounts: AccountStore, input: NewWorkspace): Promise<{ workspace: WorkspaceRow; admin: AccountRow }> {
  const workspace: WorkspaceRow = {
    id: newId('ws'),
    slug: input.slug,
    name: input.name,
    created_at: input.now,
    agent_idle_minutes: 72 * 60,
    absolute_lifetime_minutes: 30 * 24 * 60,
    session_limit: null,
    ip_allowlist: '[]',
  };
  await accounts.insertWorkspace(workspace);
  const admin = await createAccount(db, accounts, {
    workspaceId: workspace.id,
    role: 'admin',
    name: input.adminName,
    email: input.adminEmail,
    password: input.adminPassword,
    ...(input.adminPasswordHash ? { passwordHash: input.adminPasswordHash } : {}),
    isPrimary: true,
    now: input.now,
  });
  return { workspace, admin };
}
