// Seeds large data straight into the database through Gatehouse's own storage handle (the Db
// from dist/, migrated by openDb), bypassing sign-in on purpose: argon2 makes sign-in slow by
// design. SQLite rows are written in one transaction through Db.run; PostgreSQL rows are
// generated server-side with generate_series. Both produce the same rows for the same index,
// so the two backends hold identical data.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST } from './common.mjs';

const dist = (p) => import(pathToFileURL(path.join(DIST, p)).href);

export const WORKSPACE_ID = 'ws_bench';
const PRIMARY_ID = 'acc_bench_owner';
const SURNAMES = [
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Nowak',
  'Silva',
  'Tanaka',
  'Kim',
  'Nguyen',
  'Okafor',
  'Hansen',
  'Novak',
  'Jensen',
  'Moreau',
  'Costa',
  'Fischer',
  'Ivanova',
  'Larsen',
];

/** The cookie token of seeded session i: 43 URL-safe characters, like a real token. */
export const tokenOf = (i) => `t${String(i).padStart(42, '0')}`;
const hashOf = (token) => createHash('sha256').update(token).digest('hex');
export const agentId = (k) => `acc_b${k}`;
export const COOKIE = 'gatehouse_session';

/** Opens a fresh database through Gatehouse's storage layer (migrations included). */
export async function openBenchDb(fresh) {
  const { openDb } = await dist('db/index.js');
  return openDb({ databaseUrl: fresh.url, sqlitePath: fresh.sqlitePath });
}

const exec = (db, text) => (db.dialect === 'sqlite' ? db.run(text, []) : db.run(text, []));

async function inTransaction(db, fn) {
  if (db.dialect !== 'sqlite') return fn();
  await db.run('begin', []);
  try {
    await fn();
    await db.run('commit', []);
  } catch (err) {
    await db.run('rollback', []);
    throw err;
  }
}

/**
 * One workspace with a primary administrator (password `bench password`, hashed for real so
 * one sign-in can load geolocation) and `agents` agent accounts, each on its own login.
 */
export async function seedWorkspace(db, { agents, now, agentIdleMinutes = 4320 }) {
  // lib/passwords.js since the house moves; auth/passwords.js in older builds (bench/diag/ab.mjs).
  const { hashPassword } = await dist('lib/passwords.js').catch(() => dist('auth/passwords.js'));
  const ownerHash = await hashPassword('bench password');
  await db.run(
    `insert into workspaces (id, slug, name, created_at, agent_idle_minutes, absolute_lifetime_minutes, session_limit, ip_allowlist) values ($1, 'bench', 'Bench Workspace', $2, $3, 43200, null, '[]')`,
    [WORKSPACE_ID, now, agentIdleMinutes],
  );
  await db.run(`insert into logins (id, workspace_id, email, password_hash, created_at, password_changed_at) values ('lgn_bench_owner', $1, 'owner@bench.test', $2, $3, $3)`, [
    WORKSPACE_ID,
    ownerHash,
    now,
  ]);
  await db.run(
    `insert into accounts (id, workspace_id, login_id, role, name, is_primary, disabled, grants, created_at) values ($1, $2, 'lgn_bench_owner', 'admin', 'Bench Owner', 1, 0, '[]', $3)`,
    [PRIMARY_ID, WORKSPACE_ID, now],
  );
  const fakeHash = 'not-a-real-hash';
  if (db.dialect === 'postgres') {
    const surnames = `(array[${SURNAMES.map((s) => `'${s}'`).join(',')}])[(k % ${SURNAMES.length}) + 1]`;
    await exec(
      db,
      `insert into logins (id, workspace_id, email, password_hash, created_at, password_changed_at)
      select 'lgn_b' || k, '${WORKSPACE_ID}', 'agent' || k || '@bench.test', '${fakeHash}', ${now}, ${now} from generate_series(0, ${agents - 1}) k`,
    );
    await exec(
      db,
      `insert into accounts (id, workspace_id, login_id, role, name, is_primary, disabled, grants, created_at)
      select 'acc_b' || k, '${WORKSPACE_ID}', 'lgn_b' || k, 'agent', 'Agent ' || lpad(k::text, 5, '0') || ' ' || ${surnames}, 0, 0, '[]', ${now} from generate_series(0, ${agents - 1}) k`,
    );
    return;
  }
  await inTransaction(db, async () => {
    for (let k = 0; k < agents; k++) {
      await db.run(`insert into logins (id, workspace_id, email, password_hash, created_at, password_changed_at) values ($1, $2, $3, $4, $5, $5)`, [
        `lgn_b${k}`,
        WORKSPACE_ID,
        `agent${k}@bench.test`,
        fakeHash,
        now,
      ]);
      await db.run(
        `insert into accounts (id, workspace_id, login_id, role, name, is_primary, disabled, grants, created_at) values ($1, $2, $3, 'agent', $4, 0, 0, '[]', $5)`,
        [agentId(k), WORKSPACE_ID, `lgn_b${k}`, `Agent ${String(k).padStart(5, '0')} ${SURNAMES[k % SURNAMES.length]}`, now],
      );
    }
  });
}

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * Sessions `from` … `from + count - 1`; session i belongs to agent i % agents. Those with
 * i % activeEvery === 0 are active (ended_at null), the rest ended an hour ago.
 * `lastSeenAgoMs`/`createdAgoMs` place them in time (older than the idle timeout = expired);
 * `spreadMs` spreads last activity over that many ms before it (i % spread seconds), so a
 * session-check run sees the steady trickle of once-a-minute writes rather than one burst.
 */
