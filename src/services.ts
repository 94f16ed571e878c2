import { createAccountStore, type AccountStore } from './accounts/store.js';
import { FailureLimiter } from './auth/rate-limit.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { MINUTE, systemClock, type Clock } from './lib/clock.js';
import { noPresence, type PresenceReader } from './presence/reader.js';
import { createLocalBus, type SessionBus } from './sessions/events.js';
import { createSessionService, type SessionService } from './sessions/service.js';
import { createSessionStore, type SessionStore } from './sessions/store.js';
import { createSecuritySettings, type SecuritySettingsService } from './security/settings.js';
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
  /** Who is online; replaced by the live-connection layer. */
  presence: PresenceReader;
  teamStore: TeamStore;
  /** Team lists, profiles, accounts and ending sessions by administrators. */
  team: TeamService;
  /** Settings › Security. */
  securitySettings: SecuritySettingsService;
}

export interface ServiceOptions {
  config: Config;
  db: Db;
  clock?: Clock;
  bus?: SessionBus;
  presence?: PresenceReader;
}

export function createServices({ config, db, clock = systemClock, bus = createLocalBus(), presence = noPresence }: ServiceOptions): Services {
  const accounts = createAccountStore(db);
  const sessionStore = createSessionStore(db);
  const sessions = createSessionService({ db, sessions: sessionStore, accounts, bus, clock });
  const teamStore = createTeamStore(db);
  // Presence is read through the services object at call time: the live layer may replace it after start.
  const livePresence: PresenceReader = {
    onlineAmong: (workspaceId, ids) => services.presence.onlineAmong(workspaceId, ids),
    idleAmong: (ids) => services.presence.idleAmong(ids),
  };
  const services: Services = {
    config,
    db,
    clock,
    bus,
    accounts,
    sessionStore,
    sessions,
    loginLimiter: new FailureLimiter({ max: config.loginMaxFailures, windowMs: 15 * MINUTE }, clock),
    ipLimiter: new FailureLimiter({ max: config.ipMaxFailures, windowMs: 15 * MINUTE }, clock),
    presence,
    teamStore,
    team: createTeamService({ db, team: teamStore, accounts, sessions, presence: livePresence, clock }),
    securitySettings: createSecuritySettings({ db, accounts, team: teamStore, sessions, clock }),
  };
  return services;
}
