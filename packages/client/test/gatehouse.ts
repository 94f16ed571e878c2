import type { AddressInfo } from 'node:net';
import { Harness, cookieFrom, tokenOf } from '../../../test/helpers/harness.js';
import type { Backend } from '../../../test/helpers/backends.js';

/** A real Gatehouse (the repository's test harness) listening on a port, with a service key. */
export async function startGatehouse(backend: Backend): Promise<{ h: Harness; url: string; owner: string; serviceKey: string; keyId: string }> {
  const h = await Harness.start(backend);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  const owner = await h.signIn('owner@acme.test');
  const created = await h.request('POST', '/api/integrations/keys', { cookie: owner, body: { name: 'Client package' } });
  if (created.statusCode !== 201) throw new Error(`key: ${created.body}`);
  return { h, url, owner, serviceKey: created.json().secret as string, keyId: created.json().key.id as string };
}

let n = 0;
/** Signs a new agent in; its session token and id. */
export async function agentSession(h: Harness): Promise<{ token: string; sessionId: string; accountId: string }> {
  const email = `agent${++n}-${Date.now()}@acme.test`;
  const account = await h.account('agent', `Agent ${n}`, email);
  const res = await h.login(email);
  return { token: tokenOf(cookieFrom(res)), sessionId: res.json().session.id as string, accountId: account.id };
}

/**
 * The network between the protected app and Gatehouse, as the test controls it: real requests,
 * except that revocation streams can be cut (open ones aborted, new ones refused) and restored.
 */
export function controlledNetwork() {
  let streamsDown = false;
  const open = new Set<AbortController>();
  const f: typeof fetch = async (input, init) => {
    if (!String(input).endsWith('/api/integrations/stream')) return fetch(input, init);
    if (streamsDown) throw new TypeError('fetch failed: the test cut the revocation stream');
    const abort = new AbortController();
    open.add(abort);
    abort.signal.addEventListener('abort', () => open.delete(abort));
    init?.signal?.addEventListener('abort', () => abort.abort());
    return fetch(input, { ...init, signal: abort.signal });
  };
  return {
    fetch: f,
    cutStreams() {
      streamsDown = true;
      for (const abort of open) abort.abort();
      open.clear();
    },
    restoreStreams() {
      streamsDown = false;
    },
  };
}

/** Polls `condition` every 20 ms until it holds, failing after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
