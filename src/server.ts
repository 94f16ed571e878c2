import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildGatehouse } from './app.js';
import type { Config } from './config.js';
import { openDb } from './db/index.js';
import type { Db } from './db/types.js';
import { closeGeolocation } from './sessions/geo.js';

/** The SQLite file under DATA_DIR (used unless DATABASE_URL is set). */
export function sqliteFileOf(config: Config): string {
  return path.join(config.dataDir, 'gatehouse.db');
}

/** Opens the database the configuration names (SQLite under DATA_DIR unless DATABASE_URL is set). */
export function openConfiguredDb(config: Config): Promise<Db> {
  return openDb({ databaseUrl: config.databaseUrl, sqlitePath: sqliteFileOf(config), cache: { nodeId: config.nodeId, windowMs: config.sessionCacheWindowMs } });
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Stops serving: no new connections, in-flight requests finish, tabs are moved, then the database closes. */
  close(): Promise<void>;
  /**
   * A rolling restart's stop: drains first (readiness 503, `Connection: close`, idle connections
   * closed, new tabs sent elsewhere), keeps the port open for SHUTDOWN_DELAY_MS (`delay: false`
   * skips it) while the load balancer notices, then closes (open tabs told to reconnect, the
   * port closed, in-flight requests answered); within SHUTDOWN_TIMEOUT_MS, past which whatever
   * is still open is cut. Resolves `false` when it had to cut.
   */
  shutdown(options?: { delay?: boolean }): Promise<boolean>;
}

/** Serves the console and the API, runs the expiry sweep and the webhook dispatcher, and shuts down cleanly on a signal. */
export async function startServer(config: Config, db: Db): Promise<RunningServer> {
  const { app, services, drain } = await buildGatehouse({ config, db, logger: { level: config.logLevel } });

  let sweeping: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = Promise.all([
      services.sessions
        .sweep()
        .then((ended) => ended > 0 && app.log.info({ ended }, 'expired sessions ended'))
        .catch((err: unknown) => app.log.error({ err }, 'session sweep failed')),
      // Failed sign-in counters past their expiry, so an attacker's sprayed emails do not pile up.
      services.auth.pruneFailures().catch((err: unknown) => app.log.error({ err }, 'failed sign-in counters not pruned')),
    ]).finally(() => (sweeping = undefined));
  }, config.sweepIntervalSeconds * 1000);
  timer.unref();
  // Every node checks shifts: ends the sessions of agents past their hours and sends the
  // ten-minute warnings. Idempotent across nodes (src/shifts/service.ts), so nodes need not agree on who.
  let checkingShifts: Promise<unknown> | undefined;
  const shiftTimer = setInterval(() => {
    checkingShifts ??= services.shifts
      .tick()
      .then(({ ended, warned }) => (ended > 0 || warned > 0) && app.log.info({ ended, warned }, 'shift check'))
      .catch((err: unknown) => app.log.error({ err }, 'shift check failed'))
      .finally(() => (checkingShifts = undefined));
  }, config.shiftCheckIntervalMs);
  shiftTimer.unref();
  // Sends the webhooks' outbox; with several nodes each delivery is leased by one of them.
  const dispatcher = services.webhooks.startDispatcher();

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      clearInterval(shiftTimer);
      await dispatcher.stop();
      await app.close();
      await sweeping;
      await checkingShifts;
      await services.bus.close();
      await db.close();
      await closeGeolocation();
    })());

  let shuttingDown: Promise<boolean> | undefined;
  const shutdown = ({ delay = true } = {}) =>
    (shuttingDown ??= (async () => {
      const started = Date.now();
      drain();
      // Kept-alive connections with no request on them go now; the others after their answer
      // (which says `Connection: close`); the timer catches any that a client left open anyway.
      app.server.closeIdleConnections();
      const reaper = setInterval(() => app.server.closeIdleConnections(), 250);
      if (delay && config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
      const closed = close().then(() => true);
      void closed.finally(() => clearInterval(reaper));
      const left = Math.max(0, config.shutdownTimeoutMs - (Date.now() - started));
      const clean = await Promise.race([closed, sleep(left).then(() => false)]);
      if (clean) return true;
      // Requests or streams still open past the bound: cut them, and give the close a moment to finish.
      app.log.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out: closing the connections still open');
      app.server.closeAllConnections();
      await Promise.race([closed, sleep(2000)]);
      return false;
    })());
  return { app, url: `http://${shownHost}:${port}`, close, shutdown };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stops on SIGTERM (a deploy, an orchestrator) or SIGINT (Ctrl-C, which skips SHUTDOWN_DELAY_MS):
 * drains, lets in-flight requests finish, closes the database, exits 0, within SHUTDOWN_TIMEOUT_MS.
 * A fault while closing exits 1; a second signal exits at once.
 */
export function closeOnSignals(server: RunningServer): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.app.log.info({ signal }, 'shutting down');
      for (const again of ['SIGINT', 'SIGTERM'] as const) process.once(again, () => process.exit(1));
      server.shutdown({ delay: signal === 'SIGTERM' }).then(
        (clean) => {
          server.app.log.info({ clean }, 'shut down');
          process.exit(0);
        },
        (err: unknown) => {
          server.app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
