import { label, type Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { assertMayActOn, requireAnyGrant } from '../access/permissions.js';
import type { AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import type { AuthMethod, Role, WorkspaceRow } from '../db/schema.js';
import type { Executor } from '../db/types.js';
import { ApiError } from '../errors.js';
import { iso, MINUTE, type Clock } from '../lib/clock.js';
import { verifyPassword } from '../lib/passwords.js';
import { seal, unseal } from '../lib/sealed.js';
import { secondFactorDeadline } from '../security/service.js';
import type { SessionService } from '../sessions/service.js';
import { ownFactorEvent, recordEnrolment } from './factor-events.js';
import type { LoginGuard } from './guard.js';
import type { PasskeyProof, Passkeys } from './passkeys.js';
import type { SecondFactorStore } from './second-factor-store.js';
import type { SecondStepMethod } from './sign-in.js';
import { enrolmentOf, newRecoveryCodes, newTotpSecret, recoveryCodeHash, stepOfCode } from './totp.js';

/** An enrolment not confirmed within this long must start again (a new secret). */
const ENROLMENT_MS = 15 * MINUTE;

/** What a sign-in of a login to an account must still do: give a code, enrol (a limited session), or nothing. */
export type Demand = 'code' | 'enrol' | 'none';

/** A proof of the second step, checked but not yet used: a TOTP code's time-step, a recovery code's hash, or a passkey assertion. */
export type Proof = { method: Extract<AuthMethod, 'password+totp'>; step: number } | { method: Extract<AuthMethod, 'recovery_code'>; hash: string } | PasskeyProof;

/** Thrown inside a transaction when a proof turns out used (a replay): the transaction rolls back. */
export class ProofRefused extends Error {}

interface Deps {
  accounts: AccountService;
  sessions: SessionService;
  audit: AuditLog;
  guard: LoginGuard;
  store: SecondFactorStore;
  /** The login's passkeys: a factor too (src/auth/passkeys.ts). */
  passkeys: Pick<Passkeys, 'has' | 'use' | 'removeAll'>;
  /** The key TOTP secrets are sealed with (`second_factor_key` in `gatehouse_secrets`). */
  key: () => Promise<Buffer>;
  clock: Clock;
}

/**
 * The authenticator-app factor of a login: enrolment and removal from My account, an
 * administrator's reset, and what sign-in asks of it (src/auth/service.ts).
 */
export function createSecondFactors({ accounts, sessions, audit, guard, store, passkeys, key, clock }: Deps) {
  const secretOf = async (loginId: string, sealed: string | null): Promise<string | undefined> => (sealed ? unseal(await key(), sealed, loginId) : undefined);

  const self = {
    /** What a sign-in of this login to an account of `role` must still do. */
    async demandOf(workspace: WorkspaceRow, loginId: string, role: Role): Promise<Demand> {
      const factor = await store.factorOf(loginId);
      if ((factor?.confirmed_at ?? null) !== null || (await passkeys.has(loginId))) return 'code';
      if ((factor?.reset_at ?? null) !== null) return 'enrol';
      const deadline = secondFactorDeadline(workspace, role);
      return deadline !== null && clock.now() >= deadline ? 'enrol' : 'none';
    },

    /** The ways this login can finish a sign-in's second step. */
    async methodsOf(loginId: string): Promise<SecondStepMethod[]> {
      const [factor, hasPasskey] = await Promise.all([store.factorOf(loginId), passkeys.has(loginId)]);
      return [...((factor?.confirmed_at ?? null) !== null ? (['totp'] as const) : []), ...(hasPasskey ? (['passkey'] as const) : []), 'recovery_code'];
    },

    /** Checks a code or recovery code against the login's factor without using it; null when wrong. */
    async check(loginId: string, given: { code?: string | undefined; recoveryCode?: string | undefined }): Promise<Proof | null> {
      if (given.recoveryCode !== undefined) return { method: 'recovery_code', hash: recoveryCodeHash(given.recoveryCode) };
      const factor = await store.factorOf(loginId);
      if (!factor || factor.confirmed_at === null) return null;
      const secret = await secretOf(loginId, factor.secret);
      const step = secret && given.code !== undefined ? stepOfCode(secret, given.code, clock.now()) : null;
      return step === null ? null : { method: 'password+totp', step };
    },

    /**
     * Uses a proof inside the caller's transaction: a TOTP step is taken (never twice: a replayed
     * code is refused), a recovery code is spent. Throws ProofRefused when it was already used.
     */
    async use(trx: Executor, loginId: string, proof: Proof): Promise<void> {
      const ok =
        proof.method === 'password+totp'
          ? await store.useStep(trx, loginId, proof.step)
          : proof.method === 'password+passkey'
            ? await passkeys.use(trx, proof)
            : await store.useRecoveryCode(trx, loginId, proof.hash, clock.now());
      if (!ok) throw new ProofRefused();
    },

    /** Whether the login has a confirmed authenticator app (and so recovery codes). */
    enrolled: async (loginId: string) => ((await store.factorOf(loginId))?.confirmed_at ?? null) !== null,

    /** Recovery codes the login has left, inside the caller's transaction. */
    recoveryCodesLeft: (loginId: string, executor?: Executor) => store.recoveryCodesLeft(loginId, executor),

    /** My account › Two-factor. */
    async status(ctx: SessionContext) {
      const [factor, workspace, left, hasPasskey] = await Promise.all([
        store.factorOf(ctx.session.loginId),
        accounts.workspaceById(ctx.workspace.id),
        store.recoveryCodesLeft(ctx.session.loginId),
        passkeys.has(ctx.session.loginId),
      ]);
      const deadline = workspace ? secondFactorDeadline(workspace, ctx.account.role) : null;
      const enrolled = (factor?.confirmed_at ?? null) !== null;
      return {
        enrolled,
        enrolledAt: iso(factor?.confirmed_at ?? null),
        hasPasskey,
        recoveryCodesLeft: enrolled || hasPasskey ? left : 0,
        required: deadline !== null,
        requiredFrom: iso(deadline),
        mustEnrol: ctx.session.restriction !== null,
      };
    },

    /** Makes a new secret for the caller's login and shows it (URI, QR code, the key to type); it is never shown again once confirmed. */
    async startEnrolment(ctx: SessionContext) {
      const now = clock.now();
      const secret = newTotpSecret();
      const started = await store.startEnrolment({
        login_id: ctx.session.loginId,
        workspace_id: ctx.workspace.id,
        secret: seal(await key(), secret, ctx.session.loginId),
        created_at: now,
      });
      if (!started) throw new ApiError('second_factor_enrolled');
      const { uri, qrSvg } = await enrolmentOf(secret, `${ctx.account.email} (${ctx.workspace.slug})`, 'Gatehouse');
      return { secret, uri, qrSvg, expiresAt: iso(now + ENROLMENT_MS) };
    },

    /**
     * Confirms enrolment with a current code: the factor counts from now on, ten recovery codes
     * are made (returned once, only their hashes kept), and a session limited to enrolment becomes
     * a full one. One transaction with its audit row.
     */
    async confirmEnrolment(ctx: SessionContext, actor: Actor, code: string) {
      const loginId = ctx.session.loginId;
      const now = clock.now();
      const factor = await store.factorOf(loginId);
      if ((factor?.confirmed_at ?? null) !== null) throw new ApiError('second_factor_enrolled');
      if (!factor?.secret || now - factor.created_at > ENROLMENT_MS) throw new ApiError('no_enrolment');
      const secret = await secretOf(loginId, factor.secret);
      const step = secret ? stepOfCode(secret, code, now) : null;
      if (step === null) throw new ApiError('invalid_code', 'The code is not correct. Check that the app shows this account, and type the code it shows now.');
      const codes = newRecoveryCodes();
      await sessions.change(async ({ trx }) => {
        if (!(await store.confirm(trx, loginId, step, now))) throw new ApiError('no_enrolment');
        await store.replaceRecoveryCodes(trx, loginId, codes.map(recoveryCodeHash), now);
        await recordEnrolment({ sessions, audit }, trx, { ctx, actor, method: 'password+totp', now, detail: { kind: 'totp', recoveryCodes: codes.length } });
      });
      return { recoveryCodes: codes };
    },

    /**
     * Removes the caller's factor, proven with the login's password or a current code. Wrong
     * answers count against the same per-login limit as wrong current passwords.
     */
    async remove(ctx: SessionContext, actor: Actor, given: { password?: string | undefined; code?: string | undefined }) {
      const loginId = ctx.session.loginId;
      if ((given.password === undefined) === (given.code === undefined)) throw new ApiError('invalid_request', 'Send either your password or a current code, not both.');
      const wait = await guard.passwordWait(loginId);
      if (wait > 0) throw new ApiError('too_many_attempts', undefined, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
      const factor = await store.factorOf(loginId);
      if ((factor?.confirmed_at ?? null) === null) throw new ApiError('no_second_factor');
      const login = await accounts.loginById(loginId);
      if (!login) throw new ApiError('unauthenticated');
      const proof =
        given.password !== undefined ? ((await verifyPassword(login.password_hash, given.password)) ? 'password' : null) : await self.check(loginId, { code: given.code });
      const refuse = async (): Promise<never> => {
        await guard.passwordFailed(loginId);
        throw given.password !== undefined ? new ApiError('wrong_password') : new ApiError('invalid_code');
      };
      if (proof === null) return refuse();
      const keepCodes = await passkeys.has(loginId);
      try {
        await sessions.change(async ({ trx }) => {
          if (proof !== 'password') await self.use(trx, loginId, proof);
          await store.remove(trx, loginId, keepCodes);
          const provenWith = proof === 'password' ? 'password' : 'code';
          await audit.record(trx, [ownFactorEvent(ctx, actor, 'second_factor.removed', clock.now(), { kind: 'totp', provenWith })]);
        });
      } catch (err) {
        if (err instanceof ProofRefused) return refuse();
        throw err;
      }
    },

    /**
     * An administrator resets the second factor of an account's login: the factor and its
     * recovery codes go, every session of the login ends (`factors_reset`), and its next sign-in
     * must enrol again. The caller must be allowed to manage every account of that login (a
     * linked account too), and a sub-administrator never resets the primary administrator's
     * (rule 1). One transaction with the ends and the audit row.
     */
    async reset(ctx: SessionContext, actor: Actor, accountId: string) {
      requireAnyGrant(ctx, ['team.agents', 'team.admins']);
      const target = await accounts.accountInWorkspace(ctx.workspace.id, accountId);
      if (!target) throw new ApiError('not_found', 'No such account.');
      for (const held of await accounts.accountsOfLogin(target.login_id)) assertMayActOn(ctx, held);
      const [factor, hasPasskey] = await Promise.all([store.factorOf(target.login_id), passkeys.has(target.login_id)]);
      if (!hasPasskey && (!factor || (factor.confirmed_at === null && factor.reset_at !== null)))
        throw new ApiError('no_second_factor', 'This account has no two-factor sign-in to reset.');
      const ended = await sessions.change(async (change) => {
        const now = clock.now();
        await store.reset(change.trx, target.login_id, ctx.workspace.id, now);
        const removedPasskeys = await passkeys.removeAll(change.trx, target.login_id);
        const done = await change.end({ workspaceId: ctx.workspace.id, loginId: target.login_id }, 'factors_reset', actor);
        await audit.record(change.trx, [
          {
            workspaceId: ctx.workspace.id,
            at: now,
            type: 'second_factor.reset',
            actor,
            targetAccountId: target.id,
            targetLabel: label(target.name, target.email),
            sessionId: ctx.session.id,
            detail: { kind: 'totp', wasEnrolled: (factor?.confirmed_at ?? null) !== null || removedPasskeys > 0, passkeys: removedPasskeys, endedSessions: done.length },
          },
        ]);
        return done.length;
      });
      return { ended };
    },
  };
  return self;
}

export type SecondFactors = ReturnType<typeof createSecondFactors>;
