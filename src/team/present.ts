import { iso } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import type { SessionWithEnder } from '../db/queries.js';
import { presentSession, sessionSchema } from '../sessions/present.js';
import type { TeamAccountRow } from './store.js';
import { GRANTS, type Grant } from '../access/permissions.js';
import { accountIdentityProperties, accountIdentityRequired, accountRefSchema } from '../accounts/schema.js';

export interface PresenceOf {
  online: ReadonlySet<string>;
  idleSessions: ReadonlySet<string>;
  /** When each account was last seen, where known. */
  lastSeen: ReadonlyMap<string, number>;
}

/** An account as the team lists and profiles show it (docs/API.md "Account"). */
export function presentAccount(row: TeamAccountRow, active: readonly SessionWithEnder[], presence: PresenceOf, primaryLoginId: string | null) {
  const online = presence.online.has(row.id);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    isPrimary: row.is_primary === 1,
    ofPrimaryAdministrator: row.login_id === primaryLoginId,
    disabled: row.disabled === 1,
    // Stored as a JSON list, written only from the validated grant names.
    grants: row.role === 'admin' && row.is_primary !== 1 ? (parseList(row.grants) as Grant[]) : [],
    createdAt: iso(row.created_at),
    presence: online ? ('online' as const) : ('offline' as const),
    // Offline while holding a session that no tab has reached for the idle window.
    idle: !online && active.some((s) => presence.idleSessions.has(s.id)),
    lastSeenAt: online || !presence.lastSeen.has(row.id) ? null : iso(presence.lastSeen.get(row.id)!),
    sessionStatus: active.length > 0 ? ('active' as const) : ('none' as const),
    activeSessions: active.map((s) => presentSession(s)),
    linkedAccount:
      row.linked_id && row.linked_role && row.linked_name !== null
        ? { id: row.linked_id, role: row.linked_role, name: row.linked_name, disabled: row.linked_disabled === 1 }
        : null,
  };
}

export type PresentedAccount = ReturnType<typeof presentAccount>;

/** JSON schema of a presented account, for response serialisation and the API description. */
export const accountSchema = {
  title: 'Account',
  type: 'object',
  required: [
    ...accountIdentityRequired,
    'ofPrimaryAdministrator',
    'disabled',
    'grants',
    'createdAt',
    'presence',
    'idle',
    'lastSeenAt',
    'sessionStatus',
    'activeSessions',
    'linkedAccount',
  ],
  properties: {
    ...accountIdentityProperties,
    ofPrimaryAdministrator: {
      type: 'boolean',
      description:
        'The primary administrator’s own account: its administrator account, or the agent account linked to it. Rule 1 protects both: a sub-administrator never ends, disables or edits them, nor ends their sessions.',
    },
    disabled: { type: 'boolean' },
    grants: { type: 'array', items: { type: 'string', enum: GRANTS } },
    createdAt: { type: 'string', format: 'date-time' },
    presence: { type: 'string', enum: ['online', 'offline'] },
    idle: { type: 'boolean' },
    lastSeenAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description:
        'Offline accounts: when it was last seen, the latest contact of any of its console tabs or else the last activity of any of its sessions. Null while online, or if it never signed in.',
    },
    sessionStatus: { type: 'string', enum: ['active', 'none'] },
    activeSessions: { type: 'array', items: sessionSchema },
    linkedAccount: { ...accountRefSchema, type: ['object', 'null'] },
  },
} as const;