export async function seedSessions(db, { from = 0, count, agents, now, activeEvery = 1, createdAgoMs = 3_600_000, lastSeenAgoMs = 300_000, spreadMs = 0 }) {
  const spread = Math.max(1, Math.round(spreadMs / 1000));
  const created = now - createdAgoMs;
  const seen = now - lastSeenAgoMs;
  const ended = now - 3_600_000;
  if (db.dialect === 'postgres') {
    const step = 50_000;
    for (let start = from; start < from + count; start += step) {
      const end = Math.min(from + count, start + step) - 1;
      await exec(
        db,
        `insert into sessions (id, token_hash, workspace_id, account_id, login_id, role, created_at, last_seen_at, ip, user_agent, browser, os, device_type, country, city, flags, ended_at, end_reason, ended_by)
        select 'ses_b' || i, encode(sha256(convert_to('t' || lpad(i::text, 42, '0'), 'UTF8')), 'hex'), '${WORKSPACE_ID}', 'acc_b' || (i % ${agents}), 'lgn_b' || (i % ${agents}), 'agent',
               ${created}, ${seen} - (i % ${spread}) * 1000, '203.0.113.' || (i % 250), '${UA}', 'Chrome', 'Windows', 'desktop', 'FR', 'Paris', '[]',
               case when i % ${activeEvery} = 0 then null else ${ended} end, case when i % ${activeEvery} = 0 then null else 'signed_out' end, null
          from generate_series(${start}, ${end}) i`,
      );
    }
    return;
  }
  await inTransaction(db, async () => {
    const text = `insert into sessions (id, token_hash, workspace_id, account_id, login_id, role, created_at, last_seen_at, ip, user_agent, browser, os, device_type, country, city, flags, ended_at, end_reason, ended_by)
      values ($1, $2, $3, $4, $5, 'agent', $6, $7, $8, $9, 'Chrome', 'Windows', 'desktop', 'FR', 'Paris', '[]', $10, $11, null)`;
    for (let i = from; i < from + count; i++) {
      const a = i % agents;
      const active = i % activeEvery === 0;
      await db.run(text, [
        `ses_b${i}`,
        hashOf(tokenOf(i)),
        WORKSPACE_ID,
        agentId(a),
        `lgn_b${a}`,
        created,
        seen - (i % spread) * 1000,
        `203.0.113.${i % 250}`,
        UA,
        active ? null : ended,
        active ? null : 'signed_out',
      ]);
    }
  });
}

