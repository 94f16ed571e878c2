import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request must be refused as cross-site. Browsers mark every request with
 * Sec-Fetch-Site; older ones at least send Origin on state-changing requests. A request with
 * neither comes from a script or curl, which a cookie-stealing page cannot make a browser send,
 * so it is judged by its credentials alone.
 */
export function isCrossSite(request: FastifyRequest, allowedOrigins: readonly string[]): boolean {
  // A WebSocket handshake is a GET, but the socket it opens acts with the cookie: browsers do
  // not apply CORS to it, so it is judged like a state-changing request (no cross-site hijacking).
  if (SAFE_METHODS.has(request.method) && request.headers.upgrade?.toLowerCase() !== 'websocket') return false;
  const origin = request.headers.origin;
  const allowed = origin !== undefined && (origin === ownOrigin(request) || allowedOrigins.includes(origin));
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return false;
    // same-site is refused too: a sibling subdomain is not necessarily ours.
    return !(allowed && origin !== ownOrigin(request));
  }
  if (origin !== undefined) return !allowed;
  return false;
}

function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
