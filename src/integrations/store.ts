import type { ServiceKeyRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';

/** A key with the names of the accounts that created and revoked it, for the lists. */
export type ListedKey = ServiceKeyRow & { created_by_name: string | null; revoked_by_name: string | null };

/** What the introspection of a request reads about the key it came with: the key and its workspace. */
export interface KeyContextRow {
  id: string;
  workspace_id: string;
  name: string;
  last_used_at: number | null;
  revoked_at: number | null;
  workspace_slug: string;
  ip_allowlist: string;
}

const KEY_BY_HASH = `
  select k.id, k.workspace_id, k.name, k.last_used_at, k.revoked_at, w.slug as workspace_slug, w.ip_allowlist
    from service_keys k
    join workspaces w on w.id = k.workspace_id
   where k.secret_hash = $1`;

// Conditional like the session's last-activity write: at most one write per key per interval,
// however many requests race, on however many nodes.
const TOUCH_KEY = `update service_keys set last_used_at = $1, last_used_ip = $2 where id = $3 and revoked_at is null and (last_used_at is null or last_used_at <= $4)`;

/** Service keys, for the integrations service only. */
export interface IntegrationStore {
  /** The key a secret's hash names, revoked or not, with its workspace's slug and allow list. */
  keyByHash(secretHash: string): Promise<KeyContextRow | undefined>;
  /** Records when and from where a key was last used, unless that was written less than `intervalMs` ago. */
  touchKey(id: string, now: number, ip: string, intervalMs: number): Promise<boolean>;
  insertKey(row: ServiceKeyRow, executor: Executor): Promise<void>;
  /** The workspace's keys, newest first. */
  listKeys(workspaceId: string): Promise<ListedKey[]>;
  /** Revokes an active key of the workspace; returns it, or undefined when there is no such active key. */
  revokeKey(executor: Executor, workspaceId: string, id: string, revokedBy: string | null, now: number): Promise<Pick<ServiceKeyRow, 'id' | 'name'> | undefined>;
  /** One key of the workspace, revoked or not. */
  keyById(workspaceId: string, id: string): Promise<Pick<ServiceKeyRow, 'id' | 'revoked_at'> | undefined>;
  /** Which of these keys are revoked (or gone), whatever their workspace: open revocation streams ask it. */
  revokedAmong(ids: readonly string[]): Promise<string[]>;
}

export function createIntegrationStore(db: Db): IntegrationStore {
  const k = db.kysely;
  const listed = () =>
    k
      .selectFrom('service_keys as k')
      .leftJoin('accounts as c', 'c.id', 'k.created_by')
      .leftJoin('accounts as r', 'r.id', 'k.revoked_by')
      .selectAll('k')
      .select(['c.name as created_by_name', 'r.name as revoked_by_name']);
  return {
    keyByHash: (secretHash) => db.first<KeyContextRow>(KEY_BY_HASH, [secretHash]),

    // keepsStamp: the introspection mirrors this write in its cached key itself.
    touchKey: async (id, now, ip, intervalMs) => (await db.run(TOUCH_KEY, [now, ip, id, now - intervalMs], { keepsStamp: true })) > 0,

    insertKey: async (row, executor) => {
      await executor.insertInto('service_keys').values(row).execute();
    },

    listKeys: (workspaceId) => listed().where('k.workspace_id', '=', workspaceId).orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').limit(500).execute(),

    revokeKey: (executor, workspaceId, id, revokedBy, now) =>
      executor
        .updateTable('service_keys')
        .set({ revoked_at: now, revoked_by: revokedBy })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(['id', 'name'])
        .executeTakeFirst(),

    keyById: (workspaceId, id) => k.selectFrom('service_keys').select(['id', 'revoked_at']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst(),

    revokedAmong: async (ids) => {
      if (ids.length === 0) return [];
      const active = await k
        .selectFrom('service_keys')
        .select('id')
        .where('id', 'in', [...ids])
        .where('revoked_at', 'is', null)
        .execute();
      const still = new Set(active.map((r) => r.id));
      return ids.filter((id) => !still.has(id));
    },
  };
}
