import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import type { AuditLog } from '../audit/service.js';
import type { AuthMethod, PasskeyPurpose, PasskeyRow } from '../db/schema.js';
import type { Executor } from '../db/types.js';
import { ApiError } from '../errors.js';
import type { RelyingParty } from '../http/host.js';
import { iso, MINUTE, type Clock } from '../lib/clock.js';
import { parseList } from '../lib/json.js';
import type { SessionService } from '../sessions/service.js';
import { ownFactorEvent, recordEnrolment } from './factor-events.js';
import type { PasskeyStore } from './passkey-store.js';
import type { SecondFactorStore } from './second-factor-store.js';
import { newRecoveryCodes, recoveryCodeHash } from './totp.js';

/** A passkey assertion checked but not yet used: the credential, its counter's move, and the challenge it signed. */
export interface PasskeyProof {
  method: Extract<AuthMethod, 'password+passkey'>;
  passkeyId: string;
  name: string;
  from: number;
  to: number;
  challenge: string;
}

/** A challenge answered by the browser within this long, and used once. */
const CHALLENGE_MS = 5 * MINUTE;

interface Deps {
  store: PasskeyStore;
  /** The login's authenticator app and recovery codes: the first factor of a login brings recovery codes. */
  factors: Pick<SecondFactorStore, 'factorOf' | 'replaceRecoveryCodes' | 'clearReset'>;
  sessions: SessionService;
  audit: AuditLog;
  clock: Clock;
}

/** The challenge the browser signed, read from its client data; null when it is not there. */
function challengeOf(response: { response: { clientDataJSON: string } }): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
    const challenge = parsed && typeof parsed === 'object' && 'challenge' in parsed ? parsed.challenge : null;
    return typeof challenge === 'string' ? challenge : null;
  } catch {
    return null;
  }
}

const transportsOf = (row: PasskeyRow) => parseList(row.transports) as AuthenticatorTransportFuture[];

/** What My account › Two-factor shows of a passkey (never its key). */
const present = (row: PasskeyRow) => ({
  id: row.id,
  name: row.name,
  transports: parseList(row.transports),
  createdAt: iso(row.created_at)!,
  lastUsedAt: iso(row.last_used_at),
});

/**
 * Passkeys and security keys (WebAuthn) as a second factor: enrolment, renaming and removal from
 * My account, the sign-in second step, and a re-authentication others can ask for. Every
 * challenge is single-use, short-lived and bound to one login (and to one password step); a
 * credential of another login is refused, and so is a sign counter that does not go up.
 */
