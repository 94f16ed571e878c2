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
  close(): Promise<void>;
}

/** Serves the console and the API, runs the expiry sweep and the webhook dispatcher, and shuts down cleanly on a signal. */
export async function startServer(config: Config, db: Db): Promise<RunningServer> {
  const { app, services } = await buildGatehouse({ config, db, logger: { level: config.logLevel } });

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
      await dispatcher.stop();
      await app.close();
      await sweeping;
      await services.bus.close();
      await db.close();
      await closeGeolocation();
    })());
  return { app, url: `http://${shownHost}:${port}`, close };
}

/** Stops on SIGINT/SIGTERM: no new connections, in-flight requests finish, then the database closes. */
export function closeOnSignals(server: RunningServer): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.app.log.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
