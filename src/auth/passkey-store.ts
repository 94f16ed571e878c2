import type { PasskeyChallengeRow, PasskeyPurpose, PasskeyRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';

/** Passkeys and their WebAuthn challenges (migration 0013); used by src/auth only. */
export interface PasskeyStore {
  /** The login's passkeys, oldest first. */
  listOf(loginId: string, executor?: Executor): Promise<PasskeyRow[]>;
  /** One passkey of this login by its credential id; undefined when it is another login's or none. */
  findOf(loginId: string, id: string): Promise<PasskeyRow | undefined>;
  /** Whether a credential id is stored at all, for any login. */
  exists(id: string): Promise<boolean>;
  /** Stores a new passkey. */
  insert(executor: Executor, row: PasskeyRow): Promise<void>;
  /** Renames one passkey of the login; false when it has no such passkey. */
  rename(loginId: string, id: string, name: string): Promise<boolean>;
  /** Deletes one passkey of the login; false when it has no such passkey. */
  remove(executor: Executor, loginId: string, id: string): Promise<boolean>;
  /** Deletes every passkey of the login (an administrator's reset); returns how many. */
  removeAll(executor: Executor, loginId: string): Promise<number>;
  /**
   * Records a use: the counter moves from `from` to `to` only if it still reads `from`, so two
   * requests racing with the same assertion cannot both pass. False when it moved meanwhile.
   */
  use(executor: Executor, id: string, from: number, to: number, now: number): Promise<boolean>;
  /** Stores a new challenge. */
  insertChallenge(row: PasskeyChallengeRow): Promise<void>;
  /** A challenge of this login and purpose still usable at `now` (not expired, not used). */
  liveChallenge(challenge: string, loginId: string, purpose: PasskeyPurpose, now: number): Promise<PasskeyChallengeRow | undefined>;
  /** Uses a challenge once, if it is still live: false when another request got there first or it expired. */
  consumeChallenge(executor: Executor, challenge: string, now: number): Promise<boolean>;
  /** Runs `fn` in a transaction that changes nothing the session check caches. */
  transaction<T>(fn: (trx: Executor) => Promise<T>): Promise<T>;
  /** Deletes challenges that expired by `now`; returns how many. */
  pruneChallenges(now: number): Promise<number>;
}

export function createPasskeyStore(db: Db): PasskeyStore {
  const k = db.kysely;
  const changed = (r: { numUpdatedRows: bigint } | { numDeletedRows: bigint }) => Number('numUpdatedRows' in r ? r.numUpdatedRows : r.numDeletedRows) > 0;
  return {
    listOf: (loginId, executor = k) => executor.selectFrom('passkeys').selectAll().where('login_id', '=', loginId).orderBy('created_at').orderBy('id').execute(),

    findOf: (loginId, id) => k.selectFrom('passkeys').selectAll().where('login_id', '=', loginId).where('id', '=', id).executeTakeFirst(),

    exists: async (id) => (await k.selectFrom('passkeys').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,

    insert: async (executor, row) => void (await executor.insertInto('passkeys').values(row).execute()),

    // A name changes no answer the session check caches: the write keeps the stamp.
    rename: (loginId, id, name) =>
      db.transactionKeepingStamp(async (trx) =>
        changed(await trx.updateTable('passkeys').set({ name }).where('login_id', '=', loginId).where('id', '=', id).executeTakeFirst()),
      ),

    remove: async (executor, loginId, id) => changed(await executor.deleteFrom('passkeys').where('login_id', '=', loginId).where('id', '=', id).executeTakeFirst()),

    removeAll: async (executor, loginId) => Number((await executor.deleteFrom('passkeys').where('login_id', '=', loginId).executeTakeFirst()).numDeletedRows),

    use: async (executor, id, from, to, now) =>
      changed(await executor.updateTable('passkeys').set({ counter: to, last_used_at: now }).where('id', '=', id).where('counter', '=', from).executeTakeFirst()),

    insertChallenge: async (row) => void (await db.transactionKeepingStamp((trx) => trx.insertInto('passkey_challenges').values(row).execute())),

    liveChallenge: (challenge, loginId, purpose, now) =>
      k
        .selectFrom('passkey_challenges')
        .selectAll()
        .where('challenge', '=', challenge)
        .where('login_id', '=', loginId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst(),

    consumeChallenge: async (executor, challenge, now) =>
      changed(
        await executor
          .updateTable('passkey_challenges')
          .set({ used_at: now })
          .where('challenge', '=', challenge)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst(),
      ),

    transaction: (fn) => db.transactionKeepingStamp((trx) => fn(trx)),

    async pruneChallenges(now) {
      const result = await db.transactionKeepingStamp((trx) => trx.deleteFrom('passkey_challenges').where('expires_at', '<=', now).executeTakeFirst());
      return Number(result.numDeletedRows);
    },
  };
}
