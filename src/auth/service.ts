import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { actorOf, label } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { allowListMatcher } from '../access/ip-allowlist.js';
import type { AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import type { IntegrationService } from '../integrations/service.js';
import type { AccountRow, AuthMethod, LoginRow, Role, SessionRestriction, WorkspaceRow } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { iso, MINUTE, type Clock } from '../lib/clock.js';
import { hashToken, isTokenShaped, newToken } from '../lib/ids.js';
import { parseList } from '../lib/json.js';
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../lib/passwords.js';
import type { SessionService } from '../sessions/service.js';
import { LONGEST_LIFETIME_MINUTES } from '../sessions/types.js';
import type { Attempts } from './attempts.js';
import type { ShiftService } from '../shifts/service.js';
import type { DeviceCookies } from './device.js';
import type { LoginGuard, Verdict } from './guard.js';
import { ProofRefused, type SecondFactors } from './second-factor.js';
import type { SecondFactorStore } from './second-factor-store.js';
import type { Client, SecondStep, SignedIn, SignInInput } from './sign-in.js';
import type { Passkeys } from './passkeys.js';

/** How long the second step may take after the password. */
const CHALLENGE_MS = 5 * MINUTE;
/** Wrong codes one challenge takes before it is used up (the guard's limits count them too). */
const CHALLENGE_MAX_ATTEMPTS = 5;

interface Deps {
  accounts: AccountService;
  sessions: SessionService;
  audit: AuditLog;
  /** A password change revokes the login's personal access tokens, in the same transaction. */
  tokens: Pick<IntegrationService, 'revokeTokensWithin'>;
  /** Failed sign-ins per login, address and trusted device, shared by every node. */
  guard: LoginGuard;
  /** The guard's judgement and the counting and auditing of wrong answers (shared with re-authentication). */
  attempts: Attempts;
  /** Signs and checks device cookies. */
  devices: DeviceCookies;
  /** The logins' second factors. */
  secondFactors: SecondFactors;
  /** Passkeys: the options and the check of the second step. */
  passkeys: Pick<Passkeys, 'signInOptions' | 'checkSignIn' | 'prune'>;
  /** Sign-in challenges between the password and the code. */
  challenges: Pick<SecondFactorStore, 'insertChallenge' | 'liveChallenge' | 'failChallenge' | 'consumeChallenge' | 'pruneChallenges'>;
  /** Refuses agents outside their working hours. */
  shifts: Pick<ShiftService, 'assertMayStart'>;
  clock: Clock;
}

/** Sign-in, sign-out, switching to the linked account and changing the password. */
/**
 * The session cookie lives as long as any session may (not the workspace's lifetime at sign-in),
 * so raising the lifetime later loses no session to its cookie: the server decides when it ends.
 */
const COOKIE_MAX_AGE_SECONDS = LONGEST_LIFETIME_MINUTES * 60;

export function createAuthService({ accounts, sessions, audit, tokens, guard, attempts, devices, secondFactors, passkeys, challenges, shifts, clock }: Deps) {
  const allowed = (allowlist: string, ip: string) => allowListMatcher(parseList(allowlist))(ip);

  // A sign-in refused after the password (or the code) was right: audited, and answered with `code`.
  const refuse = async (workspace: WorkspaceRow, email: string, ip: string, code: 'account_disabled' | 'ip_not_allowed', account?: AccountRow): Promise<never> => {
    await audit.recordAlone([
      {
        workspaceId: workspace.id,
        at: clock.now(),
        type: 'signin.refused',
        actor: null,
        targetAccountId: account?.id ?? null,
        targetLabel: account ? label(account.name, email) : email,
        ip,
        detail: { reason: code },
      },
    ]);
    throw new ApiError(code);
  };

  const { judge } = attempts;
  const failed = (workspace: WorkspaceRow | undefined, email: string, ip: string, verdict: Verdict, reason: string) =>
    attempts.failed({ workspaceId: workspace?.id, email, ip, verdict, reason });

  const signedIn = async (
    workspace: WorkspaceRow,
    login: LoginRow,
    account: AccountRow,
    started: { token: string; sessionId: string; flags: string[] },
    session: { authMethod: AuthMethod; restriction: SessionRestriction | null },
  ): Promise<SignedIn> => ({
    kind: 'signed_in',
    token: started.token,
    maxAgeSeconds: COOKIE_MAX_AGE_SECONDS,
    device: await devices.issue(login),
    body: {
      account: { id: account.id, name: account.name, email: login.email, role: account.role, isPrimary: account.is_primary === 1 },
      session: { id: started.sessionId, flags: started.flags, ...session },
    },
  });

  return {
    /**
     * The password step. A login with a second factor gets a challenge for the second step
     * instead of a session; one the workspace requires to have a factor, past its grace period,
     * without one gets a session limited to enrolment.
     */
    async signIn(input: SignInInput, client: Client): Promise<SignedIn | SecondStep> {
      const slug = input.workspace.toLowerCase();
      const email = input.email.trim().toLowerCase();
      const { ip } = client;
      const workspace = await accounts.workspaceBySlug(slug);
      const login = workspace ? await accounts.loginByEmail(workspace.id, email) : undefined;
      // A browser that signed in to this login before is judged by its own failures only: a
      // stranger's guesses, from anywhere, never lock it out. Everyone else meets the back-off.
      const device = login ? await devices.verify(client.device, login) : undefined;
      const verdict = await judge(slug, email, ip, device);

      const valid = login ? await verifyPassword(login.password_hash, input.password) : await verifyAgainstNothing(input.password);
      if (!workspace || !login || !valid) {
        await failed(workspace, email, ip, verdict, login ? 'wrong_password' : 'unknown_email');
        throw new ApiError('invalid_credentials');
      }

      const held = await accounts.accountsOfLogin(login.id);

      let account: AccountRow | undefined;
      if (input.account) {
        account = held.find((a) => a.role === input.account);
        if (!account) throw new ApiError('invalid_request', `This login has no ${input.account === 'admin' ? 'administrator' : 'agent'} account.`);
        if (account.disabled) return refuse(workspace, email, ip, 'account_disabled', account);
      } else {
        const enabled = held.filter((a) => !a.disabled);
        if (enabled.length === 0) return refuse(workspace, email, ip, 'account_disabled', held[0]);
        if (enabled.length > 1) {
          throw new ApiError('account_choice_required', undefined, {
            accounts: enabled.map((a) => ({ role: a.role, name: a.name })),
          });
        }
        account = enabled[0];
      }
      if (!account) throw new ApiError('invalid_credentials');

      if (!allowed(workspace.ip_allowlist, ip)) return refuse(workspace, email, ip, 'ip_not_allowed', account);
      await shifts.assertMayStart(workspace, account, email, ip);

      const demand = await secondFactors.demandOf(workspace, login.id, account.role);
      if (demand === 'code') {
        // Not a session and no cookie: a single-purpose secret for the second step, bound to this
        // login, account and workspace, usable once within 5 minutes. The guard's counters stay
        // as they are until the code is right too, so a known password buys no free guesses.
        const challenge = newToken();
        const now = clock.now();
        const methods = await secondFactors.methodsOf(login.id);
        // A passkey's WebAuthn challenge is bound to this password step: it answers no other.
        const passkey = methods.includes('passkey') && client.rp ? await passkeys.signInOptions(login.id, hashToken(challenge), client.rp) : undefined;
        await challenges.insertChallenge({
          token_hash: hashToken(challenge),
          workspace_id: workspace.id,
          login_id: login.id,
          account_id: account.id,
          created_at: now,
          expires_at: now + CHALLENGE_MS,
          attempts: 0,
          used_at: null,
        });
        return {
          kind: 'second_factor',
          body: { next: 'second_factor', challenge, expiresAt: iso(now + CHALLENGE_MS), methods, ...(passkey ? { passkey: { ...passkey } } : {}) },
        };
      }

      await guard.succeeded(verdict);
      const restriction = demand === 'enrol' ? ('second_factor_enrolment' as const) : null;
      const started = await sessions.start({ workspace, login, account, ip, userAgent: client.userAgent, restriction });
      return signedIn(workspace, login, account, started, { authMethod: 'password', restriction });
    },

    /**
     * The second step: a challenge from the password step and a current authenticator code or a
     * recovery code. A wrong one counts like a wrong password (the same guard, the same limits)
     * and against the challenge (5 at most); a code is accepted once per time-step. The session
     * then starts exactly as a one-step sign-in's does, recording how it was authenticated.
     */
    async completeSignIn(
      input: { challenge: string; code?: string | undefined; recoveryCode?: string | undefined; passkey?: AuthenticationResponseJSON | undefined },
      client: Client,
    ): Promise<SignedIn> {
      if ([input.code, input.recoveryCode, input.passkey].filter((given) => given !== undefined).length !== 1)
        throw new ApiError('invalid_request', 'Send one of "code", "recoveryCode" or "passkey".');
      const now = clock.now();
      const tokenHash = isTokenShaped(input.challenge) ? hashToken(input.challenge) : null;
      const challenge = tokenHash ? await challenges.liveChallenge(tokenHash, now) : undefined;
      if (!tokenHash || !challenge) throw new ApiError('challenge_expired');
      const [workspace, login, account] = await Promise.all([
        accounts.workspaceById(challenge.workspace_id),
        accounts.loginById(challenge.login_id),
        accounts.accountInWorkspace(challenge.workspace_id, challenge.account_id),
      ]);
      if (!workspace || !login || !account || account.login_id !== login.id) throw new ApiError('challenge_expired');
      const { ip } = client;
      const verdict = await judge(workspace.slug, login.email, ip, await devices.verify(client.device, login));
      if (account.disabled) return refuse(workspace, login.email, ip, 'account_disabled', account);
      if (!allowed(workspace.ip_allowlist, ip)) return refuse(workspace, login.email, ip, 'ip_not_allowed', account);
      await shifts.assertMayStart(workspace, account, login.email, ip);

      const wrong = async (): Promise<never> => {
        await challenges.failChallenge(tokenHash, clock.now(), CHALLENGE_MAX_ATTEMPTS);
        await failed(workspace, login.email, ip, verdict, input.passkey ? 'wrong_passkey' : input.recoveryCode !== undefined ? 'wrong_recovery_code' : 'wrong_code');
        throw new ApiError('invalid_code', input.passkey ? 'The passkey was not accepted. Use a passkey of this account, or a code.' : undefined);
      };
      const proof = input.passkey
        ? client.rp
          ? await passkeys.checkSignIn(login.id, tokenHash, input.passkey, client.rp)
          : null
        : await secondFactors.check(login.id, input);
      if (!proof) return wrong();
      const prepared = await sessions.prepareStart({ workspace, login, account, ip, userAgent: client.userAgent, method: proof.method });
      let started;
      try {
        // The challenge used, the code taken (or the recovery code spent), the session and their
        // audit rows commit together: a replayed code or a second use of the challenge rolls all back.
        started = await sessions.change(async (change) => {
          if (!(await challenges.consumeChallenge(change.trx, tokenHash, clock.now()))) throw new ApiError('challenge_expired');
          await secondFactors.use(change.trx, login.id, proof);
          const begun = await change.start(prepared);
          if (proof.method !== 'password+totp') {
            await audit.record(change.trx, [
              {
                workspaceId: workspace.id,
                at: clock.now(),
                type: proof.method === 'recovery_code' ? 'second_factor.recovery_code_used' : 'second_factor.passkey_used',
                actor: { accountId: account.id, label: label(account.name, login.email), ip },
                targetAccountId: account.id,
                targetLabel: label(account.name, login.email),
                sessionId: begun.sessionId,
                detail: proof.method === 'recovery_code' ? { left: await secondFactors.recoveryCodesLeft(login.id, change.trx) } : { name: proof.name },
              },
            ]);
          }
          return begun;
        });
      } catch (err) {
        if (err instanceof ProofRefused) return wrong();
        throw err;
      }
      await guard.succeeded(verdict);
      return signedIn(workspace, login, account, started, { authMethod: proof.method, restriction: null });
    },

    async signOut(ctx: SessionContext, ip: string): Promise<void> {
      await sessions.end({ workspaceId: ctx.workspace.id, sessionIds: [ctx.session.id] }, 'signed_out', actorOf(ctx, ip));
    },

    async switchAccount(ctx: SessionContext, role: Role, client: Client): Promise<SignedIn> {
      if (role === ctx.account.role) {
        throw new ApiError('invalid_request', `You are already signed in to your ${ctx.account.role === 'admin' ? 'administrator' : 'agent'} account.`);
      }
      if (!ctx.linked || ctx.linked.role !== role) throw new ApiError('no_linked_account');
      if (ctx.linked.disabled) throw new ApiError('account_disabled', 'Your linked account is disabled. Ask an administrator.');
      const [workspace, login, target] = await Promise.all([
        accounts.workspaceById(ctx.workspace.id),
        accounts.loginById(ctx.session.loginId),
        accounts.accountInWorkspace(ctx.workspace.id, ctx.linked.id),
      ]);
      if (!workspace || !login || !target) throw new ApiError('not_found');
      const { ip } = client;
      if (!allowed(workspace.ip_allowlist, ip)) throw new ApiError('ip_not_allowed');
      await shifts.assertMayStart(workspace, target, login.email, ip);
      // The new session is authenticated as the current one was; it is limited to enrolment when
      // the linked account's role requires a second factor this login still lacks.
      const restriction = (await secondFactors.demandOf(workspace, login.id, target.role)) === 'enrol' ? ('second_factor_enrolment' as const) : null;
      // It also inherits when the login last proved itself: switching proves nothing, so it
      // must not open a fresh re-authentication window (src/auth/reauthentication.ts).
      const provenAt = (await sessions.provenAt(ctx.session.id)) ?? ctx.session.createdAt;
      const prepared = await sessions.prepareStart({
        workspace,
        login,
        account: target,
        ip,
        userAgent: client.userAgent,
        method: ctx.session.authMethod,
        restriction,
        provenAt,
      });
      const actor = actorOf(ctx, ip);
      // The new session, the end of the old one and the audit rows commit together (rule 8).
      const started = await sessions.change(async (change) => {
        const begun = await change.start(prepared);
        await change.end({ workspaceId: workspace.id, sessionIds: [ctx.session.id] }, 'switched', actor);
        await audit.record(change.trx, [
          {
            workspaceId: workspace.id,
            at: clock.now(),
            type: 'account.switched',
            actor,
            targetAccountId: target.id,
            targetLabel: label(target.name, login.email),
            sessionId: begun.sessionId,
            detail: { from: ctx.account.role, to: target.role },
          },
        ]);
        return begun;
      });
      return {
        kind: 'signed_in',
        token: started.token,
        maxAgeSeconds: COOKIE_MAX_AGE_SECONDS,
        body: {
          account: { id: target.id, name: target.name, email: login.email, role: target.role, isPrimary: target.is_primary === 1 },
          session: { id: started.sessionId, flags: started.flags, authMethod: ctx.session.authMethod, restriction },
        },
      };
    },

    /**
     * Changes the login's password and ends its other sessions. Every device cookie of the login
     * stops counting with the old password; this browser, which just proved the password, gets a
     * new one. Returns how many sessions ended and that cookie.
     */
    async changePassword(ctx: SessionContext, input: { current: string; next: string }, ip: string): Promise<{ endedSessions: number; device: string }> {
      const login = await accounts.loginById(ctx.session.loginId);
      if (!login) throw new ApiError('unauthenticated');
      const wait = await guard.passwordWait(login.id);
      if (wait > 0) throw new ApiError('too_many_attempts', undefined, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
      if (!(await verifyPassword(login.password_hash, input.current))) {
        await guard.passwordFailed(login.id);
        throw new ApiError('wrong_password');
      }
      if (input.next === input.current) {
        throw new ApiError('invalid_request', 'The new password must differ from the current one.', { field: 'next', rule: 'password_unchanged' });
      }
      // Hashed before the transaction: argon2 takes tens of milliseconds, and on SQLite an open
      // transaction holds every session check back.
      const hash = await hashPassword(input.next);
      const actor = actorOf(ctx, ip);
      // The new hash, the other sessions it ends and the audit rows commit together (rule 8): no
      // fault can leave a changed password with the old sessions alive, or a change unrecorded.
      const endedSessions = await sessions.change(async (change) => {
        await accounts.setPassword(login.id, hash, clock.now(), change.trx);
        const ended = await change.end({ workspaceId: ctx.workspace.id, loginId: login.id, exceptSessionId: ctx.session.id }, 'password_changed', actor);
        await tokens.revokeTokensWithin(change.trx, { workspaceId: ctx.workspace.id, loginId: login.id }, 'password_changed', actor, ctx.session.id);
        await audit.record(change.trx, [
          {
            workspaceId: ctx.workspace.id,
            at: clock.now(),
            type: 'password.changed',
            actor,
            targetAccountId: ctx.account.id,
            targetLabel: actor.label,
            sessionId: ctx.session.id,
            detail: { endedSessions: ended.length },
          },
        ]);
        return ended.length;
      });
      await guard.passwordChanged(login.id);
      // Device cookies are signed over the password hash, which is new now.
      return { endedSessions, device: await devices.issue({ id: login.id, password_hash: hash }) };
    },

    /** Deletes failure counters and sign-in challenges nobody needs any more (the background sweep); returns how many. */
    async pruneFailures(): Promise<number> {
      return (await guard.prune()) + (await challenges.pruneChallenges(clock.now())) + (await passkeys.prune());
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
