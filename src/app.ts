import type { IncomingMessage } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { passkeyRoutes } from './auth/passkey-routes.js';
import { secondFactorRoutes } from './auth/second-factor-routes.js';
import { consoleRoutes } from './console/routes.js';
import { checkReadiness } from './db/health.js';
import { installAuth, sessionCookie } from './http/auth.js';
import { deviceCookie } from './http/device-cookie.js';
import { answerFrameworkError, DATABASE_RETRY_AFTER_SECONDS, installErrorHandling } from './http/errors.js';
import { installSecurityHeaders } from './http/headers.js';
import { installHostCheck, relyingPartyOf } from './http/host.js';
import { installInputChecks } from './http/input.js';
import { installOpenApi } from './http/openapi.js';
import { installValidation } from './http/validation.js';
import { integrationRoutes } from './integrations/routes.js';
import { streamRoutes } from './integrations/stream-routes.js';
import { tokenRoutes } from './integrations/token-routes.js';
import { Metrics } from './metrics/metrics.js';
import { metricsRoutes } from './metrics/routes.js';
import { presenceRoutes } from './presence/routes.js';
import { securityRoutes } from './security/routes.js';
import { createServices, type ServiceOptions, type Services } from './services.js';
import { createLocalBus } from './sessions/events.js';
import { openPgBus } from './sessions/pg-bus.js';
import { sessionRoutes } from './sessions/routes.js';
import { shiftRoutes } from './shifts/routes.js';
import { END_REASON_TEXT } from './sessions/types.js';
import { teamRoutes } from './team/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

export interface AppOptions extends ServiceOptions {
  logger?: FastifyServerOptions['logger'];
  /** Called for every route as it is added (the authorization matrix test lists them this way). */
  onRoute?: (route: RouteOptions) => void;
  /** The built console (default dist/web); tests point it elsewhere. */
  consoleDir?: string;
}

/** Builds the HTTP application on an open database; the caller listens and closes. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  return (await buildGatehouse(options)).app;
}

/**
 * Builds the HTTP application and the services behind it. Each route plugin is registered with
 * the services it uses as its options, so its imports and its options say all it touches.
 */
