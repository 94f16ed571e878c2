import { Webhook } from 'standardwebhooks';
import { MINUTE, HOUR, type Clock } from '../lib/clock.js';
import { postMessage } from './send.js';
import type { ClaimedDelivery, WebhookStore } from './store.js';

/**
 * Waits before each retry: the first attempt is at once, then these (each ±20 %), 34 hours in
 * all, so an endpoint that is down for a day still gets every message; after the last, the
 * delivery is `failed` (it can still be re-sent by hand).
 */
const RETRY_DELAYS_MS: readonly number[] = [30_000, 2 * MINUTE, 10 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 12 * HOUR];

export interface DispatcherOptions {
  /** The clock that schedules attempts and dates signatures (default: the services' clock). */
  clock?: Clock;
  /** How often due deliveries are looked for. */
  intervalMs?: number;
  /** The waits between attempts (tests shorten them). */
  retryDelaysMs?: readonly number[];
  /** How long an endpoint has to answer. */
  timeoutMs?: number;
  /** Deliveries claimed, and sent side by side, at once. */
  batchSize?: number;
}

interface Deps extends DispatcherOptions {
  store: WebhookStore;
  clock: Clock;
  allowPrivate: boolean;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface Dispatcher {
  /** Sends what is due now; resolves with how many attempts were made. */
  runOnce(): Promise<number>;
  /** Stops looking for work and waits for the attempts under way. */
  stop(): Promise<void>;
}

/** The `webhook-signature` value: the current secret's, and the previous one's while it is still honoured. */
function signatureOf(d: Pick<ClaimedDelivery, 'message_id' | 'payload' | 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, at: Date): string {
  const signatures = [new Webhook(d.secret).sign(d.message_id, at, d.payload)];
  if (d.previous_secret && d.previous_secret_expires_at !== null && d.previous_secret_expires_at > at.getTime()) {
    signatures.push(new Webhook(d.previous_secret).sign(d.message_id, at, d.payload));
  }
  return signatures.join(' ');
}

/**
 * Sends the outbox. Each pass leases the due deliveries it takes (`locked_until`), so with
 * several nodes on one PostgreSQL database each delivery is sent by one of them; a node that
 * stops mid-attempt leaves a lease that runs out, and another pass (here or elsewhere) takes the
 * delivery again. Nothing here runs inside a request: the request only wrote the outbox row.
 */
export function createDispatcher({
  store,
  clock,
  allowPrivate,
  log,
  intervalMs = 1000,
  retryDelaysMs = RETRY_DELAYS_MS,
  timeoutMs = 10_000,
  batchSize = 20,
}: Deps): Dispatcher {
  // Longer than an attempt can take (resolution, connection, answer), so a lease never runs out
  // while its attempt is still under way.
  const leaseMs = timeoutMs + 30_000;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function attempt(d: ClaimedDelivery, lockedUntil: number): Promise<void> {
    const sentAt = clock.now();
    const headers = {
      'webhook-id': d.message_id,
      'webhook-timestamp': String(Math.floor(sentAt / 1000)),
      'webhook-signature': signatureOf(d, new Date(sentAt)),
    };
    const result = await postMessage(d.url, headers, d.payload, { allowPrivate, timeoutMs });
    const attempts = d.attempts + 1;
    const at = clock.now();
    const delay = retryDelaysMs[attempts - 1];
    const status = result.ok ? 'delivered' : delay === undefined ? 'failed' : 'pending';
    const nextAttemptAt = status === 'pending' ? at + Math.round(delay! * (0.8 + Math.random() * 0.4)) : at;
    const recorded = await store.recordAttempt(d.id, lockedUntil, { status, nextAttemptAt, at, responseCode: result.status, error: result.error });
    if (!recorded) log.warn({ delivery: d.id }, 'webhook delivery lease ran out before its attempt was recorded');
  }

  async function pass(): Promise<number> {
    let made = 0;
    for (;;) {
      const now = clock.now();
      const lockedUntil = now + leaseMs;
      const claimed = await store.claimDue(now, lockedUntil, batchSize);
      await Promise.all(claimed.map((d) => attempt(d, lockedUntil).catch((err: unknown) => log.error({ err, delivery: d.id }, 'webhook delivery attempt failed'))));
      made += claimed.length;
      if (claimed.length < batchSize || stopped) return made;
    }
  }

  const runOnce = (): Promise<number> => (running ??= pass().finally(() => (running = undefined)));

  const tick = () => {
    if (stopped) return;
    runOnce()
      .catch((err: unknown) => log.error({ err }, 'webhook dispatcher pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  timer = setTimeout(tick, intervalMs).unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
