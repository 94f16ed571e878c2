import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';

/** Everything Gatehouse reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  /** `postgres://…` selects PostgreSQL; otherwise the SQLite file `<dataDir>/gatehouse.db`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Fastify's trustProxy: false, true, a hop count, or a list of addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  /**
   * The address people reach Gatehouse at (`https://desk.example.com`). When set, requests for
   * any other host are refused (DNS rebinding), it is the console's own origin for the
   * cross-site check, and an https address makes the cookie Secure.
   */
  publicUrl: URL | undefined;
  /** Force the Secure flag on the session cookie; otherwise it follows the request's protocol. */
  cookieSecure: boolean;
  /** Origins besides the request's own that may make state-changing calls (a console served elsewhere). */
  allowedOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seconds a tab may be gone before its account reads offline. */
  presenceGraceSeconds: number;
  /** Minutes an active session may have no connected tab before the team lists flag it idle. */
  presenceIdleMinutes: number;
  /** This process's name among the nodes sharing one database (live connections are recorded per node). */
  nodeId: string;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is open (aggregates only). */
  metricsToken: string | undefined;
  /** How often the background sweep looks for expired sessions. */
  sweepIntervalSeconds: number;
  /** How often each node ends the sessions of agents past their working hours and sends the ten-minute warnings. */
  shiftCheckIntervalMs: number;
  /**
   * After SIGTERM, how long the node keeps its port open while answering readiness 503, so a
   * load balancer that polls readiness takes it out before connections to it are refused.
   */
  shutdownDelayMs: number;
  /** The whole shutdown's bound: past it, connections still open are cut and the process exits. */
  shutdownTimeoutMs: number;
  /**
   * Failed sign-ins in a row for one login, by browsers without its device cookie, that start the
   * back-off: 1 s after the last of them, doubling with each further failure.
   */
  loginMaxFailures: number;
  /** The longest the back-off grows to, in seconds. */
  loginBackoffMaxSeconds: number;
  /** Failed sign-ins a browser with a device cookie may make for its login within 15 minutes before the cookie stops counting. */
  deviceMaxFailures: number;
  /** Failed sign-ins from one client address, by browsers without a device cookie, within 15 minutes before 429. */
  ipMaxFailures: number;
  /**
   * Webhook endpoints on loopback and private networks (and over plain http), for development
   * and private deployments. Off: https and public addresses only (the SSRF guard).
   */
  webhooksAllowLoopback: boolean;
  /**
   * PostgreSQL: the session-check cache's window in milliseconds (0: no cache). Every change that
   * moves a cached answer (an end, a disable, a grant…) returns this long after its commit, and a
   * node serves from its cache only while a heartbeat it sent within this window has come back.
   * Every node on one database must run with the same value.
   */
  sessionCacheWindowMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** See Config.sessionCacheWindowMs; chosen from measurements in bench/RESULTS.md. */
const DEFAULT_CACHE_WINDOW_MS = 50;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration; throws a ConfigError naming every bad value at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite file), got "${databaseUrl}"`);
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const allowedOrigins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`ALLOWED_ORIGINS entries must look like https://host[:port], got "${origin}"`);
    }
  }

  const publicUrl = parsePublicUrl(env.PUBLIC_URL, problems);

  const nodeId = env.NODE_ID?.trim() || defaultNodeId();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(nodeId)) {
    problems.push(`NODE_ID must be 1 to 64 letters, digits, dots, dashes or underscores, got "${env.NODE_ID}"`);
  }
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) {
    problems.push('METRICS_TOKEN must be at least 16 characters (or unset for an open /metrics)');
  }

  const config: Config = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, problems),
    publicUrl,
    cookieSecure: bool('COOKIE_SECURE', publicUrl?.protocol === 'https:'),
    allowedOrigins,
    logLevel,
    presenceGraceSeconds: int('PRESENCE_GRACE_SECONDS', 30, 1, 3600),
    presenceIdleMinutes: int('PRESENCE_IDLE_MINUTES', 8 * 60, 1, 43200),
    nodeId,
    metricsToken,
    sweepIntervalSeconds: int('SWEEP_INTERVAL_SECONDS', 60, 1, 86400),
    shiftCheckIntervalMs: int('SHIFT_CHECK_INTERVAL_MS', 20_000, 250, 300_000),
    shutdownDelayMs: int('SHUTDOWN_DELAY_MS', 0, 0, 600_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 3_600_000),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, 1, 10000),
    loginBackoffMaxSeconds: int('LOGIN_BACKOFF_MAX_SECONDS', 900, 1, 86400),
    deviceMaxFailures: int('DEVICE_MAX_FAILURES', 10, 1, 10000),
    ipMaxFailures: int('IP_MAX_FAILURES', 100, 1, 100000),
    webhooksAllowLoopback: bool('WEBHOOKS_ALLOW_LOOPBACK', false),
    sessionCacheWindowMs: int('SESSION_CACHE_WINDOW_MS', DEFAULT_CACHE_WINDOW_MS, 0, 1000),
  };
  if (config.shutdownDelayMs >= config.shutdownTimeoutMs) {
    problems.push(`SHUTDOWN_DELAY_MS (${config.shutdownDelayMs}) must be shorter than SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs}), which bounds the whole shutdown`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A fresh name per process start: a restarted node is a new node, its old tabs expire with the old name. */
function defaultNodeId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '')
      .slice(0, 40) || 'node';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

function parsePublicUrl(raw: string | undefined, problems: string[]): URL | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
    problems.push(`PUBLIC_URL must be the address people reach Gatehouse at, such as https://desk.example.com (no path), got "${value}"`);
    return undefined;
  }
  return url;
}

function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  const value = raw?.trim();
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((s) => s.trim());
  const bad = entries.filter((e) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e) && !['loopback', 'linklocal', 'uniquelocal'].includes(e));
  if (bad.length > 0) {
    problems.push(`TRUST_PROXY must be true, false, a hop count, or a comma-separated list of proxy addresses/CIDRs; cannot read "${bad.join(', ')}"`);
    return false;
  }
  return entries;
}
