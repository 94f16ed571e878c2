import { sql } from 'kysely';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';

/** An endpoint with how its latest delivery went, for the lists. */
export type ListedEndpoint = WebhookEndpointRow & {
  last_status: WebhookDeliveryRow['status'] | null;
  last_response_code: number | null;
  last_delivery_at: number | null;
};

/** A due delivery claimed by one dispatcher, with what sending it needs from its endpoint. */
export type ClaimedDelivery = WebhookDeliveryRow & Pick<WebhookEndpointRow, 'url' | 'secret' | 'previous_secret' | 'previous_secret_expires_at'>;

/** What an attempt changes on its delivery. */
interface AttemptOutcome {
  status: WebhookDeliveryRow['status'];
  nextAttemptAt: number;
  at: number;
  responseCode: number | null;
  error: string | null;
}

/** Webhook endpoints and their deliveries (the outbox), for the webhooks service only. */
export interface WebhookStore {
  /** The workspace's endpoints, newest first, each with its latest delivery's status. */
  listEndpoints(workspaceId: string): Promise<ListedEndpoint[]>;
  /** One endpoint of the workspace, with its latest delivery's status. */
  endpointById(workspaceId: string, id: string, executor?: Executor): Promise<ListedEndpoint | undefined>;
  insertEndpoint(executor: Executor, row: WebhookEndpointRow): Promise<void>;
  updateEndpoint(executor: Executor, workspaceId: string, id: string, set: Partial<WebhookEndpointRow>): Promise<boolean>;
  /** Deletes an endpoint and its deliveries; false when the workspace has no such endpoint. */
  deleteEndpoint(executor: Executor, workspaceId: string, id: string): Promise<boolean>;
  /** The workspace's enabled endpoints, read inside the transaction that writes the outbox. */
  enabledEndpoints(executor: Executor, workspaceId: string): Promise<Pick<WebhookEndpointRow, 'id' | 'events'>[]>;
  insertDeliveries(executor: Executor, rows: WebhookDeliveryRow[]): Promise<void>;
  /** An endpoint's deliveries before the cursor (created, id), newest first. */
  listDeliveries(workspaceId: string, endpointId: string, after: readonly [number, string] | null, limit: number): Promise<WebhookDeliveryRow[]>;
  deliveryById(workspaceId: string, endpointId: string, id: string): Promise<WebhookDeliveryRow | undefined>;
  /**
   * Leases up to `limit` due deliveries of enabled endpoints until `lockedUntil`: no other
   * dispatcher (on PostgreSQL, no other node: `FOR UPDATE SKIP LOCKED`) claims them meanwhile.
   */
  claimDue(now: number, lockedUntil: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt, if the lease `lockedUntil` is still this dispatcher's. */
  recordAttempt(id: string, lockedUntil: number, outcome: AttemptOutcome): Promise<boolean>;
}

const BATCH = 500;

export function createWebhookStore(db: Db): WebhookStore {
  const k = db.kysely;
  const listed = (executor: Executor = k) =>
    executor
      .selectFrom('webhook_endpoints as e')
      .selectAll('e')
      .select((eb) => {
        const latest = () => eb.selectFrom('webhook_deliveries as d').whereRef('d.endpoint_id', '=', 'e.id').orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(1);
        return [
          latest().select('d.status').as('last_status'),
          latest().select('d.response_code').as('last_response_code'),
          latest()
            .select((x) => x.fn.coalesce('d.last_attempt_at', 'd.created_at').as('at'))
            .as('last_delivery_at'),
        ];
      });
  // PostgreSQL: rows another node is claiming right now are skipped, not waited for. SQLite has
  // one writer per file (one node), so the plain statement is enough.
  const lock = db.dialect === 'postgres' ? sql`for update of d skip locked` : sql``;
  return {
    listEndpoints: (workspaceId) =>
      listed().where('e.workspace_id', '=', workspaceId).orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(500).execute() as Promise<ListedEndpoint[]>,

    endpointById: (workspaceId, id, executor) =>
      listed(executor).where('e.workspace_id', '=', workspaceId).where('e.id', '=', id).executeTakeFirst() as Promise<ListedEndpoint | undefined>,

    insertEndpoint: async (executor, row) => {
      await executor.insertInto('webhook_endpoints').values(row).execute();
    },

    updateEndpoint: async (executor, workspaceId, id, set) => {
      const result = await executor.updateTable('webhook_endpoints').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    deleteEndpoint: async (executor, workspaceId, id) => {
      const result = await executor.deleteFrom('webhook_endpoints').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await executor.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
      return true;
    },

    enabledEndpoints: (executor, workspaceId) =>
      executor.selectFrom('webhook_endpoints').select(['id', 'events']).where('workspace_id', '=', workspaceId).where('enabled', '=', 1).execute(),

    insertDeliveries: async (executor, rows) => {
      for (let i = 0; i < rows.length; i += BATCH)
        await executor
          .insertInto('webhook_deliveries')
          .values(rows.slice(i, i + BATCH))
          .execute();
    },

    listDeliveries: (workspaceId, endpointId, after, limit) => {
      let q = k.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId);
      if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '<', after[1])])]));
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    deliveryById: (workspaceId, endpointId, id) =>
      k.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).where('id', '=', id).executeTakeFirst(),

    async claimDue(now, lockedUntil, limit) {
      const claimed = await sql<{ id: string }>`
        update webhook_deliveries set locked_until = ${lockedUntil}
         where id in (
           select d.id from webhook_deliveries d
             join webhook_endpoints e on e.id = d.endpoint_id and e.enabled = 1
            where d.status = 'pending' and d.next_attempt_at <= ${now} and (d.locked_until is null or d.locked_until <= ${now})
            order by d.next_attempt_at
            limit ${limit}
            ${lock})
           and status = 'pending' and (locked_until is null or locked_until <= ${now})
        returning id`.execute(k);
      const ids = claimed.rows.map((r) => r.id);
      if (ids.length === 0) return [];
      return k
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
        .selectAll('d')
        .select(['e.url', 'e.secret', 'e.previous_secret', 'e.previous_secret_expires_at'])
        .where('d.id', 'in', ids)
        .execute();
    },

    async recordAttempt(id, lockedUntil, o) {
      const result = await k
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: o.status,
          attempts: eb('attempts', '+', 1),
          next_attempt_at: o.nextAttemptAt,
          locked_until: null,
          last_attempt_at: o.at,
          response_code: o.responseCode,
          last_error: o.error,
          delivered_at: o.status === 'delivered' ? o.at : null,
        }))
        .where('id', '=', id)
        .where('locked_until', '=', lockedUntil)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
