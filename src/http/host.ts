import type { FastifyInstance } from 'fastify';
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
