import { label, SYSTEM, type Actor } from './access/actor.js';
import type { Grant } from './access/permissions.js';
import { createAccountService } from './accounts/service.js';
import { createAuditLog } from './audit/service.js';
import type { AuditInput } from './audit/types.js';
import type { AccountRow, SessionRow } from './db/schema.js';
import type { Db } from './db/types.js';
import { DAY, HOUR, MINUTE, type Clock } from './lib/clock.js';
import { hashToken, newId, newToken } from './lib/ids.js';
import { hashPassword } from './lib/passwords.js';
import { describeDevice } from './sessions/device.js';
import { locate } from './sessions/geo.js';
import type { EndReason } from './sessions/types.js';

export const DEMO = {
  workspace: 'demo',
  password: 'gatehouse-demo',
  owner: 'owner@example.com',
  supervisor: 'sam.rivera@example.com',
  agent: 'maya.chen@example.com',
} as const;

const DEVICES = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
];

/** Public addresses in several countries, and the office network. */
const PLACES = ['81.2.69.160', '8.8.8.8', '85.214.132.117', '200.147.67.142', '133.242.0.1', '203.2.218.214', '192.168.1.24', '41.203.64.1'];

const AGENT_NAMES = [
  'Maya Chen',
  'Liam Walsh',
  'Ana Souza',
  'Kenji Watanabe',
  'Fatima Diallo',
  'Lukas Becker',
  'Priya Nair',
  'Tom Okafor',
  'Sofia Rossi',
  'Jonas Lindqvist',
  'Amara Obi',
  'Mateo García',
  'Chloé Martin',
  'Yusuf Demir',
  'Hannah Kowalski',
  'Diego Alvarez',
  'Ines Moreau',
  'Oskar Nowak',
  'Leila Haddad',
  'Ravi Patel',
  'Zoe Campbell',
  'Marek Svoboda',
  'Nia Thompson',
  'Elif Aydın',
];

