import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults: port 3000 on loopback, SQLite under ./data', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.trustProxy).toBe(false);
    expect(config.cookieSecure).toBe(false);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db:5432/gh',
      DATA_DIR: '/var/lib/gatehouse',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      COOKIE_SECURE: 'yes',
      ALLOWED_ORIGINS: 'https://console.acme.test',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@db:5432/gh',
      dataDir: '/var/lib/gatehouse',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      cookieSecure: true,
      allowedOrigins: ['https://console.acme.test'],
      logLevel: 'warn',
    });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('bounds the shutdown: no delay and 10 s by default, the delay shorter than the bound', () => {
    expect(loadConfig({})).toMatchObject({ shutdownDelayMs: 0, shutdownTimeoutMs: 10_000 });
    expect(loadConfig({ SHUTDOWN_DELAY_MS: '1000', SHUTDOWN_TIMEOUT_MS: '15000' })).toMatchObject({ shutdownDelayMs: 1000, shutdownTimeoutMs: 15_000 });
    expect(() => loadConfig({ SHUTDOWN_DELAY_MS: '10000' })).toThrow(/SHUTDOWN_DELAY_MS \(10000\) must be shorter than SHUTDOWN_TIMEOUT_MS \(10000\)/);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: 'soon' })).toThrow(/SHUTDOWN_TIMEOUT_MS must be a whole number/);
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', COOKIE_SECURE: 'maybe', LOG_LEVEL: 'loud', TRUST_PROXY: 'some proxies', ALLOWED_ORIGINS: 'acme.test' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'COOKIE_SECURE', 'LOG_LEVEL', 'TRUST_PROXY', 'ALLOWED_ORIGINS']) expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(6);
  });

  it('reads and checks the live-presence settings', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ presenceGraceSeconds: 30, presenceIdleMinutes: 480, metricsToken: undefined });
    // A fresh node name per process unless one is given.
    expect(defaults.nodeId).toMatch(/^[A-Za-z0-9._-]+-\d+-[0-9a-f]{6}$/);
    expect(loadConfig({}).nodeId).not.toBe(defaults.nodeId);
    expect(loadConfig({ PRESENCE_GRACE_SECONDS: '5', PRESENCE_IDLE_MINUTES: '60', NODE_ID: 'eu-1', METRICS_TOKEN: 'x'.repeat(16) })).toMatchObject({
      presenceGraceSeconds: 5,
      presenceIdleMinutes: 60,
      nodeId: 'eu-1',
      metricsToken: 'x'.repeat(16),
    });
    let error: unknown;
    try {
      loadConfig({ PRESENCE_GRACE_SECONDS: '0', PRESENCE_IDLE_MINUTES: 'soon', NODE_ID: 'node one', METRICS_TOKEN: 'short' });
    } catch (err) {
      error = err;
    }
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PRESENCE_GRACE_SECONDS', 'PRESENCE_IDLE_MINUTES', 'NODE_ID', 'METRICS_TOKEN']) expect(problems).toContain(name);
  });

  it("reads PUBLIC_URL: the console's address, which makes the cookie Secure when it is https", () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    const config = loadConfig({ PUBLIC_URL: 'https://desk.acme.test' });
    expect(config.publicUrl?.origin).toBe('https://desk.acme.test');
    expect(config.cookieSecure).toBe(true);
    // Plain http (a lab behind no TLS) leaves the cookie as it was; COOKIE_SECURE still wins.
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).cookieSecure).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://desk.acme.test', COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
    for (const bad of ['desk.acme.test', 'ftp://desk.acme.test', 'https://desk.acme.test/gatehouse', 'https://desk.acme.test/?x=1', 'https://user@desk.acme.test']) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL must be the address people reach Gatehouse at/);
    }
  });

  it('allows webhooks to loopback and private networks only when asked', () => {
    expect(loadConfig({}).webhooksAllowLoopback).toBe(false);
    expect(loadConfig({ WEBHOOKS_ALLOW_LOOPBACK: 'true' }).webhooksAllowLoopback).toBe(true);
    expect(() => loadConfig({ WEBHOOKS_ALLOW_LOOPBACK: 'sometimes' })).toThrow(/WEBHOOKS_ALLOW_LOOPBACK must be true or false/);
  });

  it('refuses ports out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be a whole number from 0 to 65535/);
    expect(() => loadConfig({ PORT: '-1' })).toThrow(ConfigError);
  });
});
