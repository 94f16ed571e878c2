import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { Harness, PASSWORD } from '../helpers/harness.js';

/**
 * The smaller surface findings of the outside test (issue 19, finding 6): what the server hands
 * out besides the API, and what it accepts as its own host and cookie.
 */
const sqlite = backends()[0]!;

function setCookies(res: LightMyRequestResponse): string[] {
  const header = res.headers['set-cookie'];
  return Array.isArray(header) ? header : header ? [header] : [];
}

describe('the built console carries no source maps', () => {
  const assets = path.resolve('dist/web/assets');
  it.skipIf(!existsSync(assets))('dist/web has no .map file and no bundle points at one', async () => {
    const files = readdirSync(assets);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const { readFileSync } = await import('node:fs');
    for (const f of files.filter((name) => name.endsWith('.js'))) expect(readFileSync(path.join(assets, f), 'utf8')).not.toContain('sourceMappingURL');
  });
});

describe('metrics without METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => (h = await Harness.start(sqlite)));
  afterAll(async () => h?.close());

  it('are served to this machine only', async () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect((await h.request('GET', '/metrics', { ip })).statusCode, ip).toBe(200);
    for (const ip of ['10.0.0.7', '192.168.1.20', '203.0.113.9', '::ffff:10.0.0.7', '2001:db8::1']) {
      const res = await h.request('GET', '/metrics', { ip });
      expect(res.statusCode, ip).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('METRICS_TOKEN') } });
    }
  });
});

describe('on https (behind a proxy that says so)', () => {
  let h: Harness;
  beforeAll(async () => (h = await Harness.start(sqlite, { TRUST_PROXY: 'true' })));
  afterAll(async () => h?.close());
  const https = { 'x-forwarded-proto': 'https' };

  it('answers with Strict-Transport-Security, and not on plain http', async () => {
    expect((await h.request('GET', '/healthz', { headers: https })).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await h.request('GET', '/api/me', { headers: https })).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await h.request('GET', '/healthz')).headers['strict-transport-security']).toBeUndefined();
  });

  it('names the cookie __Host-gatehouse_session (Secure, every path, no Domain) and reads only that name', async () => {
    const res = await h.login('owner@acme.test', {}, { headers: https });
    expect(res.statusCode).toBe(200);
    const line = setCookies(res).find((c) => c.startsWith('__Host-gatehouse_session='));
    expect(line).toBeDefined();
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; Path=\/(;|$)/);
    expect(line).not.toMatch(/Domain=/i);
    const token = line!.split(';')[0]!.split('=')[1]!;
    expect((await h.request('GET', '/api/me', { headers: https, cookie: `__Host-gatehouse_session=${token}` })).statusCode).toBe(200);
    // The unprefixed name is one a sibling host could have planted: ignored on https.
    expect((await h.request('GET', '/api/me', { headers: https, cookie: `gatehouse_session=${token}` })).statusCode).toBe(401);
    const out = await h.request('POST', '/api/auth/logout', { headers: https, cookie: `__Host-gatehouse_session=${token}` });
    expect(setCookies(out).some((c) => /^__Host-gatehouse_session=;.*Max-Age=0/.test(c))).toBe(true);
  });
});

describe('PUBLIC_URL', () => {
  let h: Harness;
  beforeAll(async () => (h = await Harness.start(sqlite, { PUBLIC_URL: 'https://desk.acme.test' })));
  afterAll(async () => h?.close());

  it('refuses requests for any other host with 421 misdirected_request (DNS rebinding)', async () => {
    for (const host of ['evil.test', 'desk.acme.test.evil.test', '127.0.0.1:3000', 'desk.acme.test:8443']) {
      const res = await h.request('GET', '/api/me', { headers: { host } });
      expect(res.statusCode, host).toBe(421);
      expect(res.json()).toMatchObject({ error: { code: 'misdirected_request', message: expect.stringContaining('desk.acme.test') } });
    }
    const page = await h.request('GET', '/team/agents', { headers: { host: 'evil.test' } });
    expect(page.statusCode).toBe(421);
  });

  it('serves its own host, the same host with its default port, and health probes by any name', async () => {
    for (const host of ['desk.acme.test', 'DESK.acme.test', 'desk.acme.test:443'])
      expect((await h.request('GET', '/api/me', { headers: { host } })).statusCode, host).toBe(401);
    for (const url of ['/healthz', '/readyz']) expect((await h.request('GET', url, { headers: { host: '10.0.0.5:3000' } })).statusCode, url).toBe(200);
  });

  it("is the console's own origin and makes the cookie Secure, even when TLS ends at a proxy", async () => {
    const res = await h.request('POST', '/api/auth/login', {
      headers: { host: 'desk.acme.test', origin: 'https://desk.acme.test' },
      body: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(setCookies(res).some((c) => c.startsWith('__Host-gatehouse_session=') && c.includes('; Secure'))).toBe(true);
    const foreign = await h.request('POST', '/api/auth/login', {
      headers: { host: 'desk.acme.test', origin: 'https://evil.test' },
      body: { workspace: 'acme', email: 'owner@acme.test', password: PASSWORD },
    });
    expect(foreign.statusCode).toBe(403);
  });
});
