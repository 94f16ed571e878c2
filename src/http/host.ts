import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

/** Paths an operator's probes reach by a node's own address, whatever name people use. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * With PUBLIC_URL set, refuses every request that names another host. A page on an attacker's
 * domain that resolves to this server (DNS rebinding) is same-origin to itself, so the browser
 * would send it our answers; naming the host we serve closes that door. Health and metrics
 * probes are exempt: load balancers and scrapers call a node by its address.
 */
export function installHostCheck(app: FastifyInstance, publicUrl: URL | undefined): void {
  if (!publicUrl) return;
  const port = publicUrl.port || (publicUrl.protocol === 'https:' ? '443' : '80');
  const accepted = new Set([publicUrl.host.toLowerCase(), `${publicUrl.hostname.toLowerCase()}:${port}`]);
  app.addHook('onRequest', (request, _reply, done) => {
    if (accepted.has(request.host.toLowerCase()) || PROBES.has(request.url.split('?')[0] ?? '')) return done();
    done(new ApiError('misdirected_request', `This server answers for ${publicUrl.host} only.`));
  });
}

/** Who a browser's passkey talks to: the RP ID (a host name) and the origin the console is served from. */
export interface RelyingParty {
  id: string;
  origin: string;
}

/**
 * The WebAuthn relying party of a request: PUBLIC_URL's host name and origin when it is set (the
 * host check above then refuses every other host), otherwise the request's own (its Host header,
 * and its protocol as Fastify's trustProxy setting reads it). A passkey is bound to its RP ID:
 * moving the console to another host name makes the passkeys made on the old one unusable.
 */
export function relyingPartyOf(publicUrl: URL | undefined): (request: FastifyRequest) => RelyingParty {
  return (request) => {
    const url = publicUrl ?? new URL(`${request.protocol}://${request.host}`);
    return { id: url.hostname, origin: url.origin };
  };
}
