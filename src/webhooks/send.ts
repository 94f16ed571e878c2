import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget } from './address.js';

/** What one attempt came to: the status the endpoint answered, or why there was none. */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/**
 * POSTs one signed message. The host is resolved and checked again here (a name may point
 * somewhere private by now), and the connection goes to the checked address only: the lookup
 * the HTTP client makes is answered with it. Redirects are not followed (a 3xx is a failure),
 * and the whole attempt is bounded by `timeoutMs`.
 */
export async function postMessage(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<AttemptResult> {
  const target = await resolveTarget(url, options.allowPrivate);
  if (!target.ok) return { ok: false, status: null, error: target.message };
  const { address, family } = target;
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const request = client.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Gatehouse-Webhooks/1' },
        // One connection per attempt: a kept-alive socket would skip the next attempt's check.
        agent: false,
      },
      (response) => {
        // The status is the answer; the body is not read, and the connection is dropped so a
        // slow or endless body holds nothing open.
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        finish({
          ok,
          status,
          error: ok ? null : status >= 300 && status < 400 ? `The endpoint answered ${status} (redirects are not followed).` : `The endpoint answered ${status}.`,
        });
        response.destroy();
      },
    );
    const deadline = setTimeout(() => {
      request.destroy();
      finish({ ok: false, status: null, error: `No answer within ${Math.round(options.timeoutMs / 1000)} s.` });
    }, options.timeoutMs);
    request.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, status: null, error: `Could not deliver: ${err.code ?? err.message}.` }));
    request.end(body);
  });
}
