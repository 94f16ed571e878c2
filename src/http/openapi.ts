import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { COOKIE_NAME } from './auth.js';

/** The one error shape (docs/errors.md); named `Error` in the description, and every refusal refers to it. */
const errorSchema = {
  title: 'Error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'A snake_case code from docs/errors.md.' },
        message: { type: 'string', description: 'A sentence for a person.' },
        field: { type: 'string', description: 'On invalid_request: the body field to fix, when the refusal is about one ("password", "grants[0]").' },
        rule: { type: 'string', description: 'On invalid_request from the schema: the rule broken (required, minLength, maxLength, format, type, enum, pattern, …).' },
        limit: { type: 'number', description: 'With a length or count rule: its bound.' },
      },
      additionalProperties: true,
    },
  },
} as const;

/**
 * The sections of the description. A route's tag must be one of these: an operation whose tag
 * has no description here fails the description's lint (test/openapi-lint.test.ts).
 */
const TAGS: Record<string, string> = {
  auth: 'Signing in and out, switching to the linked account, changing the password.',
  me: "The caller's own account, sessions and personal access tokens.",
  sessions: 'Ending any session by id.',
  team: 'Team › Agents and Team › Administrators: accounts, profiles and ending their sessions.',
  security: 'Settings › Security and its Active sessions list.',
  audit: 'The audit log.',
  integrations: 'Service keys, every personal access token of the workspace, and introspection for other apps.',
  live: 'Who is online now.',
  shifts: 'Working hours: the workspace’s time zone and default schedule, agents’ schedules, exceptions and extensions, and the caller’s own hours.',
  operations: 'Probes and metrics for operators.',
};

const SECURITY_SCHEMES = {
  // The cookie set by sign-in; over https it is named __Host-gatehouse_session (http/auth.ts).
  session: { type: 'apiKey', in: 'cookie', name: COOKIE_NAME },
  accessToken: { type: 'http', scheme: 'bearer', description: 'A personal access token (`ghpat_…`, My account › Authorized apps), acting as its account within its scope.' },
  serviceKey: { type: 'http', scheme: 'bearer', description: 'A service key of the workspace (Settings › Integrations), for POST /api/introspect.' },
  metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when the operator set one; without it only this machine may scrape.' },
} as const;

// The response's description travels under swagger's own key, so the shape itself stays the named Error.
/** An error answer with its own description, for routes that name their refusals. */
export const refusal = (description: string) => ({ 'x-response-description': description, ...errorSchema });

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
        description:
          'Session control for team workspaces. Errors share one shape: {"error": {"code", "message"}}; see docs/errors.md. The console tabs\' live connection, GET /api/live, is a WebSocket and is described in docs/API.md.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the description is served by the server it describes, whatever its address.
      servers: [{ url: '/', description: 'This Gatehouse server' }],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    // What the route table says about credentials and refusals, written into each operation, so
    // no route has to repeat it. Only the description changes: the routes' own schemas, which
    // validate and serialize, are left as they are.
    transform: ({ schema, url, route }) => {
      if (!schema || schema.hide) return { schema, url };
      const auth = route.config?.auth === true;
      const declared = (schema.response ?? {}) as Record<string, unknown>;
      const response: Record<string, unknown> = { ...declared };
      const add = (status: number, description: string) => {
        if (!(status in response)) response[status] = refusal(description);
      };
      add(400, 'The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json)');
      const credentials = auth || (schema.security ?? []).some((s) => Object.keys(s).length > 0);
      if (credentials) {
        add(401, 'No valid credentials, or the session has ended (unauthenticated, session_expired)');
        add(403, 'Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected)');
      }
      if (schema.params) add(404, 'No such id in this workspace (not_found)');
      if (auth || schema.body) add(503, 'The database cannot be reached (database_unavailable); retry after Retry-After seconds');
      const security = schema.security ?? (auth ? (route.config?.sessionOnly ? [{ session: [] }] : [{ session: [] }, { accessToken: [] }]) : []);
      return { url, schema: { ...schema, security, response } };
    },
    transformObject: (documentObject) =>
      nameSharedSchemas(declareTags(('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as Document)) as never,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { deepLinking: true },
    // Everything from this server and nothing else. Not the package's default policy: that one
    // adds upgrade-insecure-requests, which breaks the page on a plain-http LAN address, and
    // allows an outside validator host.
    staticCSP:
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'",
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

type Json = Record<string, unknown>;
interface Document extends Json {
  paths?: Record<string, Record<string, Json>>;
  components?: Json & { schemas?: Record<string, Json> };
  tags?: { name: string; description?: string }[];
}

/** Lists every tag the operations use, with its description from TAGS (none for an unknown tag, which the lint then reports). */
function declareTags(doc: Document): Document {
  const used = new Set<string>();
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(ops)) for (const tag of (op.tags as string[] | undefined) ?? []) used.add(tag);
  }
  const names = [...Object.keys(TAGS).filter((t) => used.has(t)), ...[...used].filter((t) => !(t in TAGS)).sort()];
  return { ...doc, tags: names.map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name })) };
}

/**
 * Moves every schema that carries a `title` (Error, Session, Account…) into
 * components.schemas under that name and refers to it there, so the description names the
 * shapes clients generate types from. A titled schema that is the named one but also allows
 * null becomes "that one, or null". Two different shapes under one title are a mistake in the
 * route schemas, and building the description says so.
 */
function nameSharedSchemas(doc: Document): Document {
  const named: Record<string, Json> = {};
  const canonical = new Map<string, string>();
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = visit(v);
    const title = out.title;
    if (typeof title !== 'string' || !('type' in out || 'properties' in out)) return out;
    const { description, ...shape } = out;
    const nullable = Array.isArray(shape.type) && shape.type.includes('null');
    if (nullable) shape.type = (shape.type as string[]).filter((t) => t !== 'null').at(0);
    // A response's description belongs to the response, not to the shape.
    const key = JSON.stringify(shape);
    const seen = canonical.get(title);
    if (seen === undefined) {
      canonical.set(title, key);
      named[title] = shape;
    } else if (seen !== key) {
      throw new Error(`Two different schemas are titled "${title}" in the API description; give one another title.`);
    }
    const ref: Json = { $ref: `#/components/schemas/${title}` };
    const used: Json = nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
    return description === undefined || description === named[title]?.description ? used : { ...used, description };
  };
  const paths = visit(doc.paths) as Document['paths'];
  const schemas = Object.fromEntries(Object.entries({ ...doc.components?.schemas, ...named }).sort(([a], [b]) => a.localeCompare(b)));
  return { ...doc, paths, components: { ...doc.components, schemas } };
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
