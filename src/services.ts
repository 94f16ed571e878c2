import type { FastifyBaseLogger } from 'fastify';
import { createAccountService, type AccountService } from './accounts/service.js';
import { createAuditLog, type AuditLog } from './audit/service.js';
import { deviceCookies } from './auth/device.js';
import { createAttempts } from './auth/attempts.js';
import { createLoginGuard } from './auth/guard.js';
import { createGuardStore } from './auth/guard-store.js';
import { createPasskeyStore } from './auth/passkey-store.js';
import { createPasskeys, type Passkeys } from './auth/passkeys.js';
import { createReauthentication, type Reauthentication } from './auth/reauthentication.js';
import { createSecondFactors, type SecondFactors } from './auth/second-factor.js';
import { createSecondFactorStore } from './auth/second-factor-store.js';
import { createAuthService, type AuthService } from './auth/service.js';
import type { Config } from './config.js';
import { createIntegrationService, type IntegrationService } from './integrations/service.js';
import { createIntegrationStore } from './integrations/store.js';
import { serverSecret } from './db/secrets.js';
import type { Db } from './db/types.js';
import { MINUTE, systemClock, type Clock } from './lib/clock.js';
import { countingBus, Metrics } from './metrics/metrics.js';
import { createLiveHub, type LiveHub } from './presence/hub.js';
import { createPresenceService, type PresenceReader, type PresenceService } from './presence/service.js';
import { createPresenceStore } from './presence/store.js';
import { createSecuritySettings, type SecuritySettingsService } from './security/service.js';
import { createSecurityStore } from './security/store.js';
import { createLocalBus, type SessionBus } from './sessions/events.js';
import { createSessionService, type SessionService } from './sessions/service.js';
import { createSessionStore } from './sessions/store.js';
import { createShiftService, type ShiftService } from './shifts/service.js';
import { createShiftStore } from './shifts/store.js';
import { createTeamService, type TeamService } from './team/service.js';
import { createTeamStore } from './team/store.js';
import { createWebhookService, type WebhookService } from './webhooks/service.js';
import { createWebhookStore } from './webhooks/store.js';

/**
 * The services of one node, wired once. Each route plugin is registered with the few it uses
 * (src/app.ts); stores stay inside their capability, reached only through its service.
 */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  bus: SessionBus;
  accounts: AccountService;
  audit: AuditLog;
  sessions: SessionService;
  auth: AuthService;
  /** Two-factor sign-in: enrolment and removal (My account), administrators' resets. */
  secondFactors: SecondFactors;
  passkeys: Passkeys;
  /** Recent re-authentication for dangerous acts: the check the `recentProof` routes make, and proving oneself again. */
  reauthentication: Reauthentication;
  /** Who is online, read from every node's live connections. */
  presence: PresenceService;
  /** This node's open console tabs. */
  live: LiveHub;
  metrics: Metrics;
  /** Team lists, profiles, accounts and ending sessions by administrators. */
  team: TeamService;
  /** Settings › Security. */
  securitySettings: SecuritySettingsService;
  /** Service keys and introspection (Settings › Integrations). */
  integrations: IntegrationService;
  /** Webhook endpoints, the outbox written beside the audit rows, and the dispatcher (Settings › Integrations). */
  webhooks: WebhookService;
  /** Working hours: the sign-in gate, every node's shift tick, the schedules. */
  shifts: ShiftService;
}

export interface ServiceOptions {
  config: Config;
  db: Db;
  clock?: Clock;
  bus?: SessionBus;
  /** What the team lists read of presence (tests replace it). */
  presence?: PresenceReader;
  metrics?: Metrics;
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
}

const quiet = { warn: () => {}, error: () => {} };

export function createServices({ config, db, clock = systemClock, bus = createLocalBus(), presence, metrics = new Metrics(), log = quiet }: ServiceOptions): Services {
  const counted = countingBus(bus, metrics);
  const windows = { graceMs: config.presenceGraceSeconds * 1000, idleMs: config.presenceIdleMinutes * MINUTE };
  const accounts = createAccountService(db);
  const audit = createAuditLog(db);
  const webhooks = createWebhookService({ db, store: createWebhookStore(db), audit, clock, allowPrivate: config.webhooksAllowLoopback, log });
  // Every change that sends a webhook writes an audit row in its transaction: the outbox row is
  // written beside it, in the same transaction, by this listener (rule 8).
  audit.alsoRecord((trx, events) => webhooks.enqueue(trx, events));
  const sessions = createSessionService({ db, sessions: createSessionStore(db), audit, bus: counted, clock });
  metrics.watchChecks(() => sessions.checks);
  const integrations = createIntegrationService({ db, store: createIntegrationStore(db), sessions, audit, clock });
  const presenceStore = createPresenceStore(db);
  const guardStore = createGuardStore(db);
  const presenceService = createPresenceService(presenceStore, clock, windows);
  const guard = createLoginGuard({
    store: guardStore,
    clock,
    rules: {
      loginMaxFailures: config.loginMaxFailures,
      backoffMaxMs: config.loginBackoffMaxSeconds * 1000,
      deviceMaxFailures: config.deviceMaxFailures,
      ipMaxFailures: config.ipMaxFailures,
    },
  });
  const secondFactorStore = createSecondFactorStore(db);
  const shifts = createShiftService({ db, store: createShiftStore(db), accounts, sessions, audit, bus: counted, clock });
  const passkeys = createPasskeys({ store: createPasskeyStore(db), factors: secondFactorStore, sessions, audit, clock });
  const secondFactors = createSecondFactors({ accounts, sessions, audit, guard, store: secondFactorStore, passkeys, key: serverSecret(db, 'second_factor_key'), clock });
  const attempts = createAttempts({ guard, audit, clock });
  const devices = deviceCookies(guardStore.deviceKey);
  return {
    config,
    db,
    clock,
    bus: counted,
    accounts,
    audit,
    sessions,
    auth: createAuthService({
      accounts,
      sessions,
      audit,
      tokens: integrations,
      guard,
      attempts,
      devices,
      secondFactors,
      passkeys,
      challenges: secondFactorStore,
      shifts,
      clock,
    }),
    secondFactors,
    passkeys,
    reauthentication: createReauthentication({ accounts, sessions, secondFactors, passkeys, attempts, devices, audit, clock }),
    presence: presenceService,
    live: createLiveHub({ store: presenceStore, bus: counted, clock, nodeId: config.nodeId, log, ...windows }),
    metrics,
    team: createTeamService({ team: createTeamStore(db), accounts, sessions, presence: presence ?? presenceService, audit, tokens: integrations, clock }),
    integrations,
    webhooks,
    shifts,
    securitySettings: createSecuritySettings({ accounts, store: createSecurityStore(db), sessions, audit, clock }),
  };
}
