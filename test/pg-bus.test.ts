import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb, type Db } from '../src/db/index.js';
import type { SessionBus } from '../src/sessions/events.js';
import { openPgBus } from '../src/sessions/pg-bus.js';
import type { EndedSession } from '../src/sessions/types.js';
import { createPgDatabase } from './helpers/backends.js';

const log = { warn: () => {}, error: () => {} };

describe.skipIf(!inject('pgAdminUrl'))('the PostgreSQL session bus', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  let a: SessionBus;
  let b: SessionBus;
  const lags: number[] = [];

  beforeAll(async () => {
    database = await createPgDatabase();
    db = await openDb({ databaseUrl: database.url, poolSize: 2 });
    a = await openPgBus({ url: database.url, db, nodeId: 'a', log, onLag: (ms) => lags.push(ms) });
    b = await openPgBus({ url: database.url, db, nodeId: 'b', log });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
    await database?.drop();
  });

  const ended = (n: number, workspaceId = 'ws_1'): EndedSession[] =>
    [...Array(n).keys()].map((i) => ({
      id: `ses_${String(i).padStart(20, '0')}`,
      workspaceId,
      accountId: `acc_${i}`,
      loginId: `lgn_${i}`,
      role: 'agent',
      reason: 'ended_by_admin',
    }));

  const collect = (bus: SessionBus, until: number) => {
    const got: EndedSession[] = [];
    return new Promise<EndedSession[]>((resolve) => {
      const off = bus.onEnded((sessions) => {
        got.push(...sessions);
        if (got.length >= until) {
          off();
          resolve(got);
        }
      });
    });
  };

  it('delivers in process at once and to the other node, each session once', async () => {
    const local = collect(a, 3);
    const remote = collect(b, 3);
    await a.publishEnded(ended(3));
    expect(await local).toEqual(ended(3));
    expect(await remote).toEqual(ended(3));
    // Node a heard its own notification too (for the lag metric) but did not deliver it twice.
    await expect.poll(() => lags.length).toBeGreaterThan(0);
  });

  it('splits a bulk end over notifications under the 8000-byte payload limit', async () => {
    const many = [...ended(1500, 'ws_1'), ...ended(10, 'ws_2')];
    const remote = collect(b, many.length);
    await a.publishEnded(many);
    const got = await remote;
    expect(got).toHaveLength(many.length);
    expect(new Set(got.map((s) => `${s.workspaceId}/${s.id}`)).size).toBe(many.length);
    expect(got.find((s) => s.workspaceId === 'ws_2')).toMatchObject({ reason: 'ended_by_admin', role: 'agent' });
  });

  it('carries sign-ins', async () => {
    const remote = new Promise((resolve) => b.onStarted(resolve));
    await a.publishStarted([{ id: 'ses_x', workspaceId: 'ws_1', accountId: 'acc_x', loginId: 'lgn_x', role: 'admin' }]);
    expect(await remote).toEqual([{ id: 'ses_x', workspaceId: 'ws_1', accountId: 'acc_x', loginId: 'lgn_x', role: 'admin' }]);
  });

  it('reconnects a dropped listener and asks holders to re-check what they may have missed', async () => {
    const resynced = new Promise<void>((resolve) => b.onResync(resolve));
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'gatehouse-listen-b'`);
    await admin.end();
    await resynced;
    const remote = collect(b, 1);
    await a.publishEnded(ended(1));
    expect(await remote).toHaveLength(1);
  });
});
