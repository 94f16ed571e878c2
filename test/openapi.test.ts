import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { Harness } from './helpers/harness.js';

describe('the API description', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(backends()[0]!);
  });
  afterAll(() => h?.close());

  it('serves an OpenAPI 3 document generated from the route schemas', async () => {
    const res = await h.request('GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'Gatehouse API', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const [path, method] of [
      ['/api/team/agents', 'get'],
      ['/api/team/agents', 'post'],
      ['/api/team/admins', 'get'],
      ['/api/team/accounts/{id}', 'patch'],
      ['/api/team/accounts/{id}/end-sessions', 'post'],
      ['/api/team/end-sessions', 'post'],
      ['/api/sessions/{id}', 'delete'],
      ['/api/sessions/{id}', 'get'],
      ['/api/security/sessions/facets', 'get'],
      ['/api/settings/security', 'patch'],
      ['/api/security/sessions', 'get'],
      ['/api/audit', 'get'],
      ['/api/audit.csv', 'get'],
      ['/api/auth/login', 'post'],
      ['/api/me/sessions', 'get'],
      ['/api/integrations/webhooks', 'get'],
      ['/api/integrations/webhooks', 'post'],
      ['/api/integrations/webhooks/{id}', 'patch'],
      ['/api/integrations/webhooks/{id}/deliveries', 'get'],
      ['/api/integrations/webhooks/{id}/deliveries/{deliveryId}/resend', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    // The webhook calls name themselves for generated clients (the console's Settings › Integrations).
    for (const op of Object.values(doc.paths['/api/integrations/webhooks'] as Record<string, { operationId: string; summary: string; tags: string[] }>)) {
      expect(op).toMatchObject({ operationId: expect.stringMatching(/^[a-z][A-Za-z]+$/), summary: expect.any(String), tags: ['integrations'] });
    }
    // Named shapes are components, referred to by $ref.
    const deref = (schema: { $ref?: string }) => (schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema);
    expect(deref(doc.paths['/api/integrations/webhooks'].post.responses['400'].content['application/json'].schema).properties.error).toBeDefined();
    const list = doc.paths['/api/team/agents'].get;
    // The cookie, or a personal access token acting as its account (test/openapi-lint.test.ts checks the schemes).
    expect(list.security).toEqual([{ session: [] }, { accessToken: [] }]);
    expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'limit', 'order', 'q', 'session', 'sort']);
    const teamList = deref(list.responses['200'].content['application/json'].schema);
    expect(deref(teamList.properties.accounts.items).properties.activeSessions).toBeDefined();
    const bulk = doc.paths['/api/team/end-sessions'].post;
    expect(bulk.requestBody.content['application/json'].schema.properties.accountIds.maxItems).toBe(1000);
    expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'gatehouse_session' });
    // Every call describes its success answer, not only the refusals.
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(
          Object.keys(op.responses).some((s) => s.startsWith('2')),
          `${method} ${path} documents a 2xx answer`,
        ).toBe(true);
      }
    }
    // Every HTTP route of PRODUCT.md's table is described; the WebSocket is named in the description.
    expect(doc.info.description).toContain('/api/live');
    for (const path of ['/healthz', '/metrics', '/api/presence']) expect(doc.paths[path]?.get, path).toBeDefined();
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/docs'))).toBe(false);
  });

  it('serves a readable page whose assets come from this server', async () => {
    const page = await h.request('GET', '/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const url = new URL(asset, 'http://localhost/api/docs/').pathname;
      expect((await h.request('GET', url)).statusCode, url).toBe(200);
    }
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self';/);
    expect(page.headers['content-security-policy']).not.toMatch(/https?:|upgrade-insecure-requests/);
    const init = await h.request('GET', '/api/docs/static/swagger-initializer.js');
    expect(init.body).toContain('validatorUrl: null');
  });
});
