import type { FastifyBaseLogger } from 'fastify';
import { createAccountStore, type AccountStore } from './accounts/store.js';
import { FailureLimiter } from './auth/rate-limit.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { MINUTE, systemClock, type Clock } from './lib/clock.js';
import { countingBus, Metrics } from './metrics/metrics.js';
import { createLiveHub, type LiveHub } from './presence/hub.js';
import { createPresenceReader, type PresenceReader } from './presence/reader.js';
import { createPresenceStore, type PresenceStore } from './presence/store.js';
import { createLocalBus, type SessionBus } from './sessions/events.js';
import { createSessionService, type SessionService } from './sessions/service.js';
import { createSessionStore, type SessionStore } from './sessions/store.js';

/** What the routes share: the database, the stores and the services built on them. */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  bus: SessionBus;
  accounts: AccountStore;
  sessionStore: SessionStore;
  sessions: SessionService;
  /** Failed sign-ins per login (workspace + email). */
  loginLimiter: FailureLimiter;
  /** Failed sign-ins per client IP. */
  ipLimiter: FailureLimiter;
  /** Who is online, read from every node's live connections. */
  presence: PresenceReader;
  presenceStore: PresenceStore;
  /** This node's open console tabs. */
  live: LiveHub;
  metrics: Metrics;
}

export interface ServiceOptions {
  config: Config;
  db: Db;
  clock?: Clock;
  bus?: SessionBus;
  presence?: PresenceReader;
  metrics?: Metrics;
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
}

const quiet = { warn: () => {}, error: () => {} };

export function createServices({ config, db, clock = systemClock, bus = createLocalBus(), presence, metrics = new Metrics(), log = quiet }: ServiceOptions): Services {
  const accounts = createAccountStore(db);
  const sessionStore = createSessionStore(db);
  const presenceStore = createPresenceStore(db);
  const counted = countingBus(bus, metrics);
  const windows = { graceMs: config.presenceGraceSeconds * 1000, idleMs: config.presenceIdleMinutes * MINUTE };
  return {
    config,
    db,
    clock,
    bus: counted,
    accounts,
    sessionStore,
    sessions: createSessionService({ db, sessions: sessionStore, accounts, bus: counted, clock }),
    loginLimiter: new FailureLimiter({ max: config.loginMaxFailures, windowMs: 15 * MINUTE }, clock),
    ipLimiter: new FailureLimiter({ max: config.ipMaxFailures, windowMs: 15 * MINUTE }, clock),
    presence: presence ?? createPresenceReader(presenceStore, clock, windows),
    presenceStore,
    live: createLiveHub({ store: presenceStore, bus: counted, clock, nodeId: config.nodeId, log, ...windows }),
    metrics,
  };
}
