import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { ApiError } from '../errors.js';
import type { Metrics } from './metrics.js';

export interface MetricsRouteOptions {
  metrics: Metrics;
  /** When set, scrapers must send it as a Bearer token. */
  token: string | undefined;
  /** The gauges read at scrape time. */
  gauges(): Promise<{ sessionsActive: number; liveSockets: number; presenceOnline: number }>;
}

/**
 * GET /metrics for Prometheus. With METRICS_TOKEN set, scrapers send it as a Bearer token.
 * Without it, only this machine may scrape (a loopback address): the counts are aggregates, but
 * a server listening on the network should not hand its load and failure rates to anyone who
 * asks. Behind a proxy on the same machine, set the token (or TRUST_PROXY, so the caller's own
 * address is the one judged).
 */
export async function metricsRoutes(app: FastifyInstance, { metrics, token, gauges }: MetricsRouteOptions): Promise<void> {
  const expected = token ? digest(token) : null;

  const schema: FastifySchema = {
    operationId: 'getMetrics',
    tags: ['operations'],
    security: [{}, { metricsToken: [] }],
    summary: 'Prometheus metrics (text format 0.0.4); with METRICS_TOKEN set, send it as a Bearer token',
    response: { 200: { description: 'The metrics in the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
  };
  app.get('/metrics', { schema }, async (request, reply) => {
    if (!expected && !isLoopback(request.ip)) {
      throw new ApiError('forbidden', 'Metrics are served to this machine only; set METRICS_TOKEN to scrape them from elsewhere.');
    }
    if (expected) {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      // Digests have equal length, so the comparison takes the same time whatever was sent.
      if (!timingSafeEqual(digest(given), expected)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new ApiError('unauthenticated', 'Send the metrics token as a Bearer token.');
      }
    }
    void reply.type(metrics.contentType);
    return metrics.render(await gauges());
  });
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\./.test(ip);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
