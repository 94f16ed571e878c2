import type { Db, Executor } from '../db/types.js';
import type { AccountRow, LoginRow, WorkspaceRow } from '../db/schema.js';

type AccountWithEmail = AccountRow & { email: string };

/** Workspaces, logins and accounts, for the accounts service only. */
export interface AccountStore {
  /** The workspace a slug names. */
  workspaceBySlug(slug: string): Promise<WorkspaceRow | undefined>;
  workspaceById(id: string): Promise<WorkspaceRow | undefined>;
  /** The login an email names inside a workspace (emails are kept lower-cased). */
  loginByEmail(workspaceId: string, email: string): Promise<LoginRow | undefined>;
  loginById(id: string): Promise<LoginRow | undefined>;
  /** The accounts a login holds: none, one, or an agent and an admin (linked). */
  accountsOfLogin(loginId: string): Promise<AccountRow[]>;
  /** One account of a workspace with its login's email; another workspace's id finds nothing. */
  accountInWorkspace(workspaceId: string, accountId: string): Promise<AccountWithEmail | undefined>;
  insertWorkspace(row: WorkspaceRow, executor?: Executor): Promise<void>;
  insertLogin(row: LoginRow, executor?: Executor): Promise<void>;
  insertAccount(row: AccountRow, executor?: Executor): Promise<void>;
  /** Sets a login's password hash, inside the caller's transaction when it passes one. */
  setPassword(loginId: string, passwordHash: string, now: number, executor?: Executor): Promise<void>;
}

export function createAccountStore(db: Db): AccountStore {
  const k = db.kysely;
  return {
    workspaceBySlug: (slug) => k.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst(),
    workspaceById: (id) => k.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst(),
    loginByEmail: (workspaceId, email) =>
      k.selectFrom('logins').selectAll().where('workspace_id', '=', workspaceId).where('email', '=', email.trim().toLowerCase()).executeTakeFirst(),
    loginById: (id) => k.selectFrom('logins').selectAll().where('id', '=', id).executeTakeFirst(),
    accountsOfLogin: (loginId) => k.selectFrom('accounts').selectAll().where('login_id', '=', loginId).orderBy('role').execute(),
    accountInWorkspace: (workspaceId, accountId) =>
      k
        .selectFrom('accounts as a')
        .innerJoin('logins as l', 'l.id', 'a.login_id')
        .selectAll('a')
        .select('l.email')
        .where('a.workspace_id', '=', workspaceId)
        .where('a.id', '=', accountId)
        .executeTakeFirst(),
    insertWorkspace: async (row, executor = k) => {
      await executor.insertInto('workspaces').values(row).execute();
    },
    insertLogin: async (row, executor = k) => {
      await executor
        .insertInto('logins')
        .values({ ...row, email: row.email.trim().toLowerCase() })
        .execute();
    },
    insertAccount: async (row, executor = k) => {
      await executor.insertInto('accounts').values(row).execute();
    },
    setPassword: async (loginId, passwordHash, now, executor = k) => {
      await executor.updateTable('logins').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', loginId).execute();
    },
  };
}
