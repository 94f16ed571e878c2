import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/helpers/backends.js';
import { Harness } from '../../test/helpers/harness.js';
import type { SessionContext } from '../access/context.js';
import type { PresenceReader } from '../presence/service.js';
import { createTeamService } from './service.js';
import { createTeamStore, type TeamStore } from './store.js';

/** The team list reads a page with a fixed number of calls, whatever its size: never one per row. */
describe('team list queries', () => {
  let h: Harness;
  let ctx: SessionContext;
  const calls: string[] = [];
  const presenceCalls: string[] = [];

  beforeAll(async () => {
    h = await Harness.start(backends()[0]!);
    for (let i = 0; i < 30; i++) {
      await h.account('agent', `Agent ${String(i).padStart(2, '0')}`, `agent${i}@acme.test`);
      if (i % 2 === 0) await h.signIn(`agent${i}@acme.test`);
    }
    await h.account('admin', 'Agent 03', 'agent3@acme.test', []); // linked to agent 3
    const cookie = await h.signIn('owner@acme.test');
    const token = decodeURIComponent(cookie.split('=')[1]!);
    const auth = await h.services.sessions.authenticate(token);
    if (auth.kind !== 'active') throw new Error('no session');
    ctx = auth.ctx;
  });
  afterAll(() => h?.close());

  const counting = (store: TeamStore): TeamStore =>
    new Proxy(store, {
      get:
        (target, key: keyof TeamStore) =>
        (...args: unknown[]) => {
          calls.push(String(key));
          return (target[key] as (...a: unknown[]) => unknown)(...args);
        },
    });

  const presence: PresenceReader = {
    onlineAmong: async (_ws, ids) => {
      presenceCalls.push(`online:${ids.length}`);
      return new Set(ids.filter((_id, i) => i === 0));
    },
    idleAmong: async (ids) => {
      presenceCalls.push(`idle:${ids.length}`);
      return new Set(ids.slice(0, 1));
    },
    lastSeenAmong: async (_ws, ids) => {
      presenceCalls.push(`lastSeen:${ids.length}`);
      return new Map(ids.slice(1, 2).map((id) => [id, 1_700_000_000_000]));
    },
  };

  it('uses the same calls for a page of 5 and a page of 30, and asks presence once per page', async () => {
    const team = createTeamService({
      team: counting(createTeamStore(h.db)),
      accounts: h.services.accounts,
      sessions: h.services.sessions,
      presence,
      audit: h.services.audit,
      tokens: h.services.integrations,
      clock: h.clock,
    });
    for (const limit of [5, 30]) {
      calls.length = 0;
      presenceCalls.length = 0;
      const page = await team.list(ctx, 'agent', { limit });
      expect(page.accounts).toHaveLength(limit);
      expect(calls.sort()).toEqual(['activeSessionsOf', 'listAccounts']);
      expect(presenceCalls).toEqual([`online:${limit}`, `idle:${page.accounts.filter((a) => a.sessionStatus === 'active').length}`, `lastSeen:${limit}`]);
      expect(page.accounts[0]!.presence).toBe('online');
      expect(page.accounts.slice(1).every((a) => a.presence === 'offline')).toBe(true);
      // Last seen is for offline accounts only, and null where nothing was ever seen.
      expect(page.accounts[0]!.lastSeenAt).toBeNull();
      expect(page.accounts[1]!.lastSeenAt).toBe(new Date(1_700_000_000_000).toISOString());
      expect(page.accounts.slice(2).every((a) => a.lastSeenAt === null)).toBe(true);
      expect(page.accounts.find((a) => a.name === 'Agent 03')!.linkedAccount).toMatchObject({ role: 'admin' });
    }
  });

  it('marks an offline account idle when one of its active sessions is idle', async () => {
    const onlyIdle: PresenceReader = {
      onlineAmong: async () => new Set(),
      idleAmong: async (ids) => new Set(ids.slice(0, 1)),
      lastSeenAmong: async () => new Map(),
    };
    const team = createTeamService({
      team: createTeamStore(h.db),
      accounts: h.services.accounts,
      sessions: h.services.sessions,
      presence: onlyIdle,
      audit: h.services.audit,
      tokens: h.services.integrations,
      clock: h.clock,
    });
    const page = await team.list(ctx, 'agent', { limit: 30, session: 'active' });
    expect(page.accounts.filter((a) => a.idle)).toHaveLength(1);
    expect(page.accounts.every((a) => a.sessionStatus === 'active')).toBe(true);
  });
});