export function createPasskeys({ store, factors, sessions, audit, clock }: Deps) {
  const newChallenge = async (loginId: string, purpose: PasskeyPurpose, challenge: string, signInHash: string | null = null) => {
    const now = clock.now();
    await store.insertChallenge({ challenge, login_id: loginId, purpose, sign_in_hash: signInHash, created_at: now, expires_at: now + CHALLENGE_MS, used_at: null });
  };

  const assertionOptions = async (
    loginId: string,
    rp: RelyingParty,
    purpose: PasskeyPurpose,
    signInHash: string | null = null,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> => {
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: (await store.listOf(loginId)).map((p) => ({ id: p.id, transports: transportsOf(p) })),
      userVerification: 'preferred',
      timeout: CHALLENGE_MS,
    });
    await newChallenge(loginId, purpose, options.challenge, signInHash);
    return options;
  };

  /**
   * Checks an assertion against a live challenge of this login and purpose (for sign-in, the one
   * issued with this password step) and one of the login's own passkeys. The library checks the
   * origin, the RP ID, the signature and that the counter went up. Null when anything is wrong.
   */
  const verifyAssertion = async (
    loginId: string,
    purpose: PasskeyPurpose,
    response: AuthenticationResponseJSON,
    rp: RelyingParty,
    signInHash: string | null = null,
  ): Promise<PasskeyProof | null> => {
    const signed = challengeOf(response);
    const challenge = signed ? await store.liveChallenge(signed, loginId, purpose, clock.now()) : undefined;
    if (!challenge || challenge.sign_in_hash !== signInHash) return null;
    const passkey = typeof response.id === 'string' ? await store.findOf(loginId, response.id) : undefined;
    if (!passkey) return null;
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: passkey.id, publicKey: Buffer.from(passkey.public_key, 'base64url'), counter: passkey.counter, transports: transportsOf(passkey) },
        // A second factor after the password: the key's presence is the proof, a PIN is not asked for.
        requireUserVerification: false,
      });
      if (!verified) return null;
      return {
        method: 'password+passkey',
        passkeyId: passkey.id,
        name: passkey.name,
        from: passkey.counter,
        to: authenticationInfo.newCounter,
        challenge: challenge.challenge,
      };
    } catch {
      // Malformed data, a wrong signature, origin or RP ID, or a counter that did not go up.
      return null;
    }
  };

  /** Uses a proof inside the caller's transaction: the challenge once, the counter only from where it was read. */
  const use = async (trx: Executor, proof: PasskeyProof): Promise<boolean> =>
    (await store.consumeChallenge(trx, proof.challenge, clock.now())) && (await store.use(trx, proof.passkeyId, proof.from, proof.to, clock.now()));

  return {
    /** Whether the login has at least one passkey (it then signs in in two steps). */
    has: async (loginId: string) => (await store.listOf(loginId)).length > 0,

    /** The login's passkeys, as My account › Two-factor lists them. */
    list: async (ctx: SessionContext) => ({ passkeys: (await store.listOf(ctx.session.loginId)).map(present) }),

    /** The options for the second step of a sign-in, bound to its password-step challenge (by hash). */
    signInOptions: (loginId: string, signInHash: string, rp: RelyingParty) => assertionOptions(loginId, rp, 'sign_in', signInHash),

    /** Checks the second step's assertion without using it; null when it is refused. */
    checkSignIn: (loginId: string, signInHash: string, response: AuthenticationResponseJSON, rp: RelyingParty) =>
      verifyAssertion(loginId, 'sign_in', response, rp, signInHash),

    use,

    /** For re-authentication: options with a new challenge for this login's passkeys. */
    startAssertion: (loginId: string, rp: RelyingParty) => assertionOptions(loginId, rp, 'reauth'),

    /**
     * For re-authentication: true when the assertion answers a challenge `startAssertion` issued
     * to this login, with one of its passkeys; the challenge is then used and the counter moved
     * (its own transaction). False when refused; the caller counts the failure.
     */
    async finishAssertion(loginId: string, response: AuthenticationResponseJSON, rp: RelyingParty): Promise<boolean> {
      const proof = await verifyAssertion(loginId, 'reauth', response, rp);
      return proof !== null && (await store.transaction((trx) => use(trx, proof)));
    },

    /** An administrator's reset, inside its transaction: every passkey of the login goes. */
    removeAll: (trx: Executor, loginId: string) => store.removeAll(trx, loginId),

    /** Starts adding a passkey to the caller's login: the options for the browser, with a new challenge. */
    async startEnrolment(ctx: SessionContext, rp: RelyingParty) {
      const loginId = ctx.session.loginId;
      const options = await generateRegistrationOptions({
        rpName: 'Gatehouse',
        rpID: rp.id,
        userName: `${ctx.account.email} (${ctx.workspace.slug})`,
        userDisplayName: ctx.account.name,
        userID: new TextEncoder().encode(loginId),
        attestationType: 'none',
        excludeCredentials: (await store.listOf(loginId)).map((p) => ({ id: p.id, transports: transportsOf(p) })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        timeout: CHALLENGE_MS,
      });
      await newChallenge(loginId, 'enrol', options.challenge);
      return options;
    },

    /**
     * Finishes adding a passkey: the browser's answer must sign a live enrolment challenge of this
     * login. The login's first factor brings ten recovery codes (returned once); a session limited
     * to enrolment becomes a full one. One transaction with the audit row.
     */
    async finishEnrolment(ctx: SessionContext, actor: Actor, input: { name: string; response: RegistrationResponseJSON }, rp: RelyingParty) {
      const loginId = ctx.session.loginId;
      const name = input.name.trim();
      if (name === '') throw new ApiError('invalid_request', 'Give the passkey a name.', { field: 'name', rule: 'minLength', limit: 1 });
      const signed = challengeOf(input.response);
      const challenge = signed ? await store.liveChallenge(signed, loginId, 'enrol', clock.now()) : undefined;
      if (!challenge) throw new ApiError('no_enrolment', 'Start adding the passkey again; the request may have expired.');
      let info;
      try {
        const verified = await verifyRegistrationResponse({
          response: input.response,
          expectedChallenge: challenge.challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: false,
        });
        info = verified.verified ? verified.registrationInfo : undefined;
      } catch {
        info = undefined;
      }
      if (!info) throw new ApiError('passkey_refused');
      const { credential } = info;
      if (await store.exists(credential.id)) throw new ApiError('passkey_refused', 'This passkey is already registered.');
      const now = clock.now();
      const [factor, existing] = await Promise.all([factors.factorOf(loginId), store.listOf(loginId)]);
      const codes = (factor?.confirmed_at ?? null) === null && existing.length === 0 ? newRecoveryCodes() : [];
      const row: PasskeyRow = {
        id: credential.id,
        login_id: loginId,
        workspace_id: ctx.workspace.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: JSON.stringify(credential.transports ?? input.response.response.transports ?? []),
        name,
        created_at: now,
        last_used_at: null,
      };
      await sessions.change(async ({ trx }) => {
        if (!(await store.consumeChallenge(trx, challenge.challenge, now)))
          throw new ApiError('no_enrolment', 'Start adding the passkey again; the request may have expired.');
        await store.insert(trx, row);
        // An administrator's reset is answered: removing this passkey later must not send sign-in back to enrolment.
        await factors.clearReset(trx, loginId);
        if (codes.length > 0) await factors.replaceRecoveryCodes(trx, loginId, codes.map(recoveryCodeHash), now);
        await recordEnrolment({ sessions, audit }, trx, {
          ctx,
          actor,
          method: 'password+passkey',
          now,
          detail: { kind: 'passkey', name, ...(codes.length > 0 ? { recoveryCodes: codes.length } : {}) },
        });
      });
      return { passkey: present(row), recoveryCodes: codes };
    },

    /** Renames one of the caller's passkeys. */
    async rename(ctx: SessionContext, id: string, name: string) {
      const trimmed = name.trim();
      if (trimmed === '') throw new ApiError('invalid_request', 'Give the passkey a name.', { field: 'name', rule: 'minLength', limit: 1 });
      if (!(await store.rename(ctx.session.loginId, id, trimmed))) throw new ApiError('not_found', 'No such passkey.');
      const row = await store.findOf(ctx.session.loginId, id);
      if (!row) throw new ApiError('not_found', 'No such passkey.');
      return present(row);
    },

    /** Removes one of the caller's passkeys, with its audit row. */
    async remove(ctx: SessionContext, actor: Actor, id: string) {
      const row = await store.findOf(ctx.session.loginId, id);
      if (!row) throw new ApiError('not_found', 'No such passkey.');
      const hasTotp = ((await factors.factorOf(ctx.session.loginId))?.confirmed_at ?? null) !== null;
      await sessions.change(async ({ trx }) => {
        if (!(await store.remove(trx, ctx.session.loginId, id))) throw new ApiError('not_found', 'No such passkey.');
        // Recovery codes stand in for a factor: with the last one gone, they go too.
        if (!hasTotp && (await store.listOf(ctx.session.loginId, trx)).length === 0) await factors.replaceRecoveryCodes(trx, ctx.session.loginId, [], clock.now());
        await audit.record(trx, [ownFactorEvent(ctx, actor, 'second_factor.removed', clock.now(), { kind: 'passkey', name: row.name })]);
      });
    },

    /** Deletes challenges nobody can use any more (the background sweep); returns how many. */
    prune: () => store.pruneChallenges(clock.now()),
  };
}

export type Passkeys = ReturnType<typeof createPasskeys>;
