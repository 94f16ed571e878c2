import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { Harness } from './helpers/harness.js';

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the description, whatever branch added its route. */
function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): { name: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op: op as Operation })),
  );
}

describe('the API description lints clean', () => {
  let h: Harness;
  let doc: { paths: Record<string, Record<string, unknown>>; [key: string]: unknown };
  beforeAll(async () => {
    h = await Harness.start(backends()[0]!);
    doc = (await h.request('GET', '/api/openapi.json')).json();
  });
  afterAll(() => h?.close());

  it("passes redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: '/api/openapi.json', config });
    const report = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    expect(report, 'run `npm run lint:openapi` for the same report').toEqual([]);
  });

  it('gives every operation a camelCase operationId (a generated method name), a summary and tags', () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(20);
    for (const { name, op } of operations) {
      expect(op.operationId, `${name}: schema.operationId, e.g. listMySessions`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(op.summary?.trim(), `${name}: schema.summary`).toBeTruthy();
      expect(op.tags?.length, `${name}: schema.tags`).toBeGreaterThan(0);
      expect(op.security, `${name}: security (the route's config.auth, or schema.security: [] for a public route)`).toBeDefined();
    }
    const ids = operations.map((o) => o.op.operationId);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'operationIds used twice',
    ).toEqual([]);
  });

  it('declares who may call: the cookie, Bearer credentials, and nothing on public routes', () => {
    const schemes = (doc.components as { securitySchemes: Record<string, unknown> }).securitySchemes;
    expect(schemes.session).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'gatehouse_session' }));
    expect(schemes.accessToken).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(schemes.serviceKey).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    const op = (path: string, method: string) => doc.paths[path]![method] as Operation;
    for (const [path, method] of [
      ['/api/auth/login', 'post'],
      ['/healthz', 'get'],
      ['/readyz', 'get'],
    ])
      expect(op(path!, method!).security, path).toEqual([]);
    expect(op('/api/introspect', 'post').security).toEqual([{ serviceKey: [] }]);
    expect(op('/api/me/sessions', 'get').security).toEqual([{ session: [] }, { accessToken: [] }]);
    // Tokens never manage tokens or keys, nor sign out: the console's session only.
    expect(op('/api/me/tokens', 'post').security).toEqual([{ session: [] }]);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('has every refusal refer to the shared Error schema', () => {
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
    expect(schemas.Error).toBeDefined();
    for (const { name, op } of operationsOf(doc)) {
      for (const [status, response] of Object.entries((op as { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }).responses)) {
        if (!/^[45]/.test(status) || name === 'GET /readyz') continue;
        expect(response.content?.['application/json']?.schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
  });
});
