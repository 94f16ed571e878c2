import type { Clock } from '../lib/clock.js';

export interface LimitRule {
  /** Failures allowed inside one window. */
  max: number;
  windowMs: number;
}

/**
 * Counts failed sign-ins per key in fixed windows. Kept in memory: each node limits on its
 * own, which bounds a guesser to (nodes × max) tries a window; the argon2 cost bounds the rest.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly rule: LimitRule,
    private readonly clock: Clock,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const w = this.windows.get(key);
    const now = this.clock.now();
    if (!w || now - w.start >= this.rule.windowMs) return 0;
    return w.count >= this.rule.max ? Math.ceil((w.start + this.rule.windowMs - now) / 1000) : 0;
  }

  fail(key: string): void {
    const now = this.clock.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.rule.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      if (this.windows.size > 100_000) this.prune(now);
    } else {
      w.count += 1;
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.rule.windowMs) this.windows.delete(key);
  }
}
