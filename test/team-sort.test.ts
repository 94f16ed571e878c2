import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow } from '../src/db/schema.js';
import { HOUR, MINUTE } from '../src/lib/clock.js';
import { backends } from './helpers/backends.js';
import { Harness } from './helpers/harness.js';

interface Listed {
  id: string;
  name: string;
  sessionStatus: 'active' | 'none';
  activeSessions: { ip: string; startedAt: string; lastActiveAt: string; location: { country: string | null; city: string | null } }[];
}

const SORTS = ['name', 'status', 'lastActivity', 'signedInAt', 'location'] as const;
type Sort = (typeof SORTS)[number];

/** Every account of a list in one sort, page by page, as the console scrolls through it. */
async function everyPage(h: Harness, cookie: string, query: string, limit: number): Promise<{ accounts: Listed[]; pages: number }> {
  const accounts: Listed[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await h.request('GET', `/api/team/agents?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    accounts.push(...body.accounts);
    cursor = body.nextCursor;
    pages += 1;
  } while (cursor);
  return { accounts, pages };
}

describe.each(backends())('Team › Agents sorted by the server on $name', (backend) => {
  let h: Harness;
  let owner: string;
  const agents: Record<string, AccountRow> = {};
  let fays: string[];

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
    for (const name of ['Ada', 'Ben', 'Cy', 'Dee', 'Eve', 'Gus', 'Hal']) {
      agents[name] = await h.account('agent', `${name} Stone`, `${name.toLowerCase()}@acme.test`);
    }
    // Two accounts with one name: only their ids tell them apart.
    const fay1 = await h.account('agent', 'Fay Twin', 'fay1@acme.test');
    const fay2 = await h.account('agent', 'Fay Twin', 'fay2@acme.test');
    fays = [fay1.id, fay2.id].sort();

    // T: Ben signs in from Berlin; T+1h Ada from London; T+2h Cy from the office network;
    // T+3h Ben again from Mountain View (his latest session), Gus from Paris, Hal from Bugle (GB).
    const benBerlin = await h.signIn('ben@acme.test', undefined, { ip: '85.214.132.117' });
    h.clock.advance(HOUR);
    const ada = await h.signIn('ada@acme.test', undefined, { ip: '81.2.69.160' });
    h.clock.advance(HOUR);
    await h.signIn('cy@acme.test', undefined, { ip: '10.1.2.3' });
    h.clock.advance(HOUR);
    await h.signIn('ben@acme.test', undefined, { ip: '8.8.8.8' });
    await h.signIn('gus@acme.test', undefined, { ip: '193.51.224.1' });
    await h.signIn('hal@acme.test', undefined, { ip: '2.125.160.216' });
    // Eve signed in once and out again: no active session.
    const eve = await h.signIn('eve@acme.test');
    expect((await h.request('POST', '/api/auth/logout', { cookie: eve })).statusCode).toBe(204);
    // T+4h Ada is active; T+5h Ben, in his older session: his last activity is the latest of both.
    h.clock.advance(HOUR);
    expect((await h.request('GET', '/api/me', { cookie: ada })).statusCode).toBe(200);
    h.clock.advance(HOUR);
    expect((await h.request('GET', '/api/me', { cookie: benBerlin })).statusCode).toBe(200);
  });
  afterAll(() => h?.close());

  const names = (accounts: Listed[]) => accounts.map((a) => (a.name === 'Fay Twin' ? `Fay#${fays.indexOf(a.id) + 1}` : a.name.split(' ')[0]));
  const none = ['Dee', 'Eve', 'Fay#1', 'Fay#2'];

  const expected: Record<Sort, Record<'asc' | 'desc', string[]>> = {
    name: {
      asc: ['Ada', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay#1', 'Fay#2', 'Gus', 'Hal'],
      // Ties by id ascending in both orders.
      desc: ['Hal', 'Gus', 'Fay#1', 'Fay#2', 'Eve', 'Dee', 'Cy', 'Ben', 'Ada'],
    },
    status: {
      asc: ['Ada', 'Ben', 'Cy', 'Gus', 'Hal', ...none],
      desc: [...none, 'Ada', 'Ben', 'Cy', 'Gus', 'Hal'],
    },
    lastActivity: {
      // Gus and Hal were last active at the same moment: by name.
      asc: ['Cy', 'Gus', 'Hal', 'Ada', 'Ben', ...none],
      desc: ['Ben', 'Ada', 'Gus', 'Hal', 'Cy', ...none],
    },
    signedInAt: {
      // Ben's latest session counts; Ben, Gus and Hal signed in at the same moment.
      asc: ['Ada', 'Cy', 'Ben', 'Gus', 'Hal', ...none],
      desc: ['Ben', 'Gus', 'Hal', 'Cy', 'Ada', ...none],
    },
    location: {
      // FR, GB (Bugle before London), US; Cy's office network has no location.
      asc: ['Gus', 'Hal', 'Ada', 'Ben', 'Cy', ...none],
      desc: ['Ben', 'Ada', 'Hal', 'Gus', 'Cy', ...none],
    },
  };

  it('sorts by each key in both orders, ties by name then id, accounts without the key last', async () => {
    for (const sort of SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const res = await h.request('GET', `/api/team/agents?sort=${sort}&order=${order}`, { cookie: owner });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(names(body.accounts), `${sort} ${order}`).toEqual(expected[sort][order]);
        expect(body.counts).toEqual({ all: 9, active: 5, none: 4 });
        expect(body.nextCursor).toBeNull();
      }
    }
    // Without sort and order: by name, as before.
    expect(names((await h.request('GET', '/api/team/agents', { cookie: owner })).json().accounts)).toEqual(expected.name.asc);
    expect(names((await h.request('GET', '/api/team/agents?order=desc', { cookie: owner })).json().accounts)).toEqual(expected.name.desc);
  });

  it('pages through every sort two at a time without repeating or skipping, across ties and the accounts without a key', async () => {
    for (const sort of SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const { accounts, pages } = await everyPage(h, owner, `sort=${sort}&order=${order}`, 2);
        expect(names(accounts), `${sort} ${order}`).toEqual(expected[sort][order]);
        expect(pages).toBe(5);
      }
    }
  });

  it('sorts with the session filter and a search, and their counts stay as they were', async () => {
    const active = (await h.request('GET', '/api/team/agents?session=active&sort=lastActivity&order=desc', { cookie: owner })).json();
    expect(names(active.accounts)).toEqual(['Ben', 'Ada', 'Gus', 'Hal', 'Cy']);
    const without = (await h.request('GET', '/api/team/agents?session=none&sort=signedInAt&order=desc', { cookie: owner })).json();
    expect(names(without.accounts)).toEqual(none);
    const found = (await h.request('GET', '/api/team/agents?q=stone&sort=location&order=desc&limit=3', { cookie: owner })).json();
    expect(names(found.accounts)).toEqual(['Ben', 'Ada', 'Hal']);
    expect(found.counts).toEqual({ all: 7, active: 5, none: 2 });
    const rest = (await h.request('GET', `/api/team/agents?q=stone&sort=location&order=desc&limit=3&cursor=${found.nextCursor}`, { cookie: owner })).json();
    expect(names(rest.accounts)).toEqual(['Gus', 'Cy', 'Dee']);
  });

  it('gives each row what the list shows: status, last activity, sign-in time, location and IP of the latest active session', async () => {
    const body = (await h.request('GET', '/api/team/agents?sort=signedInAt&order=desc&limit=1', { cookie: owner })).json();
    const ben = body.accounts[0] as Listed;
    expect(ben.id).toBe(agents.Ben!.id);
    expect(ben.sessionStatus).toBe('active');
    // Newest first: the latest session gives sign-in time, IP and location; activity is the latest of both.
    expect(ben.activeSessions.map((s) => s.ip)).toEqual(['8.8.8.8', '85.214.132.117']);
    expect(ben.activeSessions[0]!.location.country).toBe('US');
    const latestActivity = ben.activeSessions
      .map((s) => s.lastActiveAt)
      .sort()
      .at(-1)!;
    expect(Date.parse(latestActivity) - Date.parse(ben.activeSessions[0]!.startedAt)).toBe(2 * HOUR);
  });

  it('refuses a sort or order it does not know, and a cursor of another sort or order, with 400', async () => {
    for (const query of ['sort=email', 'sort=', 'order=up', 'sort=Name']) {
      const res = await h.request('GET', `/api/team/agents?${query}`, { cookie: owner });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    const byActivity = (await h.request('GET', '/api/team/agents?sort=lastActivity&order=desc&limit=2', { cookie: owner })).json();
    const byName = (await h.request('GET', '/api/team/agents?limit=2', { cookie: owner })).json();
    for (const query of [
      `sort=lastActivity&order=asc&cursor=${byActivity.nextCursor}`,
      `sort=signedInAt&order=desc&cursor=${byActivity.nextCursor}`,
      `sort=name&cursor=${byActivity.nextCursor}`,
      `sort=status&cursor=${byName.nextCursor}`,
      `sort=name&order=desc&cursor=${byName.nextCursor}`,
      // A cursor with some keys null and others not was never made by the server.
      `sort=location&cursor=${Buffer.from(JSON.stringify(['location:asc', 'GB', null, 'Ada Stone', 'acc_x'])).toString('base64url')}`,
    ]) {
      const res = await h.request('GET', `/api/team/agents?${query}`, { cookie: owner });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error).toEqual({ code: 'invalid_request', message: 'The cursor is not valid; start again from the first page.' });
    }
  });

  it('keeps authorization as it was: agents and sub-administrators without the grant get 403, whatever the sort', async () => {
    await h.account('admin', 'Aud Itor', 'auditor@acme.test', ['audit']);
    await h.account('admin', 'Tia Agents', 'tia@acme.test', ['team.agents']);
    const auditor = await h.signIn('auditor@acme.test');
    const tia = await h.signIn('tia@acme.test');
    const agent = await h.signIn('dee@acme.test');
    for (const [cookie, path, status] of [
      [agent, '/api/team/agents?sort=location&order=desc', 403],
      [agent, '/api/team/admins?sort=status', 403],
      [auditor, '/api/team/agents?sort=lastActivity', 403],
      [tia, '/api/team/admins?sort=signedInAt', 403],
      [tia, '/api/team/agents?sort=signedInAt', 200],
      ['', '/api/team/agents?sort=name', 401],
    ] as const) {
      const res = await h.request('GET', path, { cookie });
      expect(res.statusCode, `${path}`).toBe(status);
      if (status === 403) expect(res.json().error.code).toBe('forbidden');
    }
    // The administrators' list sorts the same way (Tia and the auditor are signed in now).
    const admins = (await h.request('GET', '/api/team/admins?sort=signedInAt&order=asc', { cookie: owner })).json();
    expect(admins.accounts.map((a: Listed) => a.name)).toEqual(['Olivia Owner', 'Aud Itor', 'Tia Agents']);
  });
});

