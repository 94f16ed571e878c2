import { sql } from 'kysely';
import type { SecondFactorChallengeRow, SecondFactorRow } from '../db/schema.js';
import type { Db, Executor } from '../db/types.js';

/** Second factors, recovery codes and sign-in challenges (migration 0012); used by src/auth only. */
export interface SecondFactorStore {
  /** A login's factor row: enrolled, being enrolled, or reset by an administrator; undefined when it has none. */
  factorOf(loginId: string): Promise<SecondFactorRow | undefined>;
  /** Starts (or starts again) an enrolment with a new sealed secret; an enrolled factor is left alone (false). */
  startEnrolment(row: Pick<SecondFactorRow, 'login_id' | 'workspace_id' | 'secret' | 'created_at'>): Promise<boolean>;
  /** Confirms a pending enrolment, recording the step its first code used; false when there was none to confirm. */
  confirm(executor: Executor, loginId: string, step: number, now: number): Promise<boolean>;
  /** Takes a code's time-step for an enrolled factor, unless that step or a later one was used already (a replay). */
  useStep(executor: Executor, loginId: string, step: number): Promise<boolean>;
  /** Deletes a login's factor and, unless another factor (a passkey) still needs them, its recovery codes (the member removed it). */
  remove(executor: Executor, loginId: string, keepRecoveryCodes?: boolean): Promise<void>;
  /** An administrator's reset: the factor and codes go, and the login must enrol at its next sign-in. */
  reset(executor: Executor, loginId: string, workspaceId: string, now: number): Promise<void>;
  /** A factor was enrolled another way (a passkey): an administrator's reset has been answered and no longer sends sign-in to enrolment. */
  clearReset(executor: Executor, loginId: string): Promise<void>;
  /** Replaces a login's recovery codes with these hashes. */
  replaceRecoveryCodes(executor: Executor, loginId: string, hashes: readonly string[], now: number): Promise<void>;
  /** Uses a recovery code once: false when it is not one of the login's, or was used already. */
  useRecoveryCode(executor: Executor, loginId: string, hash: string, now: number): Promise<boolean>;
  /** How many of the login's recovery codes are still unused. */
  recoveryCodesLeft(loginId: string, executor?: Executor): Promise<number>;
  /** Stores a new sign-in challenge. */
  insertChallenge(row: SecondFactorChallengeRow): Promise<void>;
  /** A challenge still usable at `now` (not expired, not used). */
  liveChallenge(tokenHash: string, now: number): Promise<SecondFactorChallengeRow | undefined>;
  /** Counts a wrong code against a challenge; at `maxAttempts` it is used up. */
  failChallenge(tokenHash: string, now: number, maxAttempts: number): Promise<void>;
  /** Uses a challenge once, if it is still live: false when another request got there first or it expired. */
  consumeChallenge(executor: Executor, tokenHash: string, now: number): Promise<boolean>;
  /** Deletes challenges that expired by `now`; returns how many. */
  pruneChallenges(now: number): Promise<number>;
}

