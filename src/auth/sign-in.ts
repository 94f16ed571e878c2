import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { AuthMethod, Role, SessionRestriction } from '../db/schema.js';
import type { RelyingParty } from '../http/host.js';

/** The ways a login can finish the second step of its sign-in. */
export type SecondStepMethod = 'totp' | 'passkey' | 'recovery_code';

/** Where a request comes from, as sign-in and switching record it. */
export interface Client {
  ip: string;
  userAgent: string;
  /** The device cookie the browser sent, if any. */
  device?: string | undefined;
  /** The relying party passkeys are checked against (src/http/host.ts); sign-in's two steps pass it. */
  rp?: RelyingParty | undefined;
}

/** A session just started: the cookie to set, for how long, and what the API answers. */
export interface SignedIn {
  kind: 'signed_in';
  token: string;
  maxAgeSeconds: number;
  /** A new device cookie for this browser (sign-in only): it signed in to this login with the right password. */
  device?: string;
  body: {
    account: { id: string; name: string; email: string; role: Role; isPrimary: boolean };
    session: { id: string; flags: string[]; authMethod: AuthMethod; restriction: SessionRestriction | null };
  };
}

/** A right password for a login with a second factor: no session yet, a challenge for the second step (docs/API.md). */
export interface SecondStep {
  kind: 'second_factor';
  body: {
    next: 'second_factor';
    challenge: string;
    expiresAt: string;
    methods: SecondStepMethod[];
    /** For a login with a passkey: the options for the browser's `navigator.credentials.get()`. */
    passkey?: PublicKeyCredentialRequestOptionsJSON & Record<string, unknown>;
  };
}

export interface SignInInput {
  workspace: string;
  email: string;
  password: string;
  account?: Role | undefined;
}
