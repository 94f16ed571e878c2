import { isIP } from 'node:net';
import type { Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { allowListMatcher } from '../access/ip-allowlist.js';
import { requireAnyGrant } from '../access/permissions.js';
import type { AuditLog } from '../audit/service.js';
import type { Db } from '../db/types.js';
import type { Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { MINUTE, type Clock } from '../lib/clock.js';
import { hashToken, newId, newSecret } from '../lib/ids.js';
import { parseList } from '../lib/json.js';
import type { SessionService } from '../sessions/service.js';
import { ADMIN_IDLE_MINUTES } from '../sessions/types.js';
import type { IntegrationStore, KeyContextRow, ListedKey } from './store.js';

/** What every service key starts with: it says what the string is, to people and to secret scanners. */
const KEY_PREFIX = 'ghsk_';
const KEY_SHAPE = /^ghsk_[A-Za-z0-9_-]{43}$/;
/** A key's last use is written at most this often, like a session's last activity. */
const KEY_TOUCH_INTERVAL_MS = 60_000;

/** The key a request came with, as introspection needs it. */
export interface KeyContext {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  /** The workspace's IP allow list: whether an address may use a session (empty list: every one). */
  allows(ip: string): boolean;
  /** Whether the workspace limits addresses at all. */
  limitsAddresses: boolean;
}

/** RFC 7662's answer: `active: false` and nothing else, or the session's claims. */
export type Introspection =
  { active: false } | { active: true; sub: string; sid: string; role: Role; workspace: string; iat: number; exp: number; name: string; email: string };

const INACTIVE: Introspection = { active: false };

export interface KeyDeps {
  db: Db;
  store: IntegrationStore;
  sessions: SessionService;
  audit: AuditLog;
  clock: Clock;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Service keys and the introspection other apps ask (Settings › Integrations). */
export function createKeyService({ db, store, sessions, audit, clock }: KeyDeps) {
  // Keys read from the database, each kept with the stamp it was read under, exactly as the
  // session check keeps sessions: a key is reused only while the stamp has not moved, so a revoke
  // (a write that moves it, on PostgreSQL on every node before the revoke returns) is seen by the
  // very next request.
  const keys = new Map<string, { stamp: number; key: KeyContext; row: KeyContextRow }>();

  // Who hears of a revocation made on this node at once (the open revocation streams).
  const revokedListeners = new Set<(keyId: string) => void>();

  const contextOf = (row: KeyContextRow): KeyContext => {
    const allowlist = parseList(row.ip_allowlist);
    return { id: row.id, workspaceId: row.workspace_id, workspaceSlug: row.workspace_slug, allows: allowListMatcher(allowlist), limitsAddresses: allowlist.length > 0 };
  };

  return {
    /** The active key a secret names, or null; records its use (at most once a minute) from `callerIp`. */
    async authenticateKey(secret: string, callerIp: string): Promise<KeyContext | null> {
      if (!KEY_SHAPE.test(secret)) return null;
      const hash = hashToken(secret);
      const stamp = db.stamp();
      let cached = stamp === null ? undefined : keys.get(hash);
      if (cached?.stamp !== stamp) {
        keys.delete(hash);
        cached = undefined;
        const row = await store.keyByHash(hash);
        if (!row) return null;
        cached = { stamp: stamp ?? -1, key: contextOf(row), row };
        if (stamp !== null && db.stamp() === stamp) {
          keys.set(hash, cached);
          if (keys.size > 1000) keys.delete(keys.keys().next().value as string);
        }
      }
      const { row, key } = cached;
      if (row.revoked_at !== null) return null;
      const now = clock.now();
      if (row.last_used_at === null || now - row.last_used_at >= KEY_TOUCH_INTERVAL_MS) {
        row.last_used_at = now;
        if (!(await store.touchKey(row.id, now, callerIp, KEY_TOUCH_INTERVAL_MS))) keys.delete(hash);
      }
      return key;
    },

    /**
     * Answers whether a session token is active, for another app of the key's workspace (RFC
     * 7662). The check is the console's own: it touches last activity at most once a minute and
     * ends an expired session; a session of another workspace, or a person outside the
     * workspace's allowed networks, reads as inactive.
     */
    async introspect(key: KeyContext, input: { token: string; ip?: string | undefined }): Promise<Introspection> {
      if (input.ip !== undefined && !isIP(input.ip))
        throw new ApiError('invalid_request', 'The field "ip" must be an IPv4 or IPv6 address: the address of the person whose session this is.');
      if (key.limitsAddresses) {
        if (input.ip === undefined) {
          throw new ApiError('invalid_request', 'This workspace allows sign-in from its own networks only: send the address of the person whose session this is as "ip".');
        }
        if (!key.allows(input.ip)) return INACTIVE;
      }
      const result = await sessions.authenticate(input.token, key.workspaceId);
      // A session limited to two-factor enrolment reaches nothing but enrolment here, and no
      // other app may take it for a signed-in person either.
      if (result.kind !== 'active' || result.ctx.session.restriction !== null) return INACTIVE;
      const { session, account, workspace } = result.ctx;
      const idleMinutes = session.role === 'admin' ? ADMIN_IDLE_MINUTES : workspace.agentIdleMinutes;
      const exp = Math.min(session.createdAt + workspace.absoluteLifetimeMinutes * MINUTE, session.lastSeenAt + idleMinutes * MINUTE);
      return {
        active: true,
        sub: account.id,
        sid: session.id,
        role: account.role,
        workspace: workspace.slug,
        iat: seconds(session.createdAt),
        exp: seconds(exp),
        name: account.name,
        email: account.email,
      };
    },

    /** Listens for keys revoked on this node, after their revocation commits; returns the unsubscribe. */
    onKeyRevoked(listener: (keyId: string) => void): () => void {
      revokedListeners.add(listener);
      return () => revokedListeners.delete(listener);
    },

    /** Which of these keys are revoked now, on any node (read from the database). */
    revokedAmong: (ids: readonly string[]): Promise<string[]> => store.revokedAmong(ids),

    async listKeys(ctx: SessionContext): Promise<ListedKey[]> {
      requireAnyGrant(ctx, ['integrations']);
      return store.listKeys(ctx.workspace.id);
    },

    /** Creates a key; its secret is returned here once and never again. */
    async createKey(ctx: SessionContext, actor: Actor, name: string): Promise<{ key: ListedKey; secret: string }> {
      requireAnyGrant(ctx, ['integrations']);
      const secret = newSecret(KEY_PREFIX);
      const now = clock.now();
      const row = {
        id: newId('key'),
        workspace_id: ctx.workspace.id,
        name: name.trim(),
        secret_hash: hashToken(secret),
        prefix: secret.slice(0, KEY_PREFIX.length + 6),
        created_at: now,
        created_by: ctx.account.id,
        last_used_at: null,
        last_used_ip: null,
        revoked_at: null,
        revoked_by: null,
      };
      await db.kysely.transaction().execute(async (trx) => {
        await store.insertKey(row, trx);
        await audit.record(trx, [
          { workspaceId: ctx.workspace.id, at: now, type: 'key.created', actor, sessionId: ctx.session.id, detail: { key: row.id, name: row.name, prefix: row.prefix } },
        ]);
      });
      return { key: { ...row, created_by_name: ctx.account.name, revoked_by_name: null }, secret };
    },

    /**
     * Revokes a key. It is refused by every node once this returns: every node reads a key from
     * the database (PostgreSQL) or only while nothing has been written since (SQLite).
     */
    async revokeKey(ctx: SessionContext, actor: Actor, id: string): Promise<number> {
      requireAnyGrant(ctx, ['integrations']);
      const now = clock.now();
      const revoked = await db.kysely.transaction().execute(async (trx) => {
        const key = await store.revokeKey(trx, ctx.workspace.id, id, ctx.account.id, now);
        if (key)
          await audit.record(trx, [
            { workspaceId: ctx.workspace.id, at: now, type: 'key.revoked', actor, sessionId: ctx.session.id, detail: { key: key.id, name: key.name } },
          ]);
        return key;
      });
      if (revoked) {
        for (const listener of revokedListeners) listener(revoked.id);
        return 1;
      }
      if (!(await store.keyById(ctx.workspace.id, id))) throw new ApiError('not_found', 'No such key.');
      return 0;
    },
  };
}
