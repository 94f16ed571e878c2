import fc from 'fast-check';
import type { LightMyRequestResponse, RouteOptions } from 'fastify';
import { ERRORS } from '../../src/errors.js';

/**
 * Generators for the fuzz suite (test/hardening/fuzz.test.ts): requests to any route the app
 * registers, built from the route's own JSON schemas so that most of them pass validation and
 * reach the handler, with a share of junk at every level (wrong types, huge and odd strings,
 * NUL, deep nesting, prototype keys) and in every header that matters.
 */

type Schema = Record<string, unknown>;

/** A route as the onRoute hook saw it. */
export interface FuzzRoute {
  method: string;
  url: string;
  body?: Schema | undefined;
  querystring?: Schema | undefined;
  params?: Schema | undefined;
}

export function fuzzRouteOf(route: RouteOptions, method: string): FuzzRoute {
  const schema = (route.schema ?? {}) as Record<string, Schema | undefined>;
  return { method, url: route.url, body: schema.body, querystring: schema.querystring, params: schema.params };
}

/** Known-good values the generators draw on so requests reach deeper than validation. */
export interface Pools {
  ids: string[];
  emails: string[];
  passwords: string[];
  workspaces: string[];
  ips: string[];
}

/** One generated request, before credentials are attached. */
export interface FuzzRequest {
  route: number;
  method: string;
  path: string;
  query: string;
  /** The raw body text, or undefined for none. */
  body: string | undefined;
  contentType: string | undefined;
  /** Extra headers: Origin, Sec-Fetch-Site, Authorization junk, odd cookies. */
  headers: Record<string, string>;
  /** How the caller's own cookie is sent: as is, mangled, replaced, or not at all. */
  cookie: 'own' | 'none' | 'junk' | 'own+junk' | 'duplicate';
  junkCookie: string;
  ip: string;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'isPrimary', 'is_primary', 'role', 'workspace_id'];

const oddString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.string({ maxLength: 40 }), weight: 4 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 2 },
    { arbitrary: fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '\t',
        '\n',
        '\u2028',
        '\ufeff',
        '😀',
        'ÿ',
        '\ud800',
        'a'.repeat(300),
        '%00',
        '../..',
        "' or 1=1 --",
        '<script>',
        '=cmd|x',
        '1e999',
        'NaN',
        'null',
        'true',
        '[]',
        '{}',
      ),
      weight: 3,
    },
    { arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
  );

/** Any JSON value, junk for a field of any type. */
const junkValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: oddString(), weight: 4 },
    { arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 2 ** 53, -(2 ** 63), 1e308, 0.5)), weight: 3 },
    { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
    { arbitrary: fc.integer({ min: 50, max: 3000 }).map((n) => nest(n)), weight: 1 },
  );

function nest(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Values for a string field, picked by its name where the name says what it holds. */
function stringFor(name: string, schema: Schema, pools: Pools): fc.Arbitrary<string> {
  const known: string[] = [];
  if (/email/i.test(name)) known.push(...pools.emails);
  else if (/password|current|next/i.test(name)) known.push(...pools.passwords);
  else if (name === 'workspace') known.push(...pools.workspaces);
  else if (/id$|Ids?$/i.test(name)) known.push(...pools.ids);
  else if (name === 'ip' || name === 'ipAllowlist') known.push(...pools.ips);
  else if (name === 'cursor')
    known.push(
      'WzFd',
      'W10',
      'eyJ4Ijox',
      Buffer.from('[1e999]').toString('base64url'),
      Buffer.from('[0.5,"ses_x"]').toString('base64url'),
      Buffer.from(`["${'a'.repeat(100)}",1]`).toString('base64url'),
    );
  else if (name === 'from' || name === 'to') known.push('2026-01-01T00:00:00Z', '2026-13-45T99:99:99Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z');
  else if (name === 'token') known.push(...pools.ids);
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, 80) : 40;
  const plain = fc.string({ minLength: Math.min(min, max), maxLength: max });
  const options: fc.WeightedArbitrary<string>[] = [
    { arbitrary: plain, weight: 3 },
    { arbitrary: oddString(), weight: 1 },
  ];
  if (known.length) options.push({ arbitrary: fc.constantFrom(...known), weight: 5 });
  if (typeof schema.pattern === 'string' && name !== 'type')
    options.push({ arbitrary: fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= max), weight: 2 });
  return fc.oneof(...options);
}

