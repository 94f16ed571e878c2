import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { ApiError, errorBody } from '../errors.js';
import { validationDetails, validationMessage, type SchemaError } from './validation-message.js';

/**
 * How long a client should wait before retrying while the database is unavailable: about what a
 * PostgreSQL restart or a failover takes, and short enough that service resumes soon after.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Every refusal leaves in one shape: {"error": {"code", "message"}}; nothing unexpected leaks. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    if (err instanceof ApiError) {
      if (err.headers) void reply.headers(err.headers);
      return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    }
    if (err.validation) {
      const errors = err.validation as unknown as SchemaError[];
      const context = err.validationContext ?? 'body';
      return reply.status(400).send(errorBody('invalid_request', validationMessage(errors, context), validationDetails(errors, context)));
    }
    // A database that is down, restarting or refusing writes is a state, not a bug: 503 with a
    // time to retry, so clients and load balancers wait. Logged as a warning without the stack:
    // an outage would otherwise bury the log in identical traces.
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ code: (err as { code?: unknown }).code, message: err.message }, 'database unavailable');
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return reply.status(503).send(errorBody('database_unavailable', undefined, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS }));
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(errorBody('payload_too_large'));
    if (status === 415) return reply.status(415).send(errorBody('unsupported_media_type'));
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.status(400).send(errorBody('invalid_json', err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The request body is empty but says it is JSON.' : undefined));
    }
    // What the static file servers (the console's assets, the API docs page) refuse themselves:
    // a range past the end is 416; a path climbing out of their folder is no such file. Any other
    // framework refusal is a bad request. Each answer keeps the status its code is catalogued with.
    if (status === 416) return reply.status(416).send(errorBody('range_not_satisfiable'));
    if (status === 403 || status === 404) return reply.status(404).send(errorBody('not_found'));
    if (status >= 400 && status < 500) {
      return reply.status(400).send(errorBody('invalid_request', err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error'));
  });

  // The methods each API path takes, so a path asked with another one is told which (405, Allow).
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.includes('*')) return;
    const parts = route.url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    routes.push({ pattern: new RegExp(`^${parts.join('/')}$`), methods: [route.method].flat() });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    if (allowed.length > 0) {
      const list = allowed.join(', ');
      void reply.header('allow', list);
      return reply.status(405).send(errorBody('method_not_allowed', `${path} does not take ${request.method}; it takes ${list}.`));
    }
    return reply.status(404).send(errorBody('not_found', `No route ${request.method} ${path}.`));
  });
}

/**
 * Fastify's router refuses some requests before any route or hook runs (a path parameter over
 * 100 characters, a malformed %-escape); without this they left in Fastify's own body shape.
 */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A part of the path is too long.' : 'The URL is not valid.';
  void reply.status(400).send(errorBody('invalid_request', message));
}
