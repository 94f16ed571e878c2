import { actorOf } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import type { AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import { ApiError } from '../errors.js';
import { iso, MINUTE, type Clock } from '../lib/clock.js';
import { verifyPassword } from '../lib/passwords.js';
import type { SessionService } from '../sessions/service.js';
import type { Attempts } from './attempts.js';
import type { DeviceCookies } from './device.js';
import { ProofRefused, type Proof, type SecondFactors } from './second-factor.js';

/** How long a proof counts for dangerous acts (GitHub's sudo mode is 2 hours; a console that ends whole teams' sessions asks more often). */
const RECENT_PROOF_MS = 10 * MINUTE;

/**
 * What a login can prove itself with: the password only while it has no second factor (a
 * password alone must not outweigh the factor the login chose); else an authenticator code or a
 * recovery code. Passkeys (another branch of issue 16) add `passkey` here for a login that has
 * one, with a `passkey` answer in `reauthenticate` below.
 */
export type ProofMethod = 'password' | 'totp' | 'recovery_code';

interface Deps {
  accounts: Pick<AccountService, 'loginById'>;
  sessions: Pick<SessionService, 'provenAt' | 'prove'>;
  secondFactors: Pick<SecondFactors, 'enrolled' | 'check' | 'use' | 'recoveryCodesLeft'>;
  attempts: Attempts;
  devices: DeviceCookies;
  audit: AuditLog;
  clock: Clock;
}

/** The answer to `POST /api/auth/reauthenticate`: `{password}` or `{code}` (an authenticator code or a recovery code). */
export interface ReauthInput {
  password?: string | undefined;
  code?: string | undefined;
}

/**
 * Recent re-authentication for dangerous acts (issue 16). Each session records when its login
 * last proved itself (`sessions.proven_at`: the sign-in, then each re-authentication); dangerous
 * routes ask `requireRecent` (through the route option `recentProof`, src/http/auth.ts).
 */
export function createReauthentication({ accounts, sessions, secondFactors, attempts, devices, audit, clock }: Deps) {
  const methodsOf = async (loginId: string): Promise<ProofMethod[]> => ((await secondFactors.enrolled(loginId)) ? ['totp', 'recovery_code'] : ['password']);

  return {
    methodsOf,

    /**
     * Refuses with 403 `reauthentication_required` (and the methods this login can use) unless the
     * session's login proved itself within the last 10 minutes. The time is read from the database
     * on every call, never from the session check's cache: a re-authentication on one node counts
     * on every node at once, and these acts are rare enough for the read.
     */
    async requireRecent(ctx: SessionContext): Promise<void> {
      const proven = await sessions.provenAt(ctx.session.id);
      if (proven !== undefined && clock.now() - proven <= RECENT_PROOF_MS) return;
      throw new ApiError('reauthentication_required', undefined, { methods: await methodsOf(ctx.session.loginId) });
    },

    /**
     * The session's login proves itself again: its password (only when it has no second factor),
     * an authenticator code (used once, like at sign-in) or a recovery code (spent). A wrong answer
     * counts with the sign-in guard and is audited as a failed sign-in; a right one moves the
     * session's proof time to now, with its audit row, in one transaction.
     */
    async reauthenticate(ctx: SessionContext, input: ReauthInput, client: { ip: string; device?: string | undefined }) {
      const { ip } = client;
      const loginId = ctx.session.loginId;
      if ((input.password === undefined) === (input.code === undefined)) throw new ApiError('invalid_request', 'Send either "password" or "code".');
      const methods = await methodsOf(loginId);
      if (input.password !== undefined && !methods.includes('password')) {
        throw new ApiError('invalid_request', 'This login has two-factor sign-in: confirm with a code from your authenticator app or a recovery code.', { methods });
      }
      if (input.code !== undefined && !methods.includes('totp'))
        throw new ApiError('invalid_request', 'This login has no two-factor sign-in: confirm with your password.', { methods });
      const login = await accounts.loginById(loginId);
      if (!login) throw new ApiError('unauthenticated');
      const verdict = await attempts.judge(ctx.workspace.slug, login.email, ip, await devices.verify(client.device, login));
      const actor = actorOf(ctx, ip);

      // An authenticator code is six digits; anything else given as a code is tried as a recovery code.
      const code = input.code?.replace(/\s+/g, '');
      const method: ProofMethod = input.password !== undefined ? 'password' : /^\d{6}$/.test(code ?? '') ? 'totp' : 'recovery_code';
      const wrong = async (): Promise<never> => {
        const reason = method === 'password' ? 'wrong_password' : method === 'totp' ? 'wrong_code' : 'wrong_recovery_code';
        await attempts.failed({ workspaceId: ctx.workspace.id, email: login.email, ip, verdict, reason, actor, sessionId: ctx.session.id });
        throw method === 'password' ? new ApiError('wrong_password', 'The password is not correct.') : new ApiError('invalid_code');
      };

      let proof: Proof | null = null;
      if (method === 'password') {
        if (!(await verifyPassword(login.password_hash, input.password!))) return wrong();
      } else {
        proof = await secondFactors.check(loginId, method === 'totp' ? { code } : { recoveryCode: input.code });
        if (!proof) return wrong();
      }
      const now = clock.now();
      let proven: boolean;
      try {
        // The code taken (a replay within its window is refused) or the recovery code spent, the
        // proof time and the audit rows commit together.
        proven = await sessions.prove(ctx.session.id, async (trx) => {
          if (proof) await secondFactors.use(trx, loginId, proof);
          const target = { actor, targetAccountId: ctx.account.id, targetLabel: actor.label, sessionId: ctx.session.id };
          await audit.record(trx, [
            { workspaceId: ctx.workspace.id, at: now, type: 'reauthenticated', ...target, detail: { method } },
            ...(method === 'recovery_code'
              ? [
                  {
                    workspaceId: ctx.workspace.id,
                    at: now,
                    type: 'second_factor.recovery_code_used' as const,
                    ...target,
                    detail: { left: await secondFactors.recoveryCodesLeft(loginId, trx), reauthentication: true },
                  },
                ]
              : []),
          ]);
        });
      } catch (err) {
        if (err instanceof ProofRefused) return wrong();
        throw err;
      }
      if (!proven) throw new ApiError('session_expired');
      await attempts.succeeded(verdict);
      return { method, reauthenticatedAt: iso(now), validUntil: iso(now + RECENT_PROOF_MS) };
    },
  };
}

export type Reauthentication = ReturnType<typeof createReauthentication>;
