import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDb } from '../db/index.js';
import type { Db } from '../db/types.js';

/** A fake build: an index page and one hashed asset. */
function fakeBuild(dir: string): void {
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Gatehouse</title><div id="root"></div>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
}

describe('console routes', () => {
  let tmp: string;
  let db: Db;
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'gatehouse-console-'));
    fakeBuild(path.join(tmp, 'web'));
    db = await openDb({ sqlitePath: path.join(tmp, 'gatehouse.db') });
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    app = await buildApp({ config, db, consoleDir: path.join(tmp, 'web') });
    bare = await buildApp({ config, db, consoleDir: path.join(tmp, 'missing') });
  });
  afterAll(async () => {
    await app.close();
    await bare.close();
    await db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('serves index.html for console paths, uncached, with a strict CSP', async () => {
    for (const url of ['/', '/sign-in', '/team/agents', '/team/accounts/acc_1?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('caches hashed assets for a year; a missing asset is a 404, not the page', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const missing = await app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/json');
    // What the static file server refuses itself (found by test/hardening/fuzz.test.ts) is no such file too, in the one error shape.
    for (const [url, headers] of [
      ['/assets/..%2F..%2Findex.html', {}],
      ['/assets/..%2F..', {}],
      ['/assets/index-abc123.js', { range: 'bytes=5000-6000' }],
    ] as const) {
      const refused = await app.inject({ method: 'GET', url, headers });
      expect({ url, status: refused.statusCode, body: refused.json() }).toEqual({ url, status: 404, body: { error: { code: 'not_found', message: 'Not found.' } } });
    }
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
  });

  it('keeps the JSON 404 for unknown API paths and leaves /healthz and /metrics alone', async () => {
    for (const url of ['/api/nope', '/api', '/api/team/nope/deeper']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const post = await app.inject({ method: 'POST', url: '/team/agents', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json()).toMatchObject({ error: { code: 'not_found' } });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).not.toContain('text/html');
  });

  it('answers a file name that is not in the build with a JSON 404, never the console page', async () => {
    for (const url of ['/backup.zip', '/.env', '/wp-login.php', '/team/agents.json', '/assets/index-abc123.js.map', '/readyz.bak']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/json');
      expect(res.body, url).not.toContain('<div id="root">');
    }
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.headers['content-type']).toContain('application/json');
  });

  it('says to run the build when the console was not built', async () => {
    const res = await bare.inject({ method: 'GET', url: '/team/agents' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build');
    const api = await bare.inject({ method: 'GET', url: '/api/nope' });
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