/** Creates the demo workspace: an owner, sub-admins, 24 agents, linked accounts, sessions from many places. */
export async function seedDemo(db: Db, clock: Clock): Promise<void> {
  const accounts = createAccountService(db);
  const now = clock.now();
  const passwordHash = await hashPassword(DEMO.password);
  const { workspace, admin: owner } = await accounts.createWorkspace({
    slug: DEMO.workspace,
    name: 'Northwind Support',
    adminName: 'Olivia Grant',
    adminEmail: DEMO.owner,
    adminPasswordHash: passwordHash,
    now: now - 90 * DAY,
  });
  const add = (role: 'agent' | 'admin', name: string, email: string, grants: Grant[] = []) =>
    accounts.createAccount({ workspaceId: workspace.id, role, name, email, passwordHash, grants, now: now - 60 * DAY });

  const supervisor = await add('admin', 'Sam Rivera', DEMO.supervisor, ['team.agents', 'audit']);
  const security = await add('admin', 'Noor Haddad', 'noor.haddad@example.com', ['settings.security', 'team.admins', 'team.agents', 'audit']);
  const viewer = await add('admin', 'Pat Morgan', 'pat.morgan@example.com', ['audit']);
  const agents: AccountRow[] = [];
  for (const name of AGENT_NAMES) {
    agents.push(
      await add(
        'agent',
        name,
        `${name
          .split(' ')[0]!
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z]/g, '')}.${name
          .split(' ')[1]!
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z]/g, '')}@example.com`,
      ),
    );
  }
  // Linked accounts: Sam and Noor also take cases as agents.
  const samAgent = await add('agent', 'Sam Rivera', DEMO.supervisor);
  const noorAgent = await add('agent', 'Noor Haddad', 'noor.haddad@example.com');

  const rows: SessionRow[] = [];
  let n = 0;
  const session = async (account: AccountRow, ageMs: number, idleMs: number, ended?: { reason: EndReason; by?: string }) => {
    const ua = DEVICES[n % DEVICES.length]!;
    const ip = PLACES[(n * 3) % PLACES.length]!;
    n += 1;
    const device = describeDevice(ua);
    const where = await locate(ip);
    const start = now - ageMs;
    const last = Math.max(start, now - idleMs);
    rows.push({
      id: newId('ses'),
      token_hash: hashToken(newToken()),
      workspace_id: workspace.id,
      account_id: account.id,
      login_id: account.login_id,
      role: account.role,
      created_at: start,
      last_seen_at: last,
      ip,
      user_agent: ua,
      browser: device.browser,
      os: device.os,
      device_type: device.deviceType,
      country: where.country,
      city: where.city,
      flags: '[]',
      ended_at: ended ? last + 5 * MINUTE : null,
      end_reason: ended?.reason ?? null,
      auth_method: 'password',
      restriction: null,
      // Who ended it, as the server records it: the person for a sign-out or a password change.
      ended_by: ended ? (ended.by ?? (ended.reason === 'signed_out' || ended.reason === 'password_changed' ? account.id : null)) : null,
    });
  };

  // Two thirds of the agents are signed in, a few on two devices; the rest have only history.
  for (const [i, agent] of agents.entries()) {
    if (i % 3 !== 2) await session(agent, (2 + i) * HOUR, (i % 5) * 7 * MINUTE);
    if (i % 6 === 0) await session(agent, 26 * HOUR, 3 * HOUR);
    await session(agent, (3 + (i % 4)) * DAY, (3 + (i % 4)) * DAY - 8 * HOUR, {
      reason: (['signed_out', 'idle_timeout', 'ended_by_admin', 'password_changed'] as const)[i % 4]!,
      ...(i % 4 === 2 ? { by: owner.id } : {}),
    });
  }
  await session(supervisor, 5 * HOUR, 12 * MINUTE);
  await session(samAgent, 5 * HOUR, 2 * MINUTE);
  await session(security, 30 * HOUR, 50 * MINUTE);
  await session(noorAgent, 2 * DAY, 2 * DAY - 6 * HOUR, { reason: 'signed_out' });
  await session(viewer, 4 * DAY, 4 * DAY - 2 * HOUR, { reason: 'idle_timeout' });
  await session(owner, 6 * DAY, 6 * DAY - 1 * HOUR, { reason: 'signed_out' });

  // The history those sessions would have left, so the audit log reads like a lived-in workspace.
  const all = [owner, supervisor, security, viewer, samAgent, noorAgent, ...agents];
  const emailOf = new Map<string, string>();
  for (const a of all) emailOf.set(a.id, (await accounts.loginById(a.login_id))!.email);
  const who = (a: AccountRow): Actor => ({ accountId: a.id, label: label(a.name, emailOf.get(a.id)!), ip: null });
  const byId = new Map(all.map((a) => [a.id, a]));
  const events: AuditInput[] = [];
  for (const r of rows) {
    const a = byId.get(r.account_id)!;
    events.push({
      workspaceId: workspace.id,
      at: r.created_at,
      type: 'signin',
      actor: { ...who(a), ip: r.ip },
      targetAccountId: a.id,
      targetLabel: who(a).label,
      sessionId: r.id,
      detail: { role: a.role, browser: r.browser, os: r.os, country: r.country, city: r.city, flags: [] },
    });
    if (r.ended_at !== null && r.end_reason) {
      const ender = r.ended_by ? byId.get(r.ended_by) : r.end_reason === 'signed_out' || r.end_reason === 'password_changed' ? a : undefined;
      events.push({
        workspaceId: workspace.id,
        at: r.ended_at,
        type: r.end_reason === 'signed_out' ? 'signout' : 'session.ended',
        actor: ender ? { ...who(ender), ip: r.ip } : SYSTEM,
        targetAccountId: a.id,
        targetLabel: who(a).label,
        sessionId: r.id,
        detail: { reason: r.end_reason },
      });
    }
  }
  const lukas = agents[5]!;
  events.push(
    // Two wrong passwords a minute apart.
    ...[0, MINUTE].map((after) => ({
      workspaceId: workspace.id,
      at: now - 3 * HOUR + after,
      type: 'signin.failed' as const,
      actor: null,
      targetLabel: emailOf.get(lukas.id)!,
      ip: '203.0.113.50',
      detail: { reason: 'wrong_password' },
    })),
    {
      workspaceId: workspace.id,
      at: now - 20 * DAY,
      type: 'settings.updated',
      actor: { ...who(owner), ip: PLACES[0]! },
      detail: { section: 'security', changes: { agentIdleMinutes: { from: 4320, to: 480 } } },
    },
    {
      workspaceId: workspace.id,
      at: now - 20 * DAY + HOUR,
      type: 'settings.updated',
      actor: { ...who(owner), ip: PLACES[0]! },
      detail: { section: 'security', changes: { agentIdleMinutes: { from: 480, to: 4320 } } },
    },
  );
  events.sort((x, y) => x.at - y.at);

  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 100)
      await trx
        .insertInto('sessions')
        .values(rows.slice(i, i + 100))
        .execute();
    await createAuditLog(db).record(trx, events);
  });
}

/** How to sign in; `serving` is false when printed by `gatehouse demo`, which starts no server. */
export function demoInstructions(url: string, serving = true): string {
  return [
    '',
    serving ? `  Gatehouse is serving the demo workspace at ${url}` : `  Start the server with "npm run gatehouse -- start" (or "gatehouse start"), then open ${url}`,
    '',
    `  Sign in with workspace "${DEMO.workspace}" and password "${DEMO.password}" as:`,
    `    ${DEMO.owner.padEnd(28)} primary administrator`,
    `    ${DEMO.supervisor.padEnd(28)} sub-administrator (Team › Agents, Audit log) with a linked agent account`,
    `    ${'noor.haddad@example.com'.padEnd(28)} sub-administrator (every grant) with a linked agent account`,
    `    ${DEMO.agent.padEnd(28)} agent`,
    '',
    `  A login with two accounts signs in with "account": "admin" or "agent".`,
    '',
    `  From a terminal:`,
    `    curl -i -H 'content-type: application/json' \\`,
    `      -d '{"workspace":"${DEMO.workspace}","email":"${DEMO.owner}","password":"${DEMO.password}"}' ${url}/api/auth/login`,
    '',
  ].join('\n');
}
