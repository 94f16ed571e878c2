import { iso } from '../lib/clock.js';
import type { StoredAuditEvent } from './store.js';
import { summarizeAudit } from './summary.js';

/** An audit event as the API shows it. */
export function presentAuditEvent(row: StoredAuditEvent) {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    // A corrupt detail reads as empty rather than failing the whole page.
  }
  return {
    id: row.id,
    at: iso(row.at),
    type: row.type,
    actor: row.actor_account_id || row.actor_label ? { id: row.actor_account_id, label: row.actor_label } : null,
    target: row.target_account_id || row.target_label ? { id: row.target_account_id, label: row.target_label } : null,
    sessionId: row.session_id,
    ip: row.ip,
    detail,
    summary: summarizeAudit(row.type, detail),
  };
}

export const auditEventSchema = {
  title: 'AuditEvent',
  type: 'object',
  required: ['id', 'at', 'type', 'actor', 'target', 'sessionId', 'ip', 'detail'],
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    type: { type: 'string' },
    actor: { type: ['object', 'null'], required: ['id', 'label'], properties: { id: { type: ['string', 'null'] }, label: { type: ['string', 'null'] } } },
    target: { type: ['object', 'null'], required: ['id', 'label'], properties: { id: { type: ['string', 'null'] }, label: { type: ['string', 'null'] } } },
    sessionId: { type: ['string', 'null'] },
    ip: { type: ['string', 'null'] },
    detail: { type: 'object', additionalProperties: true },
    summary: { type: 'string', description: 'The detail in words (no JSON, no internal ids), as the console and the CSV show it.' },
  },
} as const;
