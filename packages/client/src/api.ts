import { CALLS, type GatehouseErrorBody, type Introspection } from './types.js';

export interface GatehouseClientOptions {
  /** Where Gatehouse serves, e.g. `https://gatehouse.example.com`. */
  url: string;
  /** A service key (Settings › Integrations, `ghsk_…`): introspection and the revocation stream. */
  serviceKey: string;
  /** A personal access token (`ghpat_…`), for calls made as a person: `me`, `endSession`. */
  accessToken?: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** A refusal or fault from Gatehouse, with its error code (docs/errors.md). */
export class GatehouseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatehouseError';
  }
}

/** The answer of `GET /api/me` that this package reads (the console's call; more fields arrive). */
export interface Me {
  account: { id: string; name: string; email: string; role: 'agent' | 'admin' };
  session: { id: string };
  [field: string]: unknown;
}

/** A typed client for the calls another app makes to Gatehouse. */
export function createGatehouseClient(options: GatehouseClientOptions) {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;

  const call = async <T>(op: keyof typeof CALLS, credential: string | undefined, path: string, body?: unknown): Promise<T> => {
    if (!credential) throw new GatehouseError(0, 'no_credential', `${op} needs ${op === 'introspect' ? 'a service key' : 'an access token'}.`);
    const res = await doFetch(`${base}${path}`, {
      method: CALLS[op].method.toUpperCase(),
      headers: { authorization: `Bearer ${credential}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) {
      let error: GatehouseErrorBody['error'] = { code: 'unexpected_response', message: `Gatehouse answered ${res.status}.` };
      try {
        error = (JSON.parse(text) as GatehouseErrorBody).error ?? error;
      } catch {
        // not our error shape (a proxy's page): keep the generic one
      }
      throw new GatehouseError(res.status, error.code, error.message);
    }
    return JSON.parse(text) as T;
  };

  return {
    url: base,
    serviceKey: options.serviceKey,
    fetch: doFetch,
    /** Whether a session token is active now; `ip` is the person's address as your app sees it. */
    introspect: (token: string, ip?: string): Promise<Introspection> =>
      call<Introspection>('introspect', options.serviceKey, CALLS.introspect.path, { token, ...(ip ? { ip } : {}) }),
    /** The account and session the access token acts as. */
    me: (): Promise<Me> => call<Me>('me', options.accessToken, CALLS.me.path),
    /** Ends one session (needs an access token of an administrator with the grant). */
    endSession: (sessionId: string): Promise<{ ended: number }> =>
      call<{ ended: number }>('endSession', options.accessToken, CALLS.endSession.path.replace('{id}', encodeURIComponent(sessionId))),
  };
}

export type GatehouseClient = ReturnType<typeof createGatehouseClient>;
