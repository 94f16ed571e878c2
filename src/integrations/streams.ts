import { PassThrough } from 'node:stream';
import type { SessionBus } from '../sessions/events.js';
import type { EndedSession } from '../sessions/types.js';
import type { KeyContext } from './keys.js';

/** Open revocation streams one key may hold on one node; past it, 429 `too_many_streams`. */
export const MAX_STREAMS_PER_KEY = 10;
/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** How often this node asks the database whether a key with open streams was revoked on another node. */
const REVOCATION_CHECK_MS = 1000;
/**
 * A consumer that reads nothing while ends keep coming is cut off rather than buffered without
 * bound; it reconnects, and its cache is empty while it does.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface OpenStream {
  key: KeyContext;
  out: PassThrough;
  heartbeat: NodeJS.Timeout;
}

export interface StreamHubDeps {
  bus: SessionBus;
  /** Hears of keys revoked on this node, after the revocation commits. */
  onKeyRevoked(listener: (keyId: string) => void): () => void;
  /** Which of these keys are revoked, on any node. */
  revokedAmong(ids: readonly string[]): Promise<string[]>;
  log: { warn(obj: object, msg: string): void };
}

/** One Server-Sent Events message. Data is one line of JSON, so no line of it can break the framing. */
const message = (event: string, data: object) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The revocation streams of one node: each key's apps hear every session of its workspace that
 * ends, on any node (the session bus carries ends across nodes). A key revoked on this node
 * closes its streams at once; one revoked on another node within a second (a check every
 * second, one query for every key with open streams).
 */
export function createStreamHub({ bus, onKeyRevoked, revokedAmong, log }: StreamHubDeps) {
  const byWorkspace = new Map<string, Set<OpenStream>>();
  const byKey = new Map<string, Set<OpenStream>>();
  let revocationCheck: NodeJS.Timeout | undefined;
  let checking = false;
  let closed = false;

  const remove = (stream: OpenStream) => {
    clearInterval(stream.heartbeat);
    for (const [index, id] of [
      [byWorkspace, stream.key.workspaceId],
      [byKey, stream.key.id],
    ] as const) {
      const set = index.get(id);
      set?.delete(stream);
      if (set?.size === 0) index.delete(id);
    }
    if (byKey.size === 0) {
      clearInterval(revocationCheck);
      revocationCheck = undefined;
    }
  };

  const end = (stream: OpenStream) => {
    remove(stream);
    stream.out.end();
  };

  const send = (stream: OpenStream, text: string) => {
    if (stream.out.writableLength > MAX_BUFFERED_BYTES) return end(stream);
    stream.out.write(text);
  };

  const closeKey = (keyId: string) => {
    for (const stream of [...(byKey.get(keyId) ?? [])]) end(stream);
  };

  const checkRevocations = async () => {
    if (checking || byKey.size === 0) return;
    checking = true;
    try {
      for (const id of await revokedAmong([...byKey.keys()])) closeKey(id);
    } catch (err) {
      // The database is away: the streams stay; the next tick asks again.
      log.warn({ err }, 'revocation streams could not check their keys');
    } finally {
      checking = false;
    }
  };

  const unsubscribe = [
    bus.onEnded((sessions: readonly EndedSession[]) => {
      for (const s of sessions) {
        const streams = byWorkspace.get(s.workspaceId);
        if (!streams) continue;
        const text = message('session.ended', { sid: s.id, sub: s.accountId, reason: s.reason });
        for (const stream of [...streams]) send(stream, text);
      }
    }),
    // The bus may have missed ends (its listener dropped and came back): every app drops its cache.
    bus.onResync(() => {
      for (const streams of byWorkspace.values()) for (const stream of [...streams]) send(stream, message('resync', {}));
    }),
    onKeyRevoked(closeKey),
  ];

  return {
    /** Opens a stream for a key, already holding its `ready` event; null when the key holds too many. */
    open(key: KeyContext): PassThrough | null {
      if (closed) return null;
      if ((byKey.get(key.id)?.size ?? 0) >= MAX_STREAMS_PER_KEY) return null;
      const out = new PassThrough();
      const stream: OpenStream = {
        key,
        out,
        heartbeat: setInterval(() => send(stream, ': heartbeat\n\n'), HEARTBEAT_MS).unref(),
      };
      for (const [index, id] of [
        [byWorkspace, key.workspaceId],
        [byKey, key.id],
      ] as const) {
        let set = index.get(id);
        if (!set) index.set(id, (set = new Set()));
        set.add(stream);
      }
      // The consumer went away (or the response was destroyed): forget the stream.
      out.once('close', () => remove(stream));
      revocationCheck ??= setInterval(() => void checkRevocations(), REVOCATION_CHECK_MS).unref();
      out.write(`retry: 1000\n${message('ready', { heartbeatSeconds: HEARTBEAT_MS / 1000 })}`);
      return out;
    },

    /** Open streams of one key on this node. */
    count(keyId: string): number {
      return byKey.get(keyId)?.size ?? 0;
    },

    /** Ends every stream (the node is shutting down: clients reconnect to another). */
    close(): void {
      closed = true;
      for (const off of unsubscribe) off();
      for (const streams of [...byKey.values()]) for (const stream of [...streams]) end(stream);
      clearInterval(revocationCheck);
    },
  };
}
