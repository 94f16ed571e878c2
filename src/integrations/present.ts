import { iso } from '../lib/clock.js';
import type { ListedKey } from './store.js';
import type { ListedToken } from './token-store.js';

/** A service key as the API shows it: never its secret or hash, only the first characters. */
export function presentKey(row: ListedKey) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    status: row.revoked_at === null ? ('active' as const) : ('revoked' as const),
    createdAt: iso(row.created_at),
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name } : null,
    lastUsedAt: iso(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by ? { id: row.revoked_by, name: row.revoked_by_name } : null,
  };
}

const accountRef = { type: ['object', 'null'], required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } } } as const;

/** JSON schema of a presented key. */
export const keySchema = {
  title: 'ServiceKey',
  type: 'object',
  required: ['id', 'name', 'prefix', 'status', 'createdAt', 'createdBy', 'lastUsedAt', 'lastUsedIp', 'revokedAt', 'revokedBy'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The first characters of the secret, to tell keys apart.' },
    status: { type: 'string', enum: ['active', 'revoked'] },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: accountRef,
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    lastUsedIp: { type: ['string', 'null'], description: 'The address the key was last used from (the calling service).' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedBy: accountRef,
  },
} as const;

/** A personal access token as the API shows it: never its secret or hash. */
export function presentToken(row: ListedToken, now: number) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    status: row.revoked_at !== null ? ('revoked' as const) : now >= row.expires_at ? ('expired' as const) : ('active' as const),
    account: { id: row.account_id, name: row.account_name, email: row.email, role: row.role },
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    lastUsedAt: iso(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by ? { id: row.revoked_by, name: row.revoked_by_name } : null,
    // Stored as text, written only by the token service with one of the schema's reasons.
    revokeReason: row.revoke_reason as (typeof tokenSchema.properties.revokeReason.enum)[number],
  };
}

/** JSON schema of a presented token. */
export const tokenSchema = {
  title: 'AccessToken',
  type: 'object',
  required: ['id', 'name', 'prefix', 'scope', 'status', 'account', 'createdAt', 'expiresAt', 'lastUsedAt', 'lastUsedIp', 'revokedAt', 'revokedBy', 'revokeReason'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The first characters of the secret, to tell tokens apart.' },
    scope: { type: 'string', enum: ['read', 'full'] },
    status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
    account: {
      type: 'object',
      required: ['id', 'name', 'email', 'role'],
      description: 'The account the token acts as.',
      properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', enum: ['agent', 'admin'] } },
    },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    lastUsedIp: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedBy: accountRef,
    revokeReason: { type: ['string', 'null'], enum: ['revoked', 'account_disabled', 'password_changed', null] },
  },
} as const;
