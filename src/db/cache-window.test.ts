import { describe, expect, it } from 'vitest';
import { createCacheWindow } from './cache-window.js';

/** A window on a hand-moved clock. */
function windowAt(windowMs = 50) {
  let t = 1000;
  const window = createCacheWindow(windowMs, () => t);
  return { window, advance: (ms: number) => (t += ms) };
}

describe('the PostgreSQL cache window', () => {
  it('is shut until the listener listens and hears a heartbeat of its own', () => {
    const { window } = windowAt();
    expect(window.stamp()).toBeNull();
    const seq = window.sending();
    window.listening();
    expect(window.stamp()).toBeNull();
    window.heard(seq);
    expect(window.stamp()).not.toBeNull();
  });

  it('shuts once the last heartbeat heard was sent a window ago or more', () => {
    const { window, advance } = windowAt(50);
    window.listening();
    window.heard(window.sending());
    advance(49);
    expect(window.stamp()).not.toBeNull();
    advance(1);
    expect(window.stamp()).toBeNull();
  });

  it('counts from when a heartbeat was sent, not when it was heard', () => {
    const { window, advance } = windowAt(50);
    window.listening();
    const seq = window.sending();
    advance(45);
    window.heard(seq);
    expect(window.stamp()).not.toBeNull();
    advance(5);
    expect(window.stamp()).toBeNull();
  });

  it('stays shut while heartbeats are sent but never heard (a lagging listener)', () => {
    const { window, advance } = windowAt(50);
    window.listening();
    window.heard(window.sending());
    for (let i = 0; i < 10; i++) {
      advance(25);
      window.sending();
    }
    expect(window.stamp()).toBeNull();
  });

  it('ignores heartbeats it did not send, and an older one heard late', () => {
    const { window, advance } = windowAt(50);
    window.listening();
    const first = window.sending();
    advance(30);
    const second = window.sending();
    window.heard(second);
    window.heard(first);
    window.heard(999);
    advance(40);
    // Open by the second heartbeat (sent 40 ms ago), which the late first one does not move back.
    expect(window.stamp()).not.toBeNull();
  });

  it('moves the stamp on every change heard or made', () => {
    const { window } = windowAt();
    window.listening();
    window.heard(window.sending());
    const before = window.stamp();
    window.invalidate();
    expect(window.stamp()).not.toBe(before);
    expect(window.stamp()).not.toBeNull();
  });

  it('shuts at once when the listener drops, and opens again only after it listens and hears a new heartbeat', () => {
    const { window, advance } = windowAt();
    window.listening();
    window.heard(window.sending());
    const before = window.stamp();
    const inFlight = window.sending();
    window.lost();
    expect(window.stamp()).toBeNull();
    // A heartbeat sent before the drop proves nothing about the new connection.
    window.heard(inFlight);
    expect(window.stamp()).toBeNull();
    const during = window.sending();
    window.heard(during);
    expect(window.stamp()).toBeNull();
    advance(1);
    window.listening();
    window.heard(window.sending());
    // And what was cached before the drop is not current any more.
    expect(window.stamp()).not.toBeNull();
    expect(window.stamp()).not.toBe(before);
  });

  it('never opens with a window of 0 (the cache turned off)', () => {
    const { window } = windowAt(0);
    window.listening();
    window.heard(window.sending());
    expect(window.stamp()).toBeNull();
  });
});
