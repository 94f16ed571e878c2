import { DAY, MINUTE, type Clock } from '../lib/clock.js';
import type { Counter, GuardStore } from './guard-store.js';

/** How many failures the guard allows, from the configuration. */
export interface GuardRules {
  /** Failures in a row by untrusted clients for one login that start its back-off. */
  loginMaxFailures: number;
  /** The longest back-off, however many more failures come. */
  backoffMaxMs: number;
  /** Failures a trusted device may make for its login within the window before its cookie stops counting. */
  deviceMaxFailures: number;
  /** Failures by untrusted clients from one address within the window. */
  ipMaxFailures: number;
}

/** A device's and an address's failures are forgotten this long after the last one. */
const WINDOW_MS = 15 * MINUTE;
/**
 * A login's failures are forgotten a day after the last one (or at its next sign-in). Longer than
 * the longest back-off, so a guesser who waits it out finds the back-off where it was, not reset.
 */
const LOGIN_MEMORY_MS = DAY;

/** Who is trying to sign in: the login asked for (as typed), the address, and a valid device cookie's nonce. */
export interface SignInAttempt {
  workspace: string;
  email: string;
  ip: string;
  device: string | undefined;
}

/**
 * What the guard decided before the password is checked. A trusted device (a valid device cookie of
 * this login, not itself locked) is judged by its own failures alone; anyone else waits `wait`
 * seconds when the login's back-off or the address's limit holds.
 */
export type Verdict = { trusted: true; deviceKey: string } | { trusted: false; wait: number; loginKey: string; ipKey: string };

/**
 * Slows down online password guessing without letting strangers lock anybody out (OWASP's device
 * cookie scheme). Counters live in the database, so every node sees every failure.
 */
export function createLoginGuard({ store, clock, rules }: { store: GuardStore; clock: Clock; rules: GuardRules }) {
  // The Nth failure in a row holds untrusted attempts for 1 s, each further failure doubles it, up to the cap.
  const backoffUntil = (c: Counter | undefined): number => {
    if (!c || c.failures < rules.loginMaxFailures) return 0;
    const exponent = Math.min(c.failures - rules.loginMaxFailures, 40);
    return c.lastFailureAt + Math.min(1000 * 2 ** exponent, rules.backoffMaxMs);
  };
  // Past the limit, held until the window after the last failure ends.
  const windowUntil = (c: Counter | undefined, max: number): number => (c && c.failures >= max ? c.expiresAt : 0);
  const seconds = (until: number, now: number) => (until > now ? Math.ceil((until - now) / 1000) : 0);

  return {
    /** One read: the counters of this login, this address and this device. */
    async judge(attempt: SignInAttempt): Promise<Verdict> {
      const now = clock.now();
      const loginKey = `login:${attempt.workspace}\n${attempt.email}`;
      const ipKey = `ip:${attempt.ip}`;
      const deviceKey = attempt.device === undefined ? undefined : `device:${attempt.device}`;
      const counters = await store.read(deviceKey ? [loginKey, ipKey, deviceKey] : [loginKey, ipKey], now);
      if (deviceKey && windowUntil(counters.get(deviceKey), rules.deviceMaxFailures) <= now) return { trusted: true, deviceKey };
      const until = Math.max(backoffUntil(counters.get(loginKey)), windowUntil(counters.get(ipKey), rules.ipMaxFailures));
      return { trusted: false, wait: seconds(until, now), loginKey, ipKey };
    },

    /**
     * One write: a wrong password counts against the device when trusted, else against the login and
     * the address. When this failure started the login's back-off (once per lockout period), the
     * number of failures that did it; else null.
     */
    async failed(verdict: Verdict): Promise<number | null> {
      const now = clock.now();
      if (verdict.trusted) {
        await store.fail([{ key: verdict.deviceKey, expiresAt: now + WINDOW_MS }], now);
        return null;
      }
      const counts = await store.fail(
        [
          { key: verdict.loginKey, expiresAt: now + LOGIN_MEMORY_MS },
          { key: verdict.ipKey, expiresAt: now + WINDOW_MS },
        ],
        now,
      );
      return counts.get(verdict.loginKey) === rules.loginMaxFailures ? rules.loginMaxFailures : null;
    },

    /** A right password forgets the failures it was judged by: the device's, or the login's. */
    async succeeded(verdict: Verdict): Promise<void> {
      await store.reset([verdict.trusted ? verdict.deviceKey : verdict.loginKey]);
    },

    /**
     * Guesses of the current password when changing it, per login: only someone holding one of its
     * sessions can make them, so strangers cannot slow the owner down. Seconds to wait, or 0.
     */
    async passwordWait(loginId: string): Promise<number> {
      const now = clock.now();
      const key = `password:${loginId}`;
      return seconds(backoffUntil((await store.read([key], now)).get(key)), now);
    },

    async passwordFailed(loginId: string): Promise<void> {
      const now = clock.now();
      await store.fail([{ key: `password:${loginId}`, expiresAt: now + LOGIN_MEMORY_MS }], now);
    },

    async passwordChanged(loginId: string): Promise<void> {
      await store.reset([`password:${loginId}`]);
    },

    /** Deletes forgotten counters (the background sweep); returns how many. */
    prune(): Promise<number> {
      return store.prune(clock.now());
    },
  };
}

export type LoginGuard = ReturnType<typeof createLoginGuard>;
