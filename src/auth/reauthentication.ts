import { actorOf } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import { ApiError } from '../errors.js';
import type { RelyingParty } from '../http/host.js';
import { iso, MINUTE, type Clock } from '../lib/clock.js';
import { verifyPassword } from '../lib/passwords.js';
import type { SessionService } from '../sessions/service.js';
import type { Attempts } from './attempts.js';
import type { DeviceCookies } from './device.js';
import type { Passkeys } from './passkeys.js';
import { ProofRefused, type Proof, type SecondFactors } from './second-factor.js';

/** How long a proof counts for dangerous acts (GitHub's sudo mode is 2 hours; a console that ends whole teams' sessions asks more often). */
const RECENT_PROOF_MS = 10 * MINUTE;

/**
 * What a login can prove itself with: the password only while it has no second factor (a
 * password alone must not outweigh the factor the login chose); else its authenticator code, its
 * passkey, or a recovery code.
 */
export type ProofMethod = 'password' | 'totp' | 'passkey' | 'recovery_code';

interface Deps {
  accounts: Pick<AccountService, 'loginById'>;
  sessions: Pick<SessionService, 'provenAt' | 'prove'>;
  secondFactors: Pick<SecondFactors, 'enrolled' | 'check' | 'use' | 'recoveryCodesLeft'>;
  passkeys: Pick<Passkeys, 'has' | 'startAssertion' | 'finishAssertion'>;
  attempts: Attempts;
  devices: DeviceCookies;
  audit: AuditLog;
  clock: Clock;
}

/** The answer to `POST /api/auth/reauthenticate`: `{password}`, `{code}` (an authenticator code or a recovery code) or `{passkey}` (a WebAuthn assertion). */
export interface ReauthInput {
  password?: string | undefined;
  code?: string | undefined;
  passkey?: AuthenticationResponseJSON | undefined;
}

/**
 * Recent re-authentication for dangerous acts (issue 16). Each session records when its login
 * last proved itself (`sessions.proven_at`: the sign-in, then each re-authentication); dangerous
 * routes ask `requireRecent` (through the route option `recentProof`, src/http/auth.ts).
 */
export function createReauthentication({ accounts, sessions, secondFactors, passkeys, attempts, devices, audit, clock }: Deps) {
  const methodsOf = async (loginId: string): Promise<ProofMethod[]> => {
    const [totp, passkey] = await Promise.all([secondFactors.enrolled(loginId), passkeys.has(loginId)]);
    if (!totp && !passkey) return ['password'];
    return [...(totp ? (['totp'] as const) : []), ...(passkey ? (['passkey'] as const) : []), 'recovery_code'];
  };

  return {
    methodsOf,

    /** WebAuthn request options for the session's login, with a challenge bound to it for `reauthenticate({passkey})`; 409 `no_passkey` for a login without one. */
    async passkeyOptions(ctx: SessionContext, rp: RelyingParty) {
      const loginId = ctx.session.loginId;
      if (!(await passkeys.has(loginId))) throw new ApiError('no_passkey', undefined, { methods: await methodsOf(loginId) });
      return passkeys.startAssertion(loginId, rp);
    },

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
     * an authenticator code (used once, like at sign-in), a passkey's answer to a challenge of
     * `passkeyOptions` (used once, its counter moved) or a recovery code (spent). A wrong answer
     * counts with the sign-in guard and is audited as a failed sign-in; a right one moves the
     * session's proof time to now, with its audit row, in one transaction.
     */
    async reauthenticate(ctx: SessionContext, input: ReauthInput, client: { ip: string; device?: string | undefined; rp: RelyingParty }) {
      const { ip } = client;
      const loginId = ctx.session.loginId;
      if ([input.password, input.code, input.passkey].filter((given) => given !== undefined).length !== 1)
        throw new ApiError('invalid_request', 'Send one of "password", "code" or "passkey".');
      const methods = await methodsOf(loginId);
      if (input.password !== undefined && !methods.includes('password')) {
        throw new ApiError('invalid_request', 'This login has two-factor sign-in: confirm with your second factor or a recovery code.', { methods });
      }
      if (input.code !== undefined && !methods.includes('recovery_code'))
        throw new ApiError('invalid_request', 'This login has no two-factor sign-in: confirm with your password.', { methods });
      if (input.passkey !== undefined && !methods.includes('passkey')) throw new ApiError('no_passkey', undefined, { methods });
      const login = await accounts.loginById(loginId);
      if (!login) throw new ApiError('unauthenticated');
      const verdict = await attempts.judge(ctx.workspace.slug, login.email, ip, await devices.verify(client.device, login));
      const actor = actorOf(ctx, ip);

      // An authenticator code is six digits; anything else given as a code is tried as a recovery code.
      const code = input.code?.replace(/\s+/g, '');
      const method: ProofMethod = input.password !== undefined ? 'password' : input.passkey !== undefined ? 'passkey' : /^\d{6}$/.test(code ?? '') ? 'totp' : 'recovery_code';
      const wrong = async (): Promise<never> => {
        const reason = { password: 'wrong_password', totp: 'wrong_code', passkey: 'wrong_passkey', recovery_code: 'wrong_recovery_code' }[method];
        await attempts.failed({ workspaceId: ctx.workspace.id, email: login.email, ip, verdict, reason, actor, sessionId: ctx.session.id });
        if (method === 'password') throw new ApiError('wrong_password', 'The password is not correct.');
        throw new ApiError('invalid_code', method === 'passkey' ? 'The passkey was not accepted. Use a passkey of this login, or a code.' : undefined);
      };

      let proof: Proof | null = null;
      if (method === 'password') {
        if (!(await verifyPassword(login.password_hash, input.password!))) return wrong();
      } else if (method === 'passkey') {
        // Checked against a live `reauth` challenge of this login and one of its passkeys; the
        // challenge is used and the counter moved (a replay or a cloned key is refused) before the proof.
        if (!(await passkeys.finishAssertion(loginId, input.passkey!, client.rp))) return wrong();
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