/** A value that mostly satisfies `schema`, sometimes not at all. */
function fromSchema(schema: Schema | undefined, pools: Pools, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return junkValue();
  const valid = validFor(schema, pools, name, depth);
  return fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: junkValue(), weight: 1 });
}

function validFor(schema: Schema, pools: Pools, name: string, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map((s) => validFor(s, pools, name, depth)));
  const types = [schema.type].flat().filter((t): t is string => typeof t === 'string');
  if (types.length > 1) return fc.oneof(...types.map((type) => validFor({ ...schema, type }, pools, name, depth)));
  switch (types[0]) {
    case 'string':
      return stringFor(name, schema, pools);
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 100_000;
      return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 4 }, fc.constantFrom(min - 1, max + 1, 0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER + 2));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : 10;
      return fc.oneof(
        { arbitrary: fc.array(fromSchema(items, pools, name, depth + 1), { maxLength: Math.min(maxItems, 6) }), weight: 6 },
        {
          arbitrary: fc.integer({ min: maxItems, max: maxItems + 2 }).chain((n) => fc.array(validFor(items, pools, name, depth + 1), { minLength: n, maxLength: n })),
          weight: 1,
        },
      );
    }
    case 'object':
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const record = fc.record(Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, fromSchema(s, pools, key, depth + 1)])), {
        requiredKeys: Object.keys(properties).filter((k) => required.has(k) || false),
      });
      // Sometimes one required field goes missing, or a key the API does not know comes along.
      return fc
        .tuple(
          record,
          fc.option(fc.constantFrom(...PROTO_KEYS, 'extra'), { freq: 8 }),
          fc.option(fc.constantFrom(...required, '') as fc.Arbitrary<string>, { freq: 10 }),
          junkValue(),
        )
        .map(([value, extraKey, dropKey, extra]) => {
          const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
          if (dropKey) delete out[dropKey];
          if (extraKey) Object.defineProperty(out, extraKey, { value: extra, enumerable: true, writable: true, configurable: true });
          return out;
        });
    }
  }
}

/** Bodies JSON cannot parse, or should not: prototype keys, duplicates, nesting and sizes past the limits. */
const RAW_BODIES = fc.constantFrom(
  '',
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '{"__proto__":{"isPrimary":true}}',
  '{"constructor":{"prototype":{"isPrimary":true}}}',
  '{"name":"a","name":"b"}',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":1e999}',
  '['.repeat(120_000) + ']'.repeat(120_000),
  '{"a":'.repeat(40_000) + '1' + '}'.repeat(40_000),
  `{"name":"${'x'.repeat(300_000)}"}`,
  '\u0000',
);

/** Body text: JSON of a schema-shaped value mostly, else raw text JSON cannot (or should not) parse. */
function bodyText(route: FuzzRoute, pools: Pools): fc.Arbitrary<string | undefined> {
  const takesBody = route.body !== undefined;
  const json = fromSchema(route.body, pools).map((v) => JSON.stringify(v) as string | undefined);
  const raw = fc.oneof(fc.string({ maxLength: 60 }), RAW_BODIES);
  return fc.oneof({ arbitrary: json, weight: takesBody ? 10 : 2 }, { arbitrary: raw, weight: 2 }, { arbitrary: fc.constant(undefined), weight: takesBody ? 1 : 6 });
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/json; charset=latin1',
  'application/json;;',
  'application/json; charset="utf-8"; x=y',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/vnd.api+json',
  'application/octet-stream',
  '*/*',
  '',
  'json',
  'application/json, text/plain',
];

/** A header value of printable characters (what an HTTP client can send at all). */
const headerJunk = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
    fc.integer({ min: 1_000, max: 8_000 }).map((n) => 'a'.repeat(n)),
  );

