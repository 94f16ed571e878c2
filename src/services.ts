import { createAccountStore, type AccountStore } from './accounts/store.js';
import { FailureLimiter } from './auth/rate-limit.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { MINUTE, systemClock, type Clock } from './lib/clock.js';
import { noPresence, type PresenceReader } from './presence/reader.js';
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
  /** Who is online; replaced by the live-connection layer. */
  presence: PresenceReader;
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
  return {
    config,
    db,
    clock,
    bus,
    accounts,
    sessionStore,
    sessions: createSessionService({ db, sessions: sessionStore, accounts, bus, clock }),
    loginLimiter: new FailureLimiter({ max: config.loginMaxFailures, windowMs: 15 * MINUTE }, clock),
    ipLimiter: new FailureLimiter({ max: config.ipMaxFailures, windowMs: 15 * MINUTE }, clock),
    presence,
  };
}
