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
 * GET /metrics for Prometheus. Open unless METRICS_TOKEN is set: it carries only aggregate
 * counts (no workspace, account or address), and scrapers usually sit inside the network.
 * Operators who expose Gatehouse publicly set the token, or block the path at the proxy.
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

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
