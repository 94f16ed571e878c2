// The peer: better-auth's getSession (cookie cache off, its default) behind a Fastify route,
// on its own tables holding the same number of users and sessions as Gatehouse's run.
// better-auth comes from bench/node_modules only; better-sqlite3, pg and fastify from the root.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'));
const Fastify = require('fastify');

export const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
/** better-auth's cookie: the raw token, a dot, its HMAC-SHA256 in base64, URL-encoded. */
export const cookieOf = (token) => `better-auth.session_token=${encodeURIComponent(`${token}.${createHmac('sha256', SECRET).update(token).digest('base64')}`)}`;
export const tokenOf = (i) => `bt${String(i).padStart(30, '0')}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  let database;
  if (url) {
    const pg = require('pg');
    database = new pg.Pool({ connectionString: url, max: 10 });
  } else {
    const Database = require('better-sqlite3');
    database = new Database(path.join(process.env.DATA_DIR, 'better-auth.db'));
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
  }
  const auth = betterAuth({
    database,
    secret: SECRET,
    baseURL: 'http://127.0.0.1',
    emailAndPassword: { enabled: true },
    session: { cookieCache: { enabled: false } },
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();

  const users = Number(process.env.BA_USERS ?? 10_000);
  const sessions = Number(process.env.BA_SESSIONS ?? 100_000);
  const now = new Date();
  const later = new Date(now.getTime() + 7 * 86_400_000);
  const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
  if (url) {
    const q = (text) => database.query(text);
    await q(`insert into "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
      select 'u' || k, 'Agent ' || k, 'agent' || k || '@bench.test', true, now(), now() from generate_series(0, ${users - 1}) k`);
    await q(`insert into "session" (id, "expiresAt", token, "createdAt", "updatedAt", "ipAddress", "userAgent", "userId")
      select 's' || i, now() + interval '7 days', 'bt' || lpad(i::text, 30, '0'), now(), now(), '203.0.113.' || (i % 250), '${ua}', 'u' || (i % ${users})
        from generate_series(0, ${sessions - 1}) i`);
    await q('vacuum analyze');
  } else {
    const iso = now.toISOString();
    database.transaction(() => {
      const u = database.prepare(`insert into "user" (id, name, email, emailVerified, createdAt, updatedAt) values (?, ?, ?, 1, ?, ?)`);
      for (let k = 0; k < users; k++) u.run(`u${k}`, `Agent ${k}`, `agent${k}@bench.test`, iso, iso);
      const s = database.prepare(`insert into "session" (id, expiresAt, token, createdAt, updatedAt, ipAddress, userAgent, userId) values (?, ?, ?, ?, ?, ?, ?, ?)`);
      for (let i = 0; i < sessions; i++) s.run(`s${i}`, later.toISOString(), tokenOf(i), iso, iso, `203.0.113.${i % 250}`, ua, `u${i % users}`);
    })();
    database.exec('analyze');
  }

  const app = Fastify({ logger: false });
  app.get('/bench/bare', async () => ({ hello: 'world' }));
  app.get('/api/session', async (request, reply) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers.set(k, v);
    const session = await auth.api.getSession({ headers });
    if (!session) return reply.status(401).send({ error: 'unauthenticated' });
    return session;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
  console.log(JSON.stringify({ port: app.server.address().port }));
}
