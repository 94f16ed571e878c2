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
import { createSecuritySettings, type SecuritySettingsService } from './security/settings.js';
import { createSecurityStore, type SecurityStore } from './security/store.js';
import { createTeamService, type TeamService } from './team/service.js';
import { createTeamStore, type TeamStore } from './team/store.js';

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
  teamStore: TeamStore;
  /** Team lists, profiles, accounts and ending sessions by administrators. */
  team: TeamService;
  securityStore: SecurityStore;
  /** Settings › Security. */
  securitySettings: SecuritySettingsService;
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
  const sessions = createSessionService({ db, sessions: sessionStore, accounts, bus: counted, clock });
  const reader = presence ?? createPresenceReader(presenceStore, clock, windows);
  const teamStore = createTeamStore(db);
  const securityStore = createSecurityStore(db);
  return {
    config,
    db,
    clock,
    bus: counted,
    accounts,
    sessionStore,
    sessions,
    loginLimiter: new FailureLimiter({ max: config.loginMaxFailures, windowMs: 15 * MINUTE }, clock),
    ipLimiter: new FailureLimiter({ max: config.ipMaxFailures, windowMs: 15 * MINUTE }, clock),
    presence: reader,
    presenceStore,
    live: createLiveHub({ store: presenceStore, bus: counted, clock, nodeId: config.nodeId, log, ...windows }),
    metrics,
    teamStore,
    team: createTeamService({ db, team: teamStore, accounts, sessions, presence: reader, clock }),
    securityStore,
    securitySettings: createSecuritySettings({ db, accounts, store: securityStore, sessions, clock }),
  };
}
