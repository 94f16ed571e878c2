import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Headers every answer carries unless its route chose its own (the console page and the API
 * description set richer policies, which win). Why each one:
 * - nosniff: a JSON or CSV answer holding names people typed is never run as script or HTML.
 * - X-Frame-Options and CSP frame-ancestors: no other site can frame a page of ours and trick a
 *   click on "End sessions" (clickjacking); `default-src 'none'` because an API answer that a
 *   browser opens as a document needs nothing at all.
 * - no-referrer: ids in our URLs (/api/team/accounts/acc_…) never leak to another site.
 * - Strict-Transport-Security on https answers: a network attacker cannot downgrade a later
 *   visit to plain http and read the session cookie (a year; subdomains are left to their owners).
 * - no-store on /api/ answers: they carry personal data (names, IPs, sessions) and set cookies;
 *   a shared computer's cache or a proxy must not keep them after sign-out.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every answer, and a promise per answer is
  // measurable at tens of thousands of requests a second.
  app.addHook('onSend', (request, reply, payload, done) => {
    fill(reply, 'x-content-type-options', 'nosniff');
    fill(reply, 'x-frame-options', 'DENY');
    fill(reply, 'referrer-policy', 'no-referrer');
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    fill(reply, 'content-security-policy', html ? "frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'");
    // Once a browser has reached us over https, it must never be talked back down to http.
    if (request.protocol === 'https') fill(reply, 'strict-transport-security', 'max-age=31536000');
    const url = request.url;
    if (url.startsWith('/api/') && !url.startsWith('/api/docs')) fill(reply, 'cache-control', 'no-store');
    done(null, payload);
  });
}

function fill(reply: FastifyReply, name: string, value: string): void {
  if (!reply.hasHeader(name)) void reply.header(name, value);
}
