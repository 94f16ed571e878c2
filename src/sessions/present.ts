import { AUTH_METHODS, type SessionRow } from '../db/schema.js';
import { iso } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import { countryName, locationLabel } from './geo.js';

export { countriesNamed, countryName } from './geo.js';

/** A session as the API shows it (never its token or hash). */
export function presentSession(row: Omit<SessionRow, 'token_hash'> & { ended_by_name?: string | null }, currentId?: string) {
  return {
    id: row.id,
    accountId: row.account_id,
    role: row.role,
    status: row.ended_at === null ? ('active' as const) : ('ended' as const),
    startedAt: iso(row.created_at),
    lastActiveAt: iso(row.last_seen_at),
    ip: row.ip,
    userAgent: row.user_agent,
    browser: row.browser,
    os: row.os,
    deviceType: row.device_type,
    location: {
      country: row.country,
      countryName: countryName(row.country),
      city: row.city,
      label: locationLabel(row.ip, row.country, row.city),
    },
    flags: parseList(row.flags),
    authMethod: row.auth_method,
    endedAt: iso(row.ended_at),
    endReason: row.end_reason,
    endedBy: row.ended_by ? { id: row.ended_by, name: row.ended_by_name ?? null } : null,
    current: currentId !== undefined ? row.id === currentId : undefined,
  };
}

/** JSON schema of a presented session, for response serialisation and the API description. */
export const sessionSchema = {
  title: 'Session',
  type: 'object',
  // Every field is always sent, except `current` (only in /api/me/sessions).
  required: [
    'id',
    'accountId',
    'role',
    'status',
    'startedAt',
    'lastActiveAt',
    'ip',
    'userAgent',
    'browser',
    'os',
    'deviceType',
    'location',
    'flags',
    'authMethod',
    'endedAt',
    'endReason',
    'endedBy',
  ],
  properties: {
    id: { type: 'string' },
    accountId: { type: 'string' },
    role: { type: 'string', enum: ['agent', 'admin'] },
    status: { type: 'string', enum: ['active', 'ended'] },
    startedAt: { type: 'string', format: 'date-time' },
    lastActiveAt: { type: 'string', format: 'date-time' },
    ip: { type: 'string' },
    userAgent: { type: 'string' },
    browser: { type: 'string' },
    os: { type: 'string' },
    deviceType: { type: 'string' },
    location: {
      type: 'object',
      required: ['country', 'countryName', 'city', 'label'],
      properties: {
        country: { type: ['string', 'null'] },
        countryName: { type: ['string', 'null'] },
        city: { type: ['string', 'null'] },
        label: { type: 'string' },
      },
    },
    flags: { type: 'array', items: { type: 'string' } },
    authMethod: {
      type: 'string',
      enum: AUTH_METHODS,
      description:
        'How the session was authenticated: the password alone, the password and an authenticator-app code, the password and a passkey, or the password and a recovery code.',
    },
    endedAt: { type: ['string', 'null'] },
    endReason: { type: ['string', 'null'] },
    endedBy: {
      type: ['object', 'null'],
      required: ['id', 'name'],
      properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } },
    },
    current: { type: 'boolean' },
  },
} as const;