describe.each(backends())('Team › Agents: paging a sorted list of 260 on $name', (backend) => {
  let h: Harness;
  let owner: string;
  const total = 260;

  beforeAll(async () => {
    h = await Harness.start(backend);
    owner = await h.signIn('owner@acme.test');
    const places = ['81.2.69.160', '2.125.160.216', '8.8.8.8', '193.51.224.1', '10.0.0.1', '89.160.20.112'];
    const letters = 'abcdefghij';
    for (let i = 0; i < total; i++) {
      // 60 names for 260 accounts: many ties on name, broken by id.
      const n = i % 60;
      const account = await h.account('agent', `Agent ${letters[Math.floor(n / 10)]!.toUpperCase()}${letters[n % 10]}`, `agent${i}@acme.test`);
      if (i % 4 === 3) continue;
      // Sign-in times and activity in steps shared by several accounts: ties on every key.
      if (i % 3 === 0) h.clock.advance(MINUTE);
      const login = (await h.services.accounts.loginById(account.login_id))!;
      await h.services.sessions.start({ workspace: h.workspace, login, account, ip: places[i % places.length]!, userAgent: 'test' });
      if (i % 5 === 0) await h.services.sessions.start({ workspace: h.workspace, login, account, ip: places[(i + 1) % places.length]!, userAgent: 'test' });
    }
  }, 120_000);
  afterAll(() => h?.close());

  /** The documented order, worked out here from what each row carries. */
  function keyOf(a: Listed, sort: Sort): (string | number)[] | null {
    const latest = a.activeSessions[0];
    if (sort === 'status') return [a.sessionStatus === 'active' ? 0 : 1];
    if (sort === 'name' || !latest) return sort === 'name' ? [] : null;
    if (sort === 'lastActivity') return [Math.max(...a.activeSessions.map((s) => Date.parse(s.lastActiveAt)))];
    if (sort === 'signedInAt') return [Date.parse(latest.startedAt)];
    return latest.location.country === null ? null : [latest.location.country, latest.location.city ?? ''];
  }
  const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  function compare(a: Listed, b: Listed, sort: Sort, order: 'asc' | 'desc'): number {
    const dir = order === 'asc' ? 1 : -1;
    if (sort === 'name') return dir * cmp(a.name, b.name) || cmp(a.id, b.id);
    const [ka, kb] = [keyOf(a, sort), keyOf(b, sort)];
    if (ka === null || kb === null) {
      if (ka !== kb) return ka === null ? 1 : -1;
    } else {
      for (let i = 0; i < ka.length; i++) {
        const c = cmp(ka[i]!, kb[i]!);
        if (c !== 0) return dir * c;
      }
    }
    return cmp(a.name, b.name) || cmp(a.id, b.id);
  }

  it('gives every account exactly once, in order, in every sort and both orders', async () => {
    const all = await everyPage(h, owner, 'sort=name', 200);
    expect(all.accounts).toHaveLength(total);
    expect(all.accounts.filter((a) => a.sessionStatus === 'none').length).toBe(total / 4);
    for (const sort of SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const { accounts, pages } = await everyPage(h, owner, `sort=${sort}&order=${order}`, 37);
        const where = `${sort} ${order}`;
        expect(pages, where).toBe(Math.ceil(total / 37));
        expect(new Set(accounts.map((a) => a.id)).size, where).toBe(total);
        expect(
          accounts.map((a) => a.id),
          where,
        ).toEqual([...accounts].sort((a, b) => compare(a, b, sort, order)).map((a) => a.id));
      }
    }
  });
});
