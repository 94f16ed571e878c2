import type { Grant } from '../access/permissions.js';
import type { AccountRow, Role, WorkspaceRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';
import { ApiError } from '../errors.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../lib/passwords.js';
import { createAccountStore, type AccountStore } from './store.js';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface NewAccount {
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

interface NewWorkspace {
  slug: string;
  name: string;
  adminName: string;
  adminEmail: string;
  adminPassword?: string;
  adminPasswordHash?: string;
  now: number;
}

/** What the service hands on from its store as it is: the lookups and the password write (documented on AccountStore). */
type PassedThrough = 'workspaceBySlug' | 'workspaceById' | 'loginByEmail' | 'loginById' | 'accountsOfLogin' | 'accountInWorkspace' | 'setPassword';

/** Workspaces, logins and accounts: what every other capability asks about who exists. */
export interface AccountService extends Pick<AccountStore, PassedThrough> {
  /**
   * Creates an account. An email that already has a login in the workspace joins it, so the two
   * accounts become linked and share one password; a login never holds two accounts of one role.
   * `within` runs inside the same transaction, for what the creation causes (its audit row),
   * told the account it joined, if any.
   */
  createAccount(input: NewAccount, within?: (trx: Executor, created: AccountRow, linkedTo: AccountRow | null) => Promise<void>): Promise<AccountRow>;
  /** Creates a workspace and its primary administrator. */
  createWorkspace(input: NewWorkspace): Promise<{ workspace: WorkspaceRow; admin: AccountRow }>;
}

export function createAccountService(db: Db): AccountService {
  const store = createAccountStore(db);

  const createAccount: AccountService['createAccount'] = async (input, within) => {
    const email = input.email.trim().toLowerCase();
    const existing = await store.loginByEmail(input.workspaceId, email);
    let loginId = existing?.id;
    const held = existing ? await store.accountsOfLogin(existing.id) : [];
    if (existing) {
      if (held.some((a) => a.role === input.role)) {
        const kind = input.role === 'admin' ? 'an administrator' : 'an agent';
        throw new ApiError('email_taken', `${email} already has ${kind} account in this workspace.`);
      }
    } else if (!input.password && !input.passwordHash) {
      throw new ApiError('invalid_request', 'A password is needed for an email that has no login in this workspace yet.', { field: 'password', rule: 'required' });
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
        await store.insertLogin(
          { id: loginId, workspace_id: input.workspaceId, email, password_hash: passwordHash, created_at: input.now, password_changed_at: input.now },
          trx,
        );
      }
      await store.insertAccount(account, trx);
      await within?.(trx, account, held[0] ?? null);
    });
    return account;
  };

  return {
    workspaceBySlug: (slug) => store.workspaceBySlug(slug),
    workspaceById: (id) => store.workspaceById(id),
    loginByEmail: (workspaceId, email) => store.loginByEmail(workspaceId, email),
    loginById: (id) => store.loginById(id),
    accountsOfLogin: (loginId) => store.accountsOfLogin(loginId),
    accountInWorkspace: (workspaceId, accountId) => store.accountInWorkspace(workspaceId, accountId),
    setPassword: (loginId, passwordHash, now, executor) => store.setPassword(loginId, passwordHash, now, executor),
    createAccount,

    async createWorkspace(input) {
      const workspace: WorkspaceRow = {
        id: newId('ws'),
        slug: input.slug,
        name: input.name,
        created_at: input.now,
        agent_idle_minutes: 72 * 60,
        absolute_lifetime_minutes: 30 * 24 * 60,
        session_limit: null,
        ip_allowlist: '[]',
        second_factor_required: 'none',
        second_factor_grace_days: 7,
        second_factor_admins_since: null,
        second_factor_agents_since: null,
      };
      await store.insertWorkspace(workspace);
      const admin = await createAccount({
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
    },
  };
}
