import type { WebhookDeliveryRow } from '../db/schema.js';
import { iso } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import type { ListedEndpoint } from './store.js';
import { WEBHOOK_EVENTS } from './types.js';

/** An endpoint as the API shows it: never its secrets. */
export function presentEndpoint(row: ListedEndpoint) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: parseList(row.events),
    enabled: row.enabled === 1,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    previousSecretValidUntil: row.previous_secret_expires_at !== null && row.previous_secret ? iso(row.previous_secret_expires_at) : null,
    lastDelivery: row.last_status ? { status: row.last_status, responseCode: row.last_response_code, at: iso(row.last_delivery_at) } : null,
  };
}

/** A delivery as the API shows it. */
export function presentDelivery(row: WebhookDeliveryRow) {
  return {
    id: row.id,
    messageId: row.message_id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    responseCode: row.response_code,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
    lastAttemptAt: iso(row.last_attempt_at),
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    deliveredAt: iso(row.delivered_at),
  };
}

export const endpointSchema = {
  type: 'object',
  required: ['id', 'url', 'description', 'events', 'enabled', 'createdAt', 'updatedAt', 'previousSecretValidUntil', 'lastDelivery'],
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    description: { type: 'string' },
    events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
    enabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    previousSecretValidUntil: { type: ['string', 'null'], format: 'date-time', description: 'After a rotation, until when the old secret still signs beside the new one.' },
    lastDelivery: {
      type: ['object', 'null'],
      description: 'How the latest delivery to this endpoint went (null before the first).',
      required: ['status', 'responseCode', 'at'],
      properties: {
        status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
        responseCode: { type: ['integer', 'null'] },
        at: { type: 'string', format: 'date-time' },
      },
    },
  },
} as const;

export const deliverySchema = {
  type: 'object',
  required: ['id', 'messageId', 'type', 'status', 'attempts', 'responseCode', 'lastError', 'createdAt', 'lastAttemptAt', 'nextAttemptAt', 'deliveredAt'],
  properties: {
    id: { type: 'string' },
    messageId: { type: 'string', description: 'Sent as webhook-id: the same for every attempt and re-send of one event.' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    responseCode: { type: ['integer', 'null'], description: "The HTTP status of the last attempt's answer." },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    lastAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    deliveredAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