/** encodeURIComponent, with lone surrogates (which it refuses) sent as the replacement character. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

const tokenShaped = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);

function pathFor(route: FuzzRoute, pools: Pools): fc.Arbitrary<string> {
  const segment = fc.oneof(
    { arbitrary: fc.constantFrom(...pools.ids), weight: 6 },
    {
      arbitrary: oddString()
        .filter((s) => s.length > 0 && s.length < 200_000)
        .map(encode),
      weight: 3,
    },
    { arbitrary: fc.constantFrom('%', '%E0%A4%A', '%00', '..%2F..%2Fsettings', '.', '%2e%2e', 'a%2Fb', 's'.repeat(101), '%F0%9F%98%80', '%C0%AF', '%FF'), weight: 2 },
  );
  const parts = route.url.split('/');
  const slots = parts.filter((p) => p.startsWith(':') || p === '*').length;
  return fc.array(segment, { minLength: slots, maxLength: slots }).chain((values) =>
    fc
      .oneof(
        { arbitrary: fc.constant(values), weight: 9 },
        // A path with a wildcard: any number of segments, or one of the console's page paths.
        { arbitrary: fc.constantFrom(['team/agents'], ['api/nope'], ['assets/x.js'], ['metrics'], ['api'], ['healthz/x']), weight: route.url.endsWith('*') ? 3 : 0 },
      )
      .map((vals) => {
        let i = 0;
        return parts.map((p) => (p.startsWith(':') || p === '*' ? (vals[i++] ?? '') : p)).join('/');
      }),
  );
}

function queryFor(route: FuzzRoute, pools: Pools): fc.Arbitrary<string> {
  const properties = Object.keys(((route.querystring ?? {}) as { properties?: Record<string, Schema> }).properties ?? {});
  const key = fc.oneof(
    { arbitrary: fc.constantFrom(...properties, 'x'), weight: 5 },
    fc.constantFrom(...PROTO_KEYS, '__proto__[isPrimary]', 'constructor[prototype][x]', 'a[]', ''),
    fc.string({ maxLength: 8 }),
  );
  const value = (k: string) => {
    const schema = ((route.querystring as { properties?: Record<string, Schema> } | undefined)?.properties ?? {})[k];
    return fc.oneof(
      {
        arbitrary: fromSchema(schema ?? { type: 'string' }, pools, k).map((v) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v))),
        weight: 6,
      },
      { arbitrary: oddString(), weight: 2 },
    );
  };
  const pair = key.chain((k) => value(k).map((v) => [k, v] as const));
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: 3 },
    { arbitrary: fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => '?' + pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')), weight: 6 },
    {
      arbitrary: fc.constantFrom(
        '?',
        '?&&',
        '?=',
        '?a=%',
        '?q=%E0%A4%A',
        '?limit=1&limit=2',
        '?q=a&q=b',
        '?%00=1',
        `?q=${'x'.repeat(5000)}`,
        '?limit=99999999999999999999',
        '?limit=-1',
        '?limit=1.5',
        '?sort[]=x',
      ),
      weight: 2,
    },
  );
}

/** Origin and Sec-Fetch-Site: mostly the console's own (so state changes reach their handler), sometimes not. */
const SITES: Record<string, string>[] = [
  {},
  { origin: 'http://localhost:80' },
  { 'sec-fetch-site': 'same-origin' },
  { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' },
  { 'sec-fetch-site': 'none' },
];
const ODD_SITES: Record<string, string>[] = [
  { origin: 'null' },
  { origin: 'https://evil.example' },
  { origin: 'http://localhost:80.evil' },
  { origin: 'http://LOCALHOST:80' },
  { origin: '' },
  { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:80' },
  { 'sec-fetch-site': 'same-site' },
  { 'sec-fetch-site': 'bogus' },
  { 'sec-fetch-site': '' },
];

const authorization = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 12 },
  fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic b3duZXI6cGFzcw==', 'Bearer ghpat_', 'Bearer ghsk_', 'Token abc', 'Bearer  ghpat_x'),
  tokenShaped.map((t) => `Bearer ghpat_${t}`),
  tokenShaped.map((t) => `Bearer ghsk_${t}`),
  tokenShaped.map((t) => `Bearer ${t}`),
  headerJunk().map((s) => `Bearer ${s}`),
);

const junkCookie = fc.oneof(
  tokenShaped.map((t) => `gatehouse_session=${t}`),
  headerJunk().map((s) => `gatehouse_session=${s.replace(/;/g, '')}`),
  headerJunk(),
  fc.constantFrom('gatehouse_session=', 'gatehouse_session', '=;=;;', 'gatehouse_session="quoted"', 'a=b; gatehouse_session=%41%41', `gatehouse_session=${'A'.repeat(44)}`),
);

