import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { COOKIE_NAME } from './auth.js';

/** The one error shape, for routes that describe their own error answers. */
export const errorSchema = {
  type: 'object' as const,
  properties: {
    error: { type: 'object' as const, required: ['code', 'message'], properties: { code: { type: 'string' as const }, message: { type: 'string' as const } }, additionalProperties: true },
  },
};

/**
 * The API description, generated from the route schemas. It must be registered before the
 * routes: @fastify/swagger collects each route's schema as the route is added. The readable
 * page's assets come from the swagger-ui package itself, so /api/docs works offline.
 */
export async function installOpenApi(app: FastifyInstance, version = packageVersion()): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gatehouse API',
        version,
        description: 'Session control for team workspaces. Errors share one shape: {"error": {"code", "message"}}; see docs/errors.md. The console tabs\' live connection, GET /api/live, is a WebSocket and is described in docs/API.md.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: COOKIE_NAME } },
        schemas: { Error: errorSchema },
      },
    },
    // Routes that need a session say so in the description, with the error answers every such route may give.
    transform: ({ schema, url, route }) => {
      if (!route.config?.auth || !schema || schema.hide) return { schema, url };
      return {
        url,
        schema: {
          ...schema,
          security: [{ session: [] }],
          response: {
            ...(schema.response as object | undefined),
            401: { description: 'No session, or it has ended', ...errorSchema },
            403: { description: 'Missing grant, cross-site request, or a protected target', ...errorSchema },
          },
        },
      };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { deepLinking: true },
    // Everything from this server and nothing else. Not the package's default policy: that one
    // adds upgrade-insecure-requests, which breaks the page on a plain-http LAN address, and
    // allows an outside validator host.
    staticCSP: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'",
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** The version in package.json, from src/ (tests, tsx) or dist/src/ (the built server). */
function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'gatehouse' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0';
}