export async function buildGatehouse(options: AppOptions): Promise<{ app: FastifyInstance; services: Services; drain(): void }> {
  const app = Fastify({
    // A request that reaches a node after its shutdown began (on a connection opened before) is
    // served, not refused: Fastify marks its answer `Connection: close`, so the client or the
    // load balancer takes its next request elsewhere. Nothing sent to a draining node fails.
    return503OnClosing: false,
    logger: options.logger ?? false,
    // A hop count is valid at run time (proxy-addr) though Fastify's types omit it.
    trustProxy: options.config.trustProxy as boolean | string[],
    bodyLimit: 256 * 1024,
    // Refusals the router makes before any route runs leave in our error shape too (rule 7).
    frameworkErrors: answerFrameworkError,
    // A line per request only when asked for (LOG_LEVEL=debug): at thousands of requests a second it is noise.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(options.config.logLevel) }),
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  const metrics = options.metrics ?? new Metrics();
  // Several nodes share a PostgreSQL database, so session events cross nodes through it; SQLite is one node.
  const { config, db } = options;
  const bus =
    options.bus ??
    (db.dialect === 'postgres' && config.databaseUrl
      ? await openPgBus({ url: config.databaseUrl, db, nodeId: config.nodeId, log: app.log, onLag: (ms) => metrics.observeLag(ms) })
      : createLocalBus());
  const services: Services = createServices({ ...options, bus, metrics, log: app.log });
  // Tabs are told to reconnect and their rows closed while the database is still open.
  app.addHook('preClose', async () => services.live.close());
  // Draining (a rolling restart, before the port closes): readiness answers 503 so the load
  // balancer stops sending, every answer closes its connection so kept-alive connections leave
  // one by one after their request, and new tabs are sent on to another node (open ones move
  // when the app closes, the preClose hook above).
  let draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    services.live.drain();
  };
  // At sending time, so an answer to a request that arrived before the drain closes its connection too.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onClose', async () => services.bus.close());
  // Requests that arrived as an upgrade (Node hands their socket over whole; see onResponse).
  // Listening before the socket layer does (presence/routes.ts) marks them before routing.
  const upgrades = new WeakSet<IncomingMessage>();
  app.server.on('upgrade', (raw: IncomingMessage) => upgrades.add(raw));
  // A callback hook: it runs on every answer, and needs no promise.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.countRequest(request.method, reply.statusCode);
    // A request that asked to upgrade arrives on a socket Node has handed over entirely: after
    // its HTTP answer (a refused handshake, or a route that is no WebSocket) nothing else may
    // use it, and nothing would ever time it out, so it is closed here. An accepted handshake
    // is hijacked by the socket layer and never reaches this hook.
    if (upgrades.has(request.raw)) request.raw.socket.destroy();
    const url = request.routeOptions.url;
    if (request.method === 'POST' && (url === '/api/auth/login' || url === '/api/auth/login/second-factor')) {
      const status = reply.statusCode;
      // A password step that answers a challenge (no cookie) is not a sign-in yet: the second step counts it.
      if (status === 200) {
        if (reply.hasHeader('set-cookie')) metrics.countSignin('success');
      } else if (status === 401) metrics.countSignin('failed');
      else if (status === 403 || status === 429) metrics.countSignin('refused');
    }
    done();
  });
  // The API speaks JSON only (docs/errors.md: 415 unsupported_media_type). Fastify also parses
  // text/plain by default, which would turn a plain-text body into a confusing schema error,
  // and text/plain is what an HTML form on another site can POST without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  // A body-less call (logout, end-sessions) sent by a client that labels every request JSON
  // arrives with an empty body; that route takes no body, so it is read as none rather than
  // refused. A route that takes a body still refuses an empty one (invalid_json). Anything else goes to Fastify's own parser, with its prototype-poisoning checks.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '' && !request.routeOptions.schema?.body) return done(null, undefined);
    return parseJson(request, text, done);
  });
  installValidation(app);
  installInputChecks(app);
  installSecurityHeaders(app);
  installErrorHandling(app);
  installHostCheck(app, config.publicUrl);
  const cookie = sessionCookie(config.cookieSecure);
  installAuth(app, {
    authenticate: (token) => services.sessions.authenticate(token),
    authenticateBearer: (secret, ip) => services.integrations.authenticateToken(secret, ip),
    endedMessage: (reason) => (END_REASON_TEXT as Record<string, string>)[reason],
    cookie,
    // With PUBLIC_URL set, its origin is the console's own, whatever a proxy tells us.
    allowedOrigins: config.publicUrl ? [...config.allowedOrigins, config.publicUrl.origin] : config.allowedOrigins,
    requireRecentProof: (ctx) => services.reauthentication.requireRecent(ctx),
  });
  await installOpenApi(app);

  // Liveness and readiness are separate on purpose. An orchestrator restarts a node whose
  // liveness fails: were the database part of it, a database failover would restart every node
  // at once, for nothing (they serve again by themselves once it is back). Readiness is what a
  // load balancer asks before sending traffic.
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'checkLiveness',
        tags: ['operations'],
        security: [],
        summary: 'Liveness: 200 while the process is up and serving, whatever the state of the database (see /readyz)',
        response: {
          200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } },
        },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'checkReadiness',
        tags: ['operations'],
        security: [],
        summary: 'Readiness: 200 when the database answers a read and accepts a write, 503 with the reason otherwise, and from the moment the node starts shutting down',
        response: {
          200: { type: 'object', properties: { status: { type: 'string', enum: ['ready'] } } },
          503: { type: 'object', properties: { status: { type: 'string', enum: ['unavailable'] }, reason: { type: 'string' } } },
        },
      },
    },
    async (request, reply) => {
      if (draining) {
        void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        return reply.status(503).send({ status: 'unavailable', reason: 'shutting down: this node is draining its connections' });
      }
      const readiness = await checkReadiness(services.db, config.nodeId, services.clock.now());
      if (readiness.ready) return { status: 'ready' };
      request.log.warn({ err: readiness.error, failed: readiness.failed }, 'not ready');
      const reason = readiness.failed === 'read' ? 'read failed: the database cannot be reached' : 'write failed: the database does not accept writes';
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return reply.status(503).send({ status: 'unavailable', reason });
    },
  );

  const { sessions, live, presence } = services;
  const relyingParty = relyingPartyOf(config.publicUrl);
  await app.register(authRoutes, { auth: services.auth, reauthentication: services.reauthentication, cookie, device: deviceCookie(config.cookieSecure), relyingParty });
  await app.register(secondFactorRoutes, { secondFactors: services.secondFactors });
  await app.register(passkeyRoutes, { passkeys: services.passkeys, relyingParty });
  await app.register(sessionRoutes, { sessions });
  await app.register(teamRoutes, { team: services.team });
  await app.register(securityRoutes, { securitySettings: services.securitySettings });
  await app.register(shiftRoutes, { shifts: services.shifts });
  await app.register(auditRoutes, { audit: services.audit });
  await app.register(integrationRoutes, { integrations: services.integrations });
  await app.register(streamRoutes, { integrations: services.integrations, bus: services.bus });
  await app.register(tokenRoutes, { integrations: services.integrations, clock: services.clock });
  await app.register(webhookRoutes, { webhooks: services.webhooks });
  await app.register(presenceRoutes, { live, presence });
  await app.register(metricsRoutes, {
    metrics,
    token: config.metricsToken,
    gauges: async () => ({ sessionsActive: await sessions.countActive(), liveSockets: live.size(), presenceOnline: await presence.countOnline() }),
  });
  await app.register(consoleRoutes, options.consoleDir ? { dir: options.consoleDir } : {});
  return { app, services, drain };
}
