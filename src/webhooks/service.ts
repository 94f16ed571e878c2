import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { requireAnyGrant } from '../access/permissions.js';
import type { AuditLog } from '../audit/service.js';
import type { RecordedAuditEvent } from '../audit/types.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';
import { ApiError } from '../errors.js';
import { DAY, iso, type Clock } from '../lib/clock.js';
import { cutPage, decodeCursor, encodeCursor } from '../lib/cursor.js';
import { newId } from '../lib/ids.js';
import { parseList } from '../lib/json.js';
import { resolveTarget } from './address.js';
import { createDispatcher, type DispatcherOptions } from './dispatcher.js';
import type { ListedEndpoint, WebhookStore } from './store.js';
import { TEST_EVENT, webhookOf, type WebhookEvent } from './types.js';

/** How long a rotated-out secret still signs, beside the new one: receivers get a day to switch. */
const PREVIOUS_SECRET_MS = DAY;

export interface WebhookDeps {
  db: Db;
  store: WebhookStore;
  audit: AuditLog;
  clock: Clock;
  /** WEBHOOKS_ALLOW_LOOPBACK: endpoints on loopback and private networks, over http too. */
  allowPrivate: boolean;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface EndpointInput {
  url: string;
  events: WebhookEvent[];
  description?: string | undefined;
  enabled?: boolean | undefined;
}

/** A signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Webhooks (Settings › Integrations): endpoints an administrator registers, the outbox written
 * beside the audit rows of the changes they announce, and the dispatcher that sends it.
 */
export function createWebhookService({ db, store, audit, clock, allowPrivate, log }: WebhookDeps) {
  async function checkedUrl(raw: string): Promise<string> {
    const target = await resolveTarget(raw.trim(), allowPrivate);
    if (!target.ok) throw new ApiError('invalid_request', target.message, { field: 'url', rule: target.rule });
    return target.url.toString();
  }

  async function findEndpoint(ctx: SessionContext, id: string, executor?: Executor): Promise<ListedEndpoint> {
    const row = await store.endpointById(ctx.workspace.id, id, executor);
    if (!row) throw new ApiError('not_found', 'No such webhook.');
    return row;
  }

  const record = (
    trx: Executor,
    ctx: SessionContext,
    actor: Actor,
    type: 'webhook.created' | 'webhook.updated' | 'webhook.deleted' | 'webhook.secret_rotated' | 'webhook.redelivered',
    detail: Record<string, unknown>,
  ) => audit.record(trx, [{ workspaceId: ctx.workspace.id, at: clock.now(), type, actor, sessionId: ctx.session.id, detail }]);

  const deliveryRow = (workspaceId: string, endpointId: string, messageId: string, type: string, payload: string, now: number): WebhookDeliveryRow => ({
    id: newId('dlv'),
    workspace_id: workspaceId,
    endpoint_id: endpointId,
    message_id: messageId,
    type,
    payload,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    locked_until: null,
    last_attempt_at: null,
    response_code: null,
    last_error: null,
    created_at: now,
    delivered_at: null,
  });

  return {
    /**
     * The audit log's listener (registered in src/services.ts): writes a delivery for every
     * enabled endpoint of the workspace that subscribes to what these events amount to, in the
     * transaction that records them. A change that rolls back leaves no delivery; one that
     * commits leaves them for the dispatcher, whatever happens to this process next.
     */
    async enqueue(trx: Executor, events: readonly RecordedAuditEvent[]): Promise<void> {
      const byWorkspace = new Map<string, { event: RecordedAuditEvent; type: WebhookEvent; data: Record<string, unknown> }[]>();
      for (const event of events) {
        const hook = webhookOf(event);
        if (!hook) continue;
        byWorkspace.set(event.workspaceId, [...(byWorkspace.get(event.workspaceId) ?? []), { event, ...hook }]);
      }
      const now = clock.now();
      for (const [workspaceId, hooks] of byWorkspace) {
        const endpoints = (await store.enabledEndpoints(trx, workspaceId)).map((e) => ({ id: e.id, events: new Set(parseList(e.events)) }));
        if (endpoints.length === 0) continue;
        const rows: WebhookDeliveryRow[] = [];
        for (const { event, type, data } of hooks) {
          const targets = endpoints.filter((e) => e.events.has(type));
          if (targets.length === 0) continue;
          // One message per event: every endpoint (and every retry and re-send) gets the same webhook-id.
          const messageId = newId('msg');
          const payload = JSON.stringify({ type, timestamp: iso(event.at), data: { workspaceId, ...data } });
          for (const endpoint of targets) rows.push(deliveryRow(workspaceId, endpoint.id, messageId, type, payload, now));
        }
        if (rows.length > 0) await store.insertDeliveries(trx, rows);
      }
    },

    async list(ctx: SessionContext): Promise<ListedEndpoint[]> {
      requireAnyGrant(ctx, ['integrations']);
      return store.listEndpoints(ctx.workspace.id);
    },

    async get(ctx: SessionContext, id: string): Promise<ListedEndpoint> {
      requireAnyGrant(ctx, ['integrations']);
      return findEndpoint(ctx, id);
    },

    /** Registers an endpoint; its signing secret is returned here and on rotation, never again. */
    async create(ctx: SessionContext, actor: Actor, input: EndpointInput): Promise<{ endpoint: ListedEndpoint; secret: string }> {
      requireAnyGrant(ctx, ['integrations']);
      const url = await checkedUrl(input.url);
      const now = clock.now();
      const secret = newSigningSecret();
      const row: WebhookEndpointRow = {
        id: newId('whk'),
        workspace_id: ctx.workspace.id,
        url,
        description: input.description?.trim() ?? '',
        events: JSON.stringify([...new Set(input.events)]),
        enabled: input.enabled === false ? 0 : 1,
        secret,
        previous_secret: null,
        previous_secret_expires_at: null,
        created_at: now,
        created_by: ctx.account.id,
        updated_at: now,
      };
      const endpoint = await db.kysely.transaction().execute(async (trx) => {
        await store.insertEndpoint(trx, row);
        await record(trx, ctx, actor, 'webhook.created', { webhook: row.id, url, events: parseList(row.events), enabled: row.enabled === 1 });
        return findEndpoint(ctx, row.id, trx);
      });
      return { endpoint, secret };
    },

    async update(ctx: SessionContext, actor: Actor, id: string, input: Partial<EndpointInput>): Promise<ListedEndpoint> {
      requireAnyGrant(ctx, ['integrations']);
      const before = await findEndpoint(ctx, id);
      const set: Partial<WebhookEndpointRow> = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (input.url !== undefined) {
        const url = await checkedUrl(input.url);
        if (url !== before.url) {
          set.url = url;
          changes.url = { from: before.url, to: url };
        }
      }
      if (input.events !== undefined) {
        const events = JSON.stringify([...new Set(input.events)]);
        if (events !== before.events) {
          set.events = events;
          changes.events = { from: parseList(before.events), to: parseList(events) };
        }
      }
      if (input.description !== undefined && input.description.trim() !== before.description) {
        set.description = input.description.trim();
        changes.description = { from: before.description, to: set.description };
      }
      if (input.enabled !== undefined && (input.enabled ? 1 : 0) !== before.enabled) {
        set.enabled = input.enabled ? 1 : 0;
        changes.enabled = { from: before.enabled === 1, to: input.enabled };
      }
      if (Object.keys(set).length === 0) return before;
      return db.kysely.transaction().execute(async (trx) => {
        if (!(await store.updateEndpoint(trx, ctx.workspace.id, id, { ...set, updated_at: clock.now() }))) throw new ApiError('not_found', 'No such webhook.');
        await record(trx, ctx, actor, 'webhook.updated', { webhook: id, changes });
        return findEndpoint(ctx, id, trx);
      });
    },

    /** Deletes an endpoint with its deliveries: what was still pending is never sent. */
    async remove(ctx: SessionContext, actor: Actor, id: string): Promise<number> {
      requireAnyGrant(ctx, ['integrations']);
      const before = await findEndpoint(ctx, id);
      await db.kysely.transaction().execute(async (trx) => {
        if (!(await store.deleteEndpoint(trx, ctx.workspace.id, id))) throw new ApiError('not_found', 'No such webhook.');
        await record(trx, ctx, actor, 'webhook.deleted', { webhook: id, url: before.url });
      });
      return 1;
    },

    /**
     * A new signing secret, returned once. The old one keeps signing beside it for a day (both
     * signatures in `webhook-signature`), so a receiver can switch without missing a message.
     */
    async rotateSecret(ctx: SessionContext, actor: Actor, id: string): Promise<{ endpoint: ListedEndpoint; secret: string }> {
      requireAnyGrant(ctx, ['integrations']);
      const now = clock.now();
      const secret = newSigningSecret();
      const endpoint = await db.kysely.transaction().execute(async (trx) => {
        const before = await findEndpoint(ctx, id, trx);
        await store.updateEndpoint(trx, ctx.workspace.id, id, {
          secret,
          previous_secret: before.secret,
          previous_secret_expires_at: now + PREVIOUS_SECRET_MS,
          updated_at: now,
        });
        await record(trx, ctx, actor, 'webhook.secret_rotated', { webhook: id, previousValidUntil: iso(now + PREVIOUS_SECRET_MS) });
        return findEndpoint(ctx, id, trx);
      });
      return { endpoint, secret };
    },

    /** An endpoint's deliveries, newest first, a page at a time. */
    async deliveries(ctx: SessionContext, id: string, page: { cursor?: string | undefined; limit: number }) {
      requireAnyGrant(ctx, ['integrations']);
      await findEndpoint(ctx, id);
      const after = decodeCursor(page.cursor, ['number', 'string'] as const);
      const rows = await store.listDeliveries(ctx.workspace.id, id, after, page.limit + 1);
      const { page: deliveries, nextCursor } = cutPage(rows, page.limit, (last) => encodeCursor([last.created_at, last.id]));
      return { deliveries, nextCursor };
    },

    /** Sends one delivery's message again, now, as a new delivery (same `webhook-id`, so a receiver can tell). */
    async resend(ctx: SessionContext, actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryRow> {
      requireAnyGrant(ctx, ['integrations']);
      await findEndpoint(ctx, id);
      const original = await store.deliveryById(ctx.workspace.id, id, deliveryId);
      if (!original) throw new ApiError('not_found', 'No such delivery.');
      const row = deliveryRow(ctx.workspace.id, id, original.message_id, original.type, original.payload, clock.now());
      await db.kysely.transaction().execute(async (trx) => {
        await store.insertDeliveries(trx, [row]);
        await record(trx, ctx, actor, 'webhook.redelivered', { webhook: id, delivery: row.id, of: original.id, messageId: row.message_id, type: row.type });
      });
      return row;
    },

    /** Queues a `webhook.test` message to one endpoint, whatever it subscribes to. */
    async sendTest(ctx: SessionContext, id: string): Promise<WebhookDeliveryRow> {
      requireAnyGrant(ctx, ['integrations']);
      await findEndpoint(ctx, id);
      const now = clock.now();
      const payload = JSON.stringify({ type: TEST_EVENT, timestamp: iso(now), data: { workspaceId: ctx.workspace.id, webhookId: id } });
      const row = deliveryRow(ctx.workspace.id, id, newId('msg'), TEST_EVENT, payload, now);
      await store.insertDeliveries(db.kysely, [row]);
      return row;
    },

    /** Starts this node's dispatcher (src/server.ts); `stop` waits for the attempts under way. */
    startDispatcher(options: DispatcherOptions = {}) {
      return createDispatcher({ ...options, store, clock: options.clock ?? clock, allowPrivate, log });
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
