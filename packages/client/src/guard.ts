import { createGatehouseClient, type GatehouseClient, type GatehouseClientOptions } from './api.js';
import { openRevocationStream, type RevocationStream } from './stream.js';
import type { ActiveIntrospection, Introspection } from './types.js';

export interface GatehouseGuardOptions extends GatehouseClientOptions {
  /** How long an active answer is reused, while the revocation stream is live (default 5 s). */
  cacheTtlMs?: number;
  /** At most this many answers are kept (default 10,000; the oldest goes first). */
  cacheSize?: number;
  /** Set to false to introspect every request and hold no stream. */
  cache?: boolean;
  /** Told of stream and introspection faults (default: nothing). */
  onError?(err: unknown): void;
  /** Passed to the stream: how long a silence cuts it (default 40 s; Gatehouse beats every 15 s). */
  silenceMs?: number;
}

interface Entry {
  result: ActiveIntrospection;
  expiresAt: number;
}

/** The cookie names Gatehouse uses: `__Host-` when its cookie is Secure, read first. */
export const COOKIE_NAMES = ['__Host-gatehouse_session', 'gatehouse_session'] as const;

/** The session token a request carries: Gatehouse's cookie, else a Bearer token. */
export function tokenFrom(headers: { cookie?: string | undefined; authorization?: string | undefined }): string | undefined {
  const cookie = headers.cookie;
  if (cookie) {
    for (const name of COOKIE_NAMES) {
      for (const part of cookie.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name) {
          const value = part.slice(eq + 1).trim();
          if (value) return value;
        }
      }
    }
  }
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  return undefined;
}

/**
 * Decides whether a request's session is active: introspection, with a short cache that is used
 * only while the revocation stream is live. An ended session's entry goes as soon as the stream
 * says so; when the stream is down, the cache is emptied and every request is introspected, so
 * an end is never missed for want of a message.
 */
export function createGatehouseGuard(options: GatehouseGuardOptions) {
  const client: GatehouseClient = createGatehouseClient(options);
  const ttl = options.cacheTtlMs ?? 5000;
  const size = options.cacheSize ?? 10_000;
  const cache = new Map<string, Entry>();
  // Sessions ended while an introspection of theirs may be in flight: its answer is not kept.
  const recentlyEnded = new Map<string, number>();
  // Moves whenever the stream goes down or comes up: an answer fetched across a move is not kept,
  // since an end may have been missed while it was in flight.
  let generation = 0;
  let introspections = 0;

  const forgetSession = (sid: string) => {
    for (const [k, entry] of cache) if (entry.result.sid === sid) cache.delete(k);
  };
  const pruneEnded = (now: number) => {
    for (const [sid, at] of recentlyEnded) {
      if (now - at < ttl + 60_000) break;
      recentlyEnded.delete(sid);
    }
  };

  const stream: RevocationStream | null =
    options.cache === false
      ? null
      : openRevocationStream({
          url: client.url,
          serviceKey: options.serviceKey,
          fetch: client.fetch,
          ...(options.silenceMs ? { silenceMs: options.silenceMs } : {}),
          ...(options.onError ? { onError: options.onError } : {}),
          onEnded: ({ sid }) => {
            const now = Date.now();
            recentlyEnded.delete(sid);
            recentlyEnded.set(sid, now);
            pruneEnded(now);
            forgetSession(sid);
          },
          onState: () => {
            generation++;
            cache.clear();
          },
        });

  return {
    client,
    /** Whether answers are being cached: the revocation stream is live. */
    get streaming(): boolean {
      return stream?.live ?? false;
    },
    /** How many introspections this guard has asked Gatehouse for. */
    get introspections(): number {
      return introspections;
    },

    /** Whether `token` (from a person at `ip`) is an active session; the cache answers only while the stream is live. */
    async check(token: string, ip?: string): Promise<Introspection> {
      const key = `${token}\n${ip ?? ''}`;
      const now = Date.now();
      if (stream?.live) {
        const hit = cache.get(key);
        if (hit && hit.expiresAt > now) return hit.result;
        if (hit) cache.delete(key);
      }
      const started = generation;
      introspections++;
      const result = await client.introspect(token, ip);
      if (result.active && stream?.live && generation === started && !recentlyEnded.has(result.sid)) {
        cache.set(key, { result, expiresAt: Date.now() + ttl });
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return result;
    },

    /** Stops the stream; later checks introspect every time. */
    close(): void {
      stream?.close();
      cache.clear();
    },
  };
}

export type GatehouseGuard = ReturnType<typeof createGatehouseGuard>;
