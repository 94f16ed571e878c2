// Seeds a workspace with 10,000 agents and 200,000 session records, then times the team list
// calls through the app (app.inject, so no network). A quick check, not the formal benchmark.
//   npm run build:server && node scripts/measure-team-lists.mjs            (SQLite, temp file)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_measure node scripts/measure-team-lists.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../dist/src/app.js';
import { loadConfig } from '../dist/src/config.js';
import { openDb } from '../dist/src/db/index.js';
import { createAccountService } from '../dist/src/accounts/service.js';
import { hashPassword } from '../dist/src/lib/passwords.js';
import { createTeamStore } from '../dist/src/team/store.js';

const AGENTS = Number(process.env.AGENTS ?? 10_000);
const SESSIONS = Number(process.env.SESSIONS ?? 200_000);
const url = process.env.DATABASE_URL;
const db = await openDb(url ? { databaseUrl: url } : { sqlitePath: path.join(mkdtempSync(path.join(tmpdir(), 'gh-measure-')), 'gh.db') });
const id = (p) => `${p}_${randomBytes(15).toString('base64url')}`;
const now = Date.now();
const password = 'measure password';
const { workspace } = await createAccountService(db).createWorkspace({
  slug: `m${randomBytes(3).toString('hex')}`,
  name: 'Measure',
  adminName: 'Owner',
  adminEmail: 'owner@m.test',
  adminPasswordHash: await hashPassword(password),
  now,
});

const t0 = performance.now();
const accounts = [];
for (let i = 0; i < AGENTS; i += 500) {
  const logins = [];
  const rows = [];
  for (let j = i; j < Math.min(AGENTS, i + 500); j++) {
    const loginId = id('lgn');
    const accountId = id('acc');
    logins.push({ id: loginId, workspace_id: workspace.id, email: `agent${j}@m.test`, password_hash: 'x', created_at: now, password_changed_at: now });
    rows.push({
      id: accountId,
      workspace_id: workspace.id,
      login_id: loginId,
      role: 'agent',
      name: `Agent ${String(j).padStart(5, '0')}`,
      is_primary: 0,
      disabled: 0,
      grants: '[]',
      created_at: now,
    });
    accounts.push({ id: accountId, loginId });
  }
  await db.kysely.insertInto('logins').values(logins).execute();
  await db.kysely.insertInto('accounts').values(rows).execute();
}
const perAgent = Math.floor(SESSIONS / AGENTS);
let batch = [];
let active = 0;
for (const [n, a] of accounts.entries()) {
  for (let k = 0; k < perAgent; k++) {
    // The newest session of every third agent is still active: about 3,300 active sessions.
    const isActive = k === perAgent - 1 && n % 3 === 0;
    if (isActive) active++;
    const at = now - (perAgent - k) * 3_600_000;
    batch.push({
      id: id('ses'),
      token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      workspace_id: workspace.id,
      account_id: a.id,
      login_id: a.loginId,
      role: 'agent',
      created_at: at,
      last_seen_at: at + 60_000,
      ip: `81.2.69.${n % 250}`,
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0',
      browser: 'Chrome 131',
      os: 'Windows 10',
      device_type: 'desktop',
      country: 'GB',
      city: 'London',
      flags: '[]',
      ended_at: isActive ? null : at + 120_000,
      end_reason: isActive ? null : 'signed_out',
      ended_by: null,
    });
    if (batch.length === 500) {
      await db.kysely.insertInto('sessions').values(batch).execute();
      batch = [];
    }
  }
}
if (batch.length) await db.kysely.insertInto('sessions').values(batch).execute();
await sql`analyze`.execute(db.kysely);
console.log(`${db.dialect}: seeded ${AGENTS} agents, ${accounts.length * perAgent} sessions (${active} active) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { workspace: workspace.slug, email: 'owner@m.test', password } });
const cookie = String(login.headers['set-cookie']).split(';')[0];
const second = (await app.inject({ method: 'GET', url: '/api/team/agents?limit=50', headers: { cookie } })).json().nextCursor;

const cases = [
  ['first page (50)', '/api/team/agents?limit=50'],
  ['next page (50)', `/api/team/agents?limit=50&cursor=${second}`],
  ['session=active', '/api/team/agents?session=active&limit=50'],
  ['session=none', '/api/team/agents?session=none&limit=50'],
  ['q=agent 0999', '/api/team/agents?q=agent%200999'],
  ['page of 200', '/api/team/agents?limit=200'],
  ['security sessions (50)', '/api/security/sessions?limit=50'],
];
for (const [label, path] of cases) {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
    times.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
  }
  times.sort((x, y) => x - y);
  console.log(`  ${label.padEnd(24)} median ${times[7].toFixed(1)} ms   p90 ${times[13].toFixed(1)} ms`);
}
// The queries behind one first page, timed one by one.
const store = createTeamStore(db);
const timeIt = async (label, fn) => {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log(`    ${label.padEnd(22)} median ${times[7].toFixed(1)} ms`);
};
const page = await store.listAccounts({ workspaceId: workspace.id, role: 'agent', limit: 51 });
await timeIt('page and counts', () => store.listAccounts({ workspaceId: workspace.id, role: 'agent', limit: 51 }));
await timeIt('page and counts, q=', () => store.listAccounts({ workspaceId: workspace.id, role: 'agent', q: 'agent 09', limit: 51 }));
await timeIt('active sessions query', () =>
  store.activeSessionsOf(
    workspace.id,
    page.rows.map((a) => a.id),
  ),
);
await app.close();
await db.close();
