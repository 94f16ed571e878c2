import { actorOf, label } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import { allowListMatcher } from '../access/ip-allowlist.js';
import { EMAIL_PATTERN, type AccountService } from '../accounts/service.js';
import type { AuditLog } from '../audit/service.js';
import type { IntegrationService } from '../integrations/service.js';
import type { AccountRow, Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../lib/passwords.js';
import type { SessionService } from '../sessions/service.js';
import type { DeviceCookies } from './device.js';
import type { LoginGuard } from './guard.js';

/** Where a request comes from, as sign-in and switching record it. */
export interface Client {
  ip: string;
  userAgent: string;
  /** The device cookie the browser sent, if any. */
  device?: string | undefined;
}

/** A session just started: the cookie to set, for how long, and what the API answers. */
export interface SignedIn {
  token: string;
  maxAgeSeconds: number;
  /** A new device cookie for this browser (sign-in only): it signed in to this login with the right password. */
  device?: string;
  body: {
    account: { id: string; name: string; email: string; role: Role; isPrimary: boolean };
    session: { id: string; flags: string[] };
  };
}

export interface SignInInput {
  workspace: string;
  email: string;
  password: string;
  account?: Role | undefined;
}

interface Deps {
  accounts: AccountService;
  sessions: SessionService;
  audit: AuditLog;
  /** A password change revokes the login's personal access tokens, in the same transaction. */
  tokens: Pick<IntegrationService, 'revokeTokensWithin'>;
  /** Failed sign-ins per login, address and trusted device, shared by every node. */
  guard: LoginGuard;
  /** Signs and checks device cookies. */
  devices: DeviceCookies;
  clock: Clock;
}

/** Sign-in, sign-out, switching to the linked account and changing the password. */
export function createAuthService({ accounts, sessions, audit, tokens, guard, devices, clock }: Deps) {
  const allowed = (allowlist: string, ip: string) => allowListMatcher(parseList(allowlist))(ip);

  return {
    async signIn(input: SignInInput, client: Client): Promise<SignedIn> {
      const slug = input.workspace.toLowerCase();
      const email = input.email.trim().toLowerCase();
      const { ip } = client;
      const workspace = await accounts.workspaceBySlug(slug);
      const login = workspace ? await accounts.loginByEmail(workspace.id, email) : undefined;
      // A browser that signed in to this login before is judged by its own failures only: a
      // stranger's guesses, from anywhere, never lock it out. Everyone else meets the back-off.
      const device = login ? await devices.verify(client.device, login) : undefined;
      const verdict = await guard.judge({ workspace: slug, email, ip, device });
      if (!verdict.trusted && verdict.wait > 0) {
        const wait = verdict.wait;
        throw new ApiError('too_many_attempts', `Too many sign-in attempts. Try again in ${formatWait(wait)}.`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
      }

      const valid = login ? await verifyPassword(login.password_hash, input.password) : await verifyAgainstNothing(input.password);
      if (!workspace || !login || !valid) {
        const locked = await guard.failed(verdict);
        if (workspace) {
          // People type their password into the email field: what does not look like an email is
          // not written down, or the audit log (and its CSV exports) would collect passwords.
          const targetLabel = EMAIL_PATTERN.test(email) ? email : null;
          const at = clock.now();
          await audit.recordAlone([
            {
              workspaceId: workspace.id,
              at,
              type: 'signin.failed',
              actor: null,
              targetLabel,
              ip,
              detail: { reason: login ? 'wrong_password' : 'unknown_email', ...(verdict.trusted ? { trustedDevice: true } : {}) },
            },
            // Once per lockout period: the failure that starts the back-off, not each one after it.
            ...(locked !== null ? [{ workspaceId: workspace.id, at, type: 'signin.locked' as const, actor: null, targetLabel, ip, detail: { failures: locked } }] : []),
          ]);
        }
        throw new ApiError('invalid_credentials');
      }

      const held = await accounts.accountsOfLogin(login.id);
      const refuse = async (code: 'account_disabled' | 'ip_not_allowed', account?: AccountRow): Promise<never> => {
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

      let account: AccountRow | undefined;
      if (input.account) {
        account = held.find((a) => a.role === input.account);
        if (!account) throw new ApiError('invalid_request', `This login has no ${input.account === 'admin' ? 'administrator' : 'agent'} account.`);
        if (account.disabled) return refuse('account_disabled', account);
      } else {
        const enabled = held.filter((a) => !a.disabled);
        if (enabled.length === 0) return refuse('account_disabled', held[0]);
        if (enabled.length > 1) {
          throw new ApiError('account_choice_required', undefined, {
            accounts: enabled.map((a) => ({ role: a.role, name: a.name })),
          });
        }
        account = enabled[0];
      }
      if (!account) throw new ApiError('invalid_credentials');

      if (!allowed(workspace.ip_allowlist, ip)) return refuse('ip_not_allowed', account);

      await guard.succeeded(verdict);
      const started = await sessions.start({ workspace, login, account, ip, userAgent: client.userAgent });
      return {
        token: started.token,
        maxAgeSeconds: workspace.absolute_lifetime_minutes * 60,
        device: await devices.issue(login),
        body: {
          account: { id: account.id, name: account.name, email, role: account.role, isPrimary: account.is_primary === 1 },
          session: { id: started.sessionId, flags: started.flags },
        },
      };
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
      const prepared = await sessions.prepareStart({ workspace, login, account: target, ip, userAgent: client.userAgent });
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
        token: started.token,
        maxAgeSeconds: workspace.absolute_lifetime_minutes * 60,
        body: {
          account: { id: target.id, name: target.name, email: login.email, role: target.role, isPrimary: target.is_primary === 1 },
          session: { id: started.sessionId, flags: started.flags },
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
        throw new ApiError('invalid_request', 'The new password must differ from the current one.');
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

    /** Deletes failure counters nobody needs any more (the background sweep); returns how many. */
    pruneFailures(): Promise<number> {
      return guard.prune();
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
