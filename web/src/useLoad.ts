import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  /** True only for the first load and after the inputs changed; quiet reloads keep the old data on screen. */
  loading: boolean;
  reload(): Promise<void>;
  /** Replaces the data on screen (after an action whose result is known). */
  set(update: (data: T) => T): void;
}

/** Loads a screen's data; reruns when `deps` change; ignores answers that arrive out of order. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], options: { every?: number } = {}): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  // Changed inputs, noticed while rendering: a new generation shows as loading at once and is loaded by the effect below.
  const [inputs, setInputs] = useState(deps);
  const [generation, setGeneration] = useState(0);
  if (!sameInputs(inputs, deps)) {
    setInputs(deps);
    setGeneration((g) => g + 1);
    setLoading(true);
  }
  const seq = useRef(0);
  // The latest `load`, for effects and callbacks that outlive the render that made it.
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  const run = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const value = await loadRef.current();
      if (mine === seq.current) {
        setData(value);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(err);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void run();
  }, [generation, run]);

  useEffect(() => {
    if (!options.every) return;
    const timer = window.setInterval(() => document.visibilityState === 'visible' && void run(), options.every);
    return () => window.clearInterval(timer);
  }, [options.every, run]);

  const set = useCallback((update: (data: T) => T) => setData((d) => (d === undefined ? d : update(d))), []);
  return { data, error, loading, reload: run, set };
}

/** The inputs are the same when every one is (`Object.is`), as React compares an effect's dependencies. */
function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Fetches the first `wanted()` pages of a cursor-paged list and joins their items, so a reload
 * (a live event, a poll) refreshes everything already shown, not just the first page.
 */
export async function fetchPages<P extends { nextCursor: string | null }, T>(
  // Read again after each page: a page appended while this reload runs is fetched by it too.
  wanted: () => number,
  fetchPage: (cursor: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[],
): Promise<{ last: P; items: T[] }> {
  let last = await fetchPage(undefined);
  const items = [...itemsOf(last)];
  for (let i = 1; i < wanted() && last.nextCursor; i++) {
    last = await fetchPage(last.nextCursor);
    items.push(...itemsOf(last));
  }
  return { last, items };
}
