import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { createGatehouseGuard, type GatehouseGuard, type GatehouseGuardOptions } from './guard.js';
import { judge } from './respond.js';
import type { ActiveIntrospection } from './types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Gatehouse session of a request that @gatehouse/client let through. */
    gatehouse?: ActiveIntrospection;
  }
}

export type GatehouseFastifyOptions = GatehouseGuardOptions | { guard: GatehouseGuard };

/**
 * Fastify plugin: every route of the scope it is registered in needs an active Gatehouse session
 * (its cookie, or a Bearer token); `request.gatehouse` holds the claims. Refusals are 401 JSON
 * (503 when Gatehouse cannot be asked). Register it inside your own plugin to protect only some
 * routes. The stream closes with the app.
 */
const plugin: FastifyPluginAsync<GatehouseFastifyOptions> = async (app: FastifyInstance, options) => {
  const guard = 'guard' in options ? options.guard : createGatehouseGuard(options);
  app.decorateRequest('gatehouse', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const verdict = await judge(guard, request.headers, request.ip);
    if (verdict.ok) {
      request.gatehouse = verdict.session;
      return;
    }
    return reply.code(verdict.status).header('cache-control', 'no-store').send(verdict.body);
  });
  if (!('guard' in options)) app.addHook('onClose', async () => guard.close());
};

// Like fastify-plugin: the hook applies to the scope that registers the plugin, not a child of it.
(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const gatehouseFastify = plugin;
