import { iso } from '../lib/clock.js';
import type { ListedKey } from './store.js';

/** A service key as the API shows it: never its secret or hash, only the first characters. */
export function presentKey(row: ListedKey) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    status: row.revoked_at === null ? 'active' : 'revoked',
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
