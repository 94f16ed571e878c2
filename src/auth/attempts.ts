import type { Actor } from '../access/actor.js';
import { EMAIL_PATTERN } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import { ApiError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { LoginGuard, Verdict } from './guard.js';

/** Who gave a wrong answer, as the audit log records it. */
export interface FailedAttempt {
  workspaceId: string;
  /** The login as typed (sign-in) or as known (re-authentication). */
  email: string;
  ip: string;
  verdict: Verdict;
  /** `wrong_password`, `unknown_email`, `wrong_code`, `wrong_recovery_code`. */
  reason: string;
  /** A re-authentication: the session's account, and the session, are known. */
  actor?: Actor;
  sessionId?: string;
}

/**
 * The guard's judgement and its counting of wrong answers, shared by sign-in (both steps) and
 * re-authentication (src/auth/reauthentication.ts), so both meet the same limits and both are
 * audited as `signin.failed`.
 */
export function createAttempts({ guard, audit, clock }: { guard: LoginGuard; audit: AuditLog; clock: Clock }) {
  return {
    /** Reads the counters; refuses with 429 while the login's back-off or the address's limit holds for this client. */
    async judge(slug: string, email: string, ip: string, device: string | undefined): Promise<Verdict> {
      const verdict = await guard.judge({ workspace: slug, email, ip, device });
      if (!verdict.trusted && verdict.wait > 0) {
        const wait = verdict.wait;
        throw new ApiError('too_many_attempts', `Too many sign-in attempts. Try again in ${formatWait(wait)}.`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
      }
      return verdict;
    },

    /**
     * A wrong password or code: counted by the guard (the device's failures, or the login's and the
     * address's), and audited with the lockout it starts. Without a workspace only counted.
     */
    async failed(attempt: Omit<FailedAttempt, 'workspaceId'> & { workspaceId: string | undefined }): Promise<void> {
      const { workspaceId, email, ip, verdict, reason, actor, sessionId } = attempt;
      const locked = await guard.failed(verdict);
      if (!workspaceId) return;
      // People type their password into the email field: what does not look like an email is
      // not written down, or the audit log (and its CSV exports) would collect passwords.
      const targetLabel = EMAIL_PATTERN.test(email) ? email : null;
      const at = clock.now();
      const who = { actor: actor ?? null, targetAccountId: actor?.accountId ?? null, targetLabel: actor?.label ?? targetLabel, sessionId: sessionId ?? null, ip };
      await audit.recordAlone([
        {
          workspaceId,
          at,
          type: 'signin.failed',
          ...who,
          detail: { reason, ...(verdict.trusted ? { trustedDevice: true } : {}), ...(actor ? { reauthentication: true } : {}) },
        },
        // Once per lockout period: the failure that starts the back-off, not each one after it.
        ...(locked !== null ? [{ workspaceId, at, type: 'signin.locked' as const, ...who, detail: { failures: locked } }] : []),
      ]);
    },

    /** A right answer forgets the failures it was judged by: the device's, or the login's. */
    succeeded: (verdict: Verdict) => guard.succeeded(verdict),
  };
}

export type Attempts = ReturnType<typeof createAttempts>;

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