export function createSecondFactorStore(db: Db): SecondFactorStore {
  const k = db.kysely;
  const changed = (r: { numUpdatedRows: bigint } | { numDeletedRows: bigint }) => Number('numUpdatedRows' in r ? r.numUpdatedRows : r.numDeletedRows) > 0;
  return {
    factorOf: (loginId) => k.selectFrom('second_factors').selectAll().where('login_id', '=', loginId).executeTakeFirst(),

    async startEnrolment(row) {
      const result = await k
        .insertInto('second_factors')
        .values({ ...row, kind: 'totp', confirmed_at: null, last_used_step: null, reset_at: null })
        .onConflict((oc) =>
          oc
            .column('login_id')
            .doUpdateSet({ secret: row.secret, created_at: row.created_at, last_used_step: null })
            // An enrolled factor is never replaced by a new enrolment: removing it comes first.
            .where('second_factors.confirmed_at', 'is', null),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    confirm: async (executor, loginId, step, now) =>
      changed(
        await executor
          .updateTable('second_factors')
          .set({ confirmed_at: now, last_used_step: step, reset_at: null })
          .where('login_id', '=', loginId)
          .where('confirmed_at', 'is', null)
          .where('secret', 'is not', null)
          .executeTakeFirst(),
      ),

    // One conditional statement: two requests with the same code, on any nodes, cannot both pass.
    useStep: async (executor, loginId, step) =>
      changed(
        await executor
          .updateTable('second_factors')
          .set({ last_used_step: step })
          .where('login_id', '=', loginId)
          .where('confirmed_at', 'is not', null)
          .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
          .executeTakeFirst(),
      ),

    async remove(executor, loginId, keepRecoveryCodes = false) {
      if (!keepRecoveryCodes) await executor.deleteFrom('recovery_codes').where('login_id', '=', loginId).execute();
      await executor.deleteFrom('second_factors').where('login_id', '=', loginId).execute();
    },

    async reset(executor, loginId, workspaceId, now) {
      await executor.deleteFrom('recovery_codes').where('login_id', '=', loginId).execute();
      await executor
        .insertInto('second_factors')
        .values({ login_id: loginId, workspace_id: workspaceId, kind: 'totp', secret: null, created_at: now, confirmed_at: null, last_used_step: null, reset_at: now })
        .onConflict((oc) => oc.column('login_id').doUpdateSet({ secret: null, confirmed_at: null, last_used_step: null, reset_at: now }))
        .execute();
    },

    async clearReset(executor, loginId) {
      // Only the reset's placeholder (no secret, never confirmed): an app enrolment in progress stays.
      await executor.deleteFrom('second_factors').where('login_id', '=', loginId).where('reset_at', 'is not', null).where('confirmed_at', 'is', null).execute();
    },

    async replaceRecoveryCodes(executor, loginId, hashes, now) {
      await executor.deleteFrom('recovery_codes').where('login_id', '=', loginId).execute();
      if (hashes.length > 0)
        await executor
          .insertInto('recovery_codes')
          .values(hashes.map((code_hash) => ({ login_id: loginId, code_hash, created_at: now, used_at: null })))
          .execute();
    },

    useRecoveryCode: async (executor, loginId, hash, now) =>
      changed(
        await executor
          .updateTable('recovery_codes')
          .set({ used_at: now })
          .where('login_id', '=', loginId)
          .where('code_hash', '=', hash)
          .where('used_at', 'is', null)
          .executeTakeFirst(),
      ),

    async recoveryCodesLeft(loginId, executor = k) {
      const row = await executor
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('login_id', '=', loginId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    // Challenges change no answer the session check caches: their writes keep the stamp.
    insertChallenge: async (row) => void (await db.transactionKeepingStamp((trx) => trx.insertInto('second_factor_challenges').values(row).execute())),

    liveChallenge: (tokenHash, now) =>
      k.selectFrom('second_factor_challenges').selectAll().where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst(),

    async failChallenge(tokenHash, now, maxAttempts) {
      await db.transactionKeepingStamp((trx) =>
        trx
          .updateTable('second_factor_challenges')
          .set({
            attempts: sql<number>`attempts + 1`,
            used_at: sql<number | null>`case when attempts + 1 >= ${maxAttempts} then ${now} else used_at end`,
          })
          .where('token_hash', '=', tokenHash)
          .execute(),
      );
    },

    consumeChallenge: async (executor, tokenHash, now) =>
      changed(
        await executor
          .updateTable('second_factor_challenges')
          .set({ used_at: now })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst(),
      ),

    async pruneChallenges(now) {
      const result = await db.transactionKeepingStamp((trx) => trx.deleteFrom('second_factor_challenges').where('expires_at', '<=', now).executeTakeFirst());
      return Number(result.numDeletedRows);
    },
  };
}
