import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDb } from './db/index.js';

/**
 * The API description, from an app built on an empty in-memory database that never listens:
 * what `npm run gen:api-types` and `npm run lint:openapi` read. The routes, not any database
 * or setting, decide the description.
 */
export async function describeApi(): Promise<Record<string, unknown>> {
  const db = await openDb({ sqlitePath: ':memory:' });
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await db.close();
  }
}