const AUDIT_TYPES = ['signin', 'signout', 'session.ended', 'signin.failed'];

/** `count` audit rows, one a second up to `now`, spread over the agents. */
export async function seedAudit(db, { count, agents, now }) {
  if (db.dialect === 'postgres') {
    const types = `(array[${AUDIT_TYPES.map((t) => `'${t}'`).join(',')}])[(i % ${AUDIT_TYPES.length}) + 1]`;
    const step = 250_000;
    for (let start = 0; start < count; start += step) {
      const end = Math.min(count, start + step) - 1;
      await exec(
        db,
        `insert into audit_events (workspace_id, at, type, actor_account_id, actor_label, target_account_id, target_label, session_id, ip, detail)
        select '${WORKSPACE_ID}', ${now} - (${count} - i) * 1000, ${types}, 'acc_b' || (i % ${agents}), 'Agent ' || (i % ${agents}) || ' <agent' || (i % ${agents}) || '@bench.test>',
               'acc_b' || (i % ${agents}), 'Agent ' || (i % ${agents}) || ' <agent' || (i % ${agents}) || '@bench.test>', 'ses_b' || i, '203.0.113.' || (i % 250), '{"reason":"signed_out"}'
          from generate_series(${start}, ${end}) i`,
      );
    }
    return;
  }
  await inTransaction(db, async () => {
    const text = `insert into audit_events (workspace_id, at, type, actor_account_id, actor_label, target_account_id, target_label, session_id, ip, detail) values ($1, $2, $3, $4, $5, $4, $5, $6, $7, '{"reason":"signed_out"}')`;
    for (let i = 0; i < count; i++) {
      const a = i % agents;
      const label = `Agent ${a} <agent${a}@bench.test>`;
      await db.run(text, [WORKSPACE_ID, now - (count - i) * 1000, AUDIT_TYPES[i % AUDIT_TYPES.length], agentId(a), label, `ses_b${i}`, `203.0.113.${i % 250}`]);
    }
  });
}

/** An active session of the primary administrator; returns its cookie. */
export async function seedOwnerSession(db, now) {
  const token = 'owner'.padEnd(43, '0');
  await db.run(
    `insert into sessions (id, token_hash, workspace_id, account_id, login_id, role, created_at, last_seen_at, ip, user_agent, browser, os, device_type, country, city, flags, ended_at, end_reason, ended_by)
     values ('ses_bench_owner', $1, $2, $3, 'lgn_bench_owner', 'admin', $4, $4, '203.0.113.1', $5, 'Chrome', 'Windows', 'desktop', 'FR', 'Paris', '[]', null, null, null)`,
    [hashOf(token), WORKSPACE_ID, PRIMARY_ID, now, UA],
  );
  return `${COOKIE}=${token}`;
}

/** Brings the planner's statistics up to date after a bulk load, as an operator's autovacuum would. */
export async function analyze(db) {
  await exec(db, db.dialect === 'postgres' ? 'vacuum analyze' : 'analyze');
}

/** Cookies for sessions picked evenly across `from … from + span`, `n` of them. */
export function cookies(n, span, from = 0, every = 1) {
  const out = [];
  const stride = Math.max(1, Math.floor(span / n));
  for (let j = 0; j < n; j++) {
    let i = from + ((j * stride) % span);
    i -= i % every;
    out.push(`${COOKIE}=${tokenOf(i)}`);
  }
  return out;
}

/** A service key of the bench workspace, for POST /api/introspect; returns its secret. */
export async function seedServiceKey(db, { now }) {
  const secret = `ghsk_${'k'.repeat(43)}`;
  await db.run(`insert into service_keys (id, workspace_id, name, secret_hash, prefix, created_at, created_by) values ('key_bench', $1, 'Bench', $2, $3, $4, $5)`, [
    WORKSPACE_ID,
    hashOf(secret),
    secret.slice(0, 11),
    now,
    PRIMARY_ID,
  ]);
  return secret;
}
