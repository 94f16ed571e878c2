import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { authRoutes } from './auth/routes.js';
import { installAuth } from './http/auth.js';
import { installOpenApi } from './http/openapi.js';
import { installErrorHandling } from './http/errors.js';
import { installValidation } from './http/validation.js';
import { meRoutes } from './me/routes.js';
import { auditRoutes } from './audit/routes.js';
import { securityRoutes } from './security/routes.js';
import { teamRoutes } from './team/routes.js';
import { createServices, type ServiceOptions, type Services } from './services.js';

export interface AppOptions extends ServiceOptions {
  logger?: FastifyServerOptions['logger'];
  /** Called for every route as it is added (the authorization matrix test lists them this way). */
  onRoute?: (route: RouteOptions) => void;
}

/** Builds the HTTP application on an open database; the caller listens and closes. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const services: Services = createServices(options);
  const app = Fastify({
    logger: options.logger ?? false,
    // A hop count is valid at run time (proxy-addr) though Fastify's types omit it.
    trustProxy: options.config.trustProxy as boolean | string[],
    bodyLimit: 256 * 1024,
    // A line per request only when asked for (LOG_LEVEL=debug): at thousands of requests a second it is noise.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(options.config.logLevel) }),
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.decorate('gh', services);
  installValidation(app);
  installErrorHandling(app);
  installAuth(app);
  await installOpenApi(app);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await services.db.kysely.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(teamRoutes);
  await app.register(securityRoutes);
  await app.register(auditRoutes);
  return app;
}
