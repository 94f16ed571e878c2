import type { AccountRow, SessionRow } from '../../src/db/schema.js';

/** What a seeded session has unless a test says otherwise: an active password session from a desktop, place unknown, no flags. */
type Usual = 'device_type' | 'country' | 'city' | 'flags' | 'ended_at' | 'end_reason' | 'ended_by' | 'auth_method' | 'restriction';

/**
 * A session row of `account`, for a test that writes sessions straight to the database (a
 * sign-in each would spend seconds on argon2, or the test is of the store itself). `fields` names
 * the rest, and may change the usual values.
 */
export function sessionRow(
  account: Pick<AccountRow, 'id' | 'workspace_id' | 'login_id' | 'role'>,
  fields: Omit<SessionRow, Usual | 'workspace_id' | 'account_id' | 'login_id' | 'role'> & Partial<Pick<SessionRow, Usual>>,
): SessionRow {
  return {
    workspace_id: account.workspace_id,
    account_id: account.id,
    login_id: account.login_id,
    role: account.role,
    device_type: 'desktop',
    country: null,
    city: null,
    flags: '[]',
    ended_at: null,
    end_reason: null,
    ended_by: null,
    auth_method: 'password',
    restriction: null,
    ...fields,
  };
}