export function requestFor(routes: FuzzRoute[], pools: Pools): fc.Arbitrary<FuzzRequest> {
  // Built once per route: chain() calls its function for every value it generates.
  // The API's routes get four times the share of the public pages (console, API description),
  // whose answers are files and static documents.
  return fc.oneof(
    ...routes.map((route, index) => ({ arbitrary: requestTo(route, index, pools), weight: route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') ? 4 : 1 })),
  );
}

function requestTo(route: FuzzRoute, index: number, pools: Pools): fc.Arbitrary<FuzzRequest> {
  {
    return fc
      .record({
        method: fc.oneof({ arbitrary: fc.constant(route.method), weight: 30 }, fc.constantFrom('HEAD', 'OPTIONS', 'PUT', 'POST', 'DELETE', 'PATCH', 'GET')),
        path: pathFor(route, pools),
        query: queryFor(route, pools),
        body: bodyText(route, pools),
        contentType: fc.oneof(
          { arbitrary: fc.constant('application/json'), weight: 12 },
          { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 },
          { arbitrary: fc.constant(undefined), weight: 1 },
        ),
        site: fc.oneof({ arbitrary: fc.constantFrom(...SITES), weight: 8 }, fc.constantFrom(...ODD_SITES)),
        authorization,
        cookie: fc.oneof({ arbitrary: fc.constant('own' as const), weight: 12 }, fc.constantFrom('none' as const, 'junk' as const, 'own+junk' as const, 'duplicate' as const)),
        junkCookie,
        ip: fc.oneof({ arbitrary: fc.constant('127.0.0.1'), weight: 10 }, fc.constantFrom('::1', '10.1.2.3', '::ffff:127.0.0.1', '203.0.113.9')),
        extra: fc.option(
          fc.constantFrom<[string, string]>(
            ['x-forwarded-for', '203.0.113.5'],
            ['x-http-method-override', 'DELETE'],
            ['accept', 'text/csv'],
            ['accept-encoding', 'gzip, br'],
            ['host', 'evil.example'],
            ['content-length', '5'],
            ['transfer-encoding', 'chunked'],
            ['upgrade', 'websocket'],
            ['connection', 'upgrade'],
            ['range', 'bytes=5000-6000'],
            ['range', 'bytes=x'],
            ['if-none-match', '*'],
            ['if-modified-since', 'Thu, 01 Jan 2099 00:00:00 GMT'],
            ['accept-language', 'es;q=x'],
          ),
          { freq: 6 },
        ),
      })
      .map(({ method, path, query, body, contentType, site, authorization: auth, cookie, junkCookie: junk, ip, extra }) => {
        const headers: Record<string, string> = { ...site };
        if (auth !== undefined) headers.authorization = auth;
        if (extra) headers[extra[0]] = extra[1];
        return { route: index, method, path, query, body, contentType: body === undefined ? undefined : contentType, headers, cookie, junkCookie: junk, ip };
      });
  }
}

/** What a request answered, and whether it breaks a property of every answer. */
export function faultOf(res: LightMyRequestResponse, method: string): string | null {
  if (res.statusCode >= 500) return `answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400 || method === 'HEAD') return null;
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return `a ${res.statusCode} whose body is not JSON: ${JSON.stringify(res.body.slice(0, 200))} (content-type ${String(res.headers['content-type'])})`;
  }
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  if (!body || typeof body !== 'object' || Object.keys(body).join() !== 'error' || !error || typeof error !== 'object')
    return `a ${res.statusCode} not in the error shape: ${res.body.slice(0, 200)}`;
  if (typeof error.code !== 'string' || !(error.code in ERRORS)) return `a ${res.statusCode} with a code not in the catalogue: ${res.body.slice(0, 200)}`;
  if (typeof error.message !== 'string' || error.message === '') return `a ${res.statusCode} without a message: ${res.body.slice(0, 200)}`;
  const status = ERRORS[error.code as keyof typeof ERRORS].status;
  if (status !== res.statusCode) return `a ${res.statusCode} with code ${error.code}, which the catalogue gives ${status}`;
  if (!String(res.headers['content-type']).startsWith('application/json')) return `a ${res.statusCode} sent as ${String(res.headers['content-type'])}`;
  return null;
}
