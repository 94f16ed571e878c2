import type { RecordedAuditEvent } from '../audit/types.js';

/** The events an endpoint may subscribe to. */
export const WEBHOOK_EVENTS = ['session.started', 'session.ended', 'account.created', 'account.disabled', 'security.settings_changed', 'key.revoked'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The event a test delivery carries (POST …/webhooks/{id}/test); no endpoint subscribes to it. */
export const TEST_EVENT = 'webhook.test';

const who = (ref: RecordedAuditEvent['actor']) => (ref ? { id: ref.id, label: ref.label } : null);

/**
 * The webhook an audit event amounts to, if any: its type and its `data`. Every change that sends
 * a webhook already writes an audit row in its transaction, so the outbox is written beside it.
 */
export function webhookOf(e: RecordedAuditEvent): { type: WebhookEvent; data: Record<string, unknown> } | null {
  const d = e.detail;
  switch (e.type) {
    case 'signin':
      return {
        type: 'session.started',
        data: {
          sessionId: e.sessionId,
          account: who(e.target),
          role: d.role ?? null,
          ip: e.ip,
          browser: d.browser ?? null,
          os: d.os ?? null,
          country: d.country ?? null,
          city: d.city ?? null,
        },
      };
    case 'signout':
    case 'session.ended':
      return { type: 'session.ended', data: { sessionId: e.sessionId, account: who(e.target), reason: d.reason ?? null, actor: who(e.actor) } };
    case 'account.created':
      return { type: 'account.created', data: { account: who(e.target), role: d.role ?? null, actor: who(e.actor) } };
    case 'account.updated':
      return d.disabled === true ? { type: 'account.disabled', data: { account: who(e.target), actor: who(e.actor), endedSessions: d.endedSessions ?? 0 } } : null;
    case 'settings.updated':
      return d.section === 'security' ? { type: 'security.settings_changed', data: { changes: d.changes ?? {}, actor: who(e.actor) } } : null;
    case 'key.revoked':
      return { type: 'key.revoked', data: { key: { id: d.key ?? null, name: d.name ?? null }, actor: who(e.actor) } };
    default:
      return null;
  }
}
