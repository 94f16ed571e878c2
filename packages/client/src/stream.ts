import type { SessionEndedEvent } from './types.js';

export interface RevocationStreamOptions {
  url: string;
  serviceKey: string;
  fetch: typeof fetch;
  /** Called with every ended session of the key's workspace. */
  onEnded(event: SessionEndedEvent): void;
  /** Called when the stream becomes live (`ready` arrived) or stops being live, and on `resync`. */
  onState(live: boolean): void;
  /** Nothing at all for this long (Gatehouse sends a comment every 15 s) and the stream counts as cut. */
  silenceMs?: number;
  /** Back-off between attempts: from `minRetryMs`, doubling, up to `maxRetryMs`, with jitter. */
  minRetryMs?: number;
  maxRetryMs?: number;
  onError?(err: unknown): void;
}

/**
 * Holds `GET /api/integrations/stream` open, reconnecting with back-off. It is live only from its
 * `ready` event until anything goes wrong: an error, the end of the body, a silence longer than
 * `silenceMs`, or an answer other than 200 (a revoked key gets 401 and keeps retrying).
 */
export function openRevocationStream(options: RevocationStreamOptions) {
  const { silenceMs = 40_000, minRetryMs = 250, maxRetryMs = 10_000 } = options;
  let stopped = false;
  let live = false;
  let attempt = 0;
  let current: AbortController | undefined;
  let retry: NodeJS.Timeout | undefined;

  const setLive = (next: boolean) => {
    if (live === next) return;
    live = next;
    options.onState(next);
  };

  const handle = (block: string) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (event === 'ready') {
      attempt = 0;
      setLive(true);
    } else if (event === 'session.ended') {
      try {
        options.onEnded(JSON.parse(data.join('\n')) as SessionEndedEvent);
      } catch (err) {
        options.onError?.(err);
      }
    } else if (event === 'resync' && live) {
      // Ends may have been missed on Gatehouse's side: whoever caches starts afresh.
      setLive(false);
      setLive(true);
    }
  };

  const connect = async () => {
    const abort = new AbortController();
    current = abort;
    let silence: NodeJS.Timeout | undefined;
    const quiet = () => {
      clearTimeout(silence);
      silence = setTimeout(() => abort.abort(new Error('the revocation stream went silent')), silenceMs);
      silence.unref?.();
    };
    try {
      quiet();
      const res = await options.fetch(`${options.url}/api/integrations/stream`, {
        headers: { authorization: `Bearer ${options.serviceKey}`, accept: 'text/event-stream' },
        signal: abort.signal,
      });
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel().catch(() => {});
        throw new Error(`the revocation stream was refused: ${res.status}`);
      }
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        quiet();
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          handle(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
      throw new Error('the revocation stream ended');
    } catch (err) {
      if (!stopped) options.onError?.(err);
    } finally {
      clearTimeout(silence);
      abort.abort();
      setLive(false);
    }
    if (stopped) return;
    const delay = Math.min(maxRetryMs, minRetryMs * 2 ** attempt++) * (0.5 + Math.random() / 2);
    retry = setTimeout(() => void connect(), delay);
    retry.unref?.();
  };

  void connect();

  return {
    /** Whether the stream is live now: ends reach this process as they happen. */
    get live() {
      return live;
    },
    close() {
      stopped = true;
      clearTimeout(retry);
      current?.abort();
      setLive(false);
    },
  };
}

export type RevocationStream = ReturnType<typeof openRevocationStream>;
