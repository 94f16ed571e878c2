import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/access/actor.js';
import { buildGatehouse } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/index.js';
import { MINUTE } from '../src/lib/clock.js';
import { END_REASON_TEXT } from '../src/sessions/types.js';
import { backends } from './helpers/backends.js';
import { Harness } from './helpers/harness.js';
import { Tab } from './helpers/live.js';

const weekdays = (from: string, to: string) => Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [{ from, to }]]));
const everyDay = (from: string, to: string) => ({ ...weekdays(from, to), saturday: [{ from, to }], sunday: [{ from, to }] });

/** Working hours (issue 16): the sign-in gate, every node's tick, the warning and the end, schedules and their rules. */
describe.each(backends())('shifts on $name', (backend) => {
  let h: Harness;
  let base: string;
  const tabs: Tab[] = [];
  let n = 0;

  beforeAll(async () => {
    h = await Harness.start(backend);
    base = await h.listen();
  });
  afterEach(async () => {
    await Promise.all(tabs.splice(0).map((t) => t.close()));
    // Each test starts from a workspace without hours and without agent sessions.
    await h.db.kysely.deleteFrom('agent_schedules').execute();
    await h.db.kysely.deleteFrom('working_hours').execute();
    await h.services.sessions.end(
      { workspaceId: h.workspace.id, accountIds: (await h.db.kysely.selectFrom('accounts').select('id').where('role', '=', 'agent').execute()).map((a) => a.id) },
      'ended_by_admin',
      SYSTEM,
    );
  });
  afterAll(() => h?.close());

  /** Moves the harness's clock to an instant (forward or back; every test starts its own agents). */
  const at = (isoText: string) => h.clock.advance(Date.parse(isoText) - h.clock.now());
  const agent = async (name = 'Agent') => {
    const email = `agent${++n}@acme.test`;
    const account = await h.account('agent', `${name} ${n}`, email);
    return { id: account.id, email };
  };
  /** A session of the primary administrator at the clock's current time (the clock moves by months, past any idle timeout). */
  const owner = () => h.signIn('owner@acme.test', 'admin');
  const setWorkspace = async (body: object, cookie?: string) => h.request('PATCH', '/api/settings/working-hours', { cookie: cookie ?? (await owner()), body });
  const setAgent = async (id: string, schedule: object | null, cookie?: string) =>
    h.request('PATCH', `/api/team/accounts/${id}/working-hours`, { cookie: cookie ?? (await owner()), body: { schedule } });
  const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(200);
  };
  const endsOf = (reason: string) =>
    h.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'session.ended')
      .execute()
      .then((rows) => rows.filter((r) => JSON.parse(r.detail).reason === reason));
  const stillActive = async (cookie: string) => (await h.request('GET', '/api/me', { cookie })).statusCode === 200;

  it('never restricts anyone until hours are set, and never administrators', async () => {
    const a = await agent();
    at('2026-01-10T03:00:00Z'); // a Saturday night
    const cookie = await h.signIn(a.email);
    expect((await h.request('GET', '/api/me/working-hours', { cookie })).json()).toMatchObject({ restricted: false, inside: true });
    expect(await h.services.shifts.tick()).toEqual({ ended: 0, warned: 0 });
    expect(await stillActive(cookie)).toBe(true);

    await ok(setWorkspace({ timeZone: 'Europe/Berlin', schedule: weekdays('09:00', '17:00') }));
    // The owner is an administrator: signed in at any hour, never signed out.
    const admin = await h.signIn('owner@acme.test', 'admin');
    expect((await h.request('GET', '/api/me/working-hours', { cookie: admin })).json()).toMatchObject({ restricted: false, timeZone: 'Europe/Berlin' });
    expect((await h.services.shifts.tick()).ended).toBe(1);
    expect(await stillActive(admin)).toBe(true);
    expect(await stillActive(cookie)).toBe(false);
  });

  it('refuses an agent’s sign-in outside its hours with when the next shift starts, in the workspace’s zone', async () => {
    const a = await agent();
    await ok(setWorkspace({ timeZone: 'Europe/Berlin', schedule: weekdays('09:00', '17:00') }));
    at('2026-01-10T12:00:00Z'); // Saturday
    const res = await h.login(a.email);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({
      code: 'outside_working_hours',
      message: 'You are outside your working hours. Your next shift starts Monday 12 January at 09:00 (Europe/Berlin time).',
      nextShiftStartsAt: '2026-01-12T08:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    expect(res.headers['set-cookie']).toBeUndefined();
    const refused = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'signin.refused').where('target_account_id', '=', a.id).execute();
    expect(refused.map((r) => JSON.parse(r.detail).reason)).toEqual(['outside_working_hours']);

    at('2026-01-12T07:59:00Z');
    expect((await h.login(a.email)).json().error.message).toBe('You are outside your working hours. Your next shift starts today at 09:00 (Europe/Berlin time).');
    at('2026-01-12T08:00:00Z');
    expect((await h.login(a.email)).statusCode).toBe(200);
  });

  it('warns an agent’s open tabs ten minutes before an overnight shift ends, once, then ends its sessions with shift_ended', async () => {
    const a = await agent();
    await ok(setWorkspace({ timeZone: 'UTC' }));
    await ok(setAgent(a.id, { tuesday: [{ from: '22:00', to: '06:00' }] }));
    at('2026-01-13T23:30:00Z');
    const cookie = await h.signIn(a.email);
    const second = await h.signIn(a.email);
    const tab = await Tab.open(base, cookie);
    tabs.push(tab);

    at('2026-01-14T05:49:00Z'); // past midnight, still inside
    expect(await h.services.shifts.tick()).toEqual({ ended: 0, warned: 0 });
    at('2026-01-14T05:50:00Z');
    expect(await h.services.shifts.tick()).toEqual({ ended: 0, warned: 1 });
    expect(await tab.next('shift_ending')).toEqual({ type: 'shift_ending', endsAt: '2026-01-14T06:00:00.000Z', timeZone: 'UTC', message: 'Your shift ends at 06:00.' });
    at('2026-01-14T05:55:00Z');
    expect(await h.services.shifts.tick()).toEqual({ ended: 0, warned: 0 });
    expect(tab.of('shift_ending')).toHaveLength(1);
    expect((await h.request('GET', '/api/me/working-hours', { cookie })).json()).toEqual({
      timeZone: 'UTC',
      restricted: true,
      inside: true,
      endsAt: '2026-01-14T06:00:00.000Z',
      nextStartsAt: '2026-01-20T22:00:00.000Z',
    });

    at('2026-01-14T06:00:00Z');
    expect(await h.services.shifts.tick()).toEqual({ ended: 2, warned: 0 });
    expect(await tab.next('session.ended')).toEqual({ type: 'session.ended', reason: 'shift_ended', message: END_REASON_TEXT.shift_ended });
    for (const c of [cookie, second]) {
      const me = await h.request('GET', '/api/me', { cookie: c });
      expect(me.statusCode).toBe(401);
      expect(me.json().error.reason).toBe('shift_ended');
    }
    const ends = (await endsOf('shift_ended')).filter((r) => r.target_account_id === a.id);
    expect(ends).toHaveLength(2);
    expect(ends[0]!.actor_label).toBe('Gatehouse');
    // Offline for routing: no live tab of an active session is left.
    const online = (await h.request('GET', '/api/presence', { cookie: await owner() })).json().online as { accountId: string }[];
    expect(online.map((o) => o.accountId)).not.toContain(a.id);
    // Ticking again ends nothing more and writes nothing more.
    expect(await h.services.shifts.tick()).toEqual({ ended: 0, warned: 0 });
    expect((await endsOf('shift_ended')).filter((r) => r.target_account_id === a.id)).toHaveLength(2);
  });

  it('keeps shifts at their wall-clock times across Berlin’s and New York’s daylight-saving changes', async () => {
    const a = await agent();
    await ok(setWorkspace({ timeZone: 'Europe/Berlin', schedule: { saturday: [{ from: '22:00', to: '06:00' }] } }));
    // 2026-03-28 22:00 CET = 21:00Z; the clocks jump at 02:00; 06:00 CEST = 04:00Z: seven hours.
    at('2026-03-28T20:59:00Z');
    expect((await h.login(a.email)).statusCode).toBe(403);
    at('2026-03-28T21:00:00Z');
    const spring = await h.signIn(a.email);
    at('2026-03-29T03:59:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(0);
    at('2026-03-29T04:00:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(1);
    expect(await stillActive(spring)).toBe(false);

    // 2026-10-24 22:00 CEST = 20:00Z; back to CET at 03:00; 06:00 CET = 05:00Z: nine hours.
    at('2026-10-24T20:00:00Z');
    const autumn = await h.signIn(a.email);
    at('2026-10-25T04:59:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(0);
    expect(await stillActive(autumn)).toBe(true);
    at('2026-10-25T05:00:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(1);

    // New York: 09:00–17:00 on the Sunday it goes back to EST (2026-11-01) ends at 22:00Z, not 21:00Z.
    await ok(setWorkspace({ timeZone: 'America/New_York', schedule: { sunday: [{ from: '09:00', to: '17:00' }] } }));
    at('2026-11-01T14:00:00Z');
    const ny = await h.signIn(a.email);
    at('2026-11-01T21:30:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(0);
    expect((await h.request('GET', '/api/me/working-hours', { cookie: ny })).json().endsAt).toBe('2026-11-01T22:00:00.000Z');
    at('2026-11-01T22:00:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(1);
  });

  it('lets an administrator extend one agent’s shift for today, audited, and warns again before the new end', async () => {
    const a = await agent();
    const other = await agent();
    await ok(setWorkspace({ timeZone: 'Europe/Berlin', schedule: weekdays('09:00', '17:00') }));
    at('2026-01-15T15:00:00Z'); // Thursday 16:00 in Berlin
    const cookie = await h.signIn(a.email);
    const otherCookie = await h.signIn(other.email);
    const tab = await Tab.open(base, cookie);
    tabs.push(tab);
    at('2026-01-15T15:52:00Z');
    expect((await h.services.shifts.tick()).warned).toBe(2);
    expect((await tab.next('shift_ending')).endsAt).toBe('2026-01-15T16:00:00.000Z');

    const extended = await h.request('POST', `/api/team/accounts/${a.id}/working-hours/extend`, { cookie: await owner(), body: { until: '18:30' } });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json()).toEqual({ extendedUntil: '2026-01-15T17:30:00.000Z', timeZone: 'Europe/Berlin' });
    const [audit] = await h.db.kysely.selectFrom('audit_events').selectAll().where('type', '=', 'shift.extended').where('target_account_id', '=', a.id).execute();
    expect(JSON.parse(audit!.detail)).toMatchObject({ until: '2026-01-15T17:30:00.000Z', untilLocal: '18:30' });
    expect(audit!.actor_label).toBe('Olivia Owner <owner@acme.test>');

    at('2026-01-15T16:00:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(1);
    expect(await stillActive(cookie)).toBe(true);
    expect(await stillActive(otherCookie)).toBe(false);
    at('2026-01-15T17:20:00Z');
    expect((await h.services.shifts.tick()).warned).toBe(1);
    await expect.poll(() => tab.of('shift_ending').map((m) => m.endsAt)).toEqual(['2026-01-15T16:00:00.000Z', '2026-01-15T17:30:00.000Z']);
    at('2026-01-15T17:30:00Z');
    expect((await h.services.shifts.tick()).ended).toBe(1);
    expect(await stillActive(cookie)).toBe(false);

    // An extension also lets an agent sign in outside the schedule.
    at('2026-01-15T18:00:00Z');
    expect((await h.login(other.email)).statusCode).toBe(403);
    await ok(h.request('POST', `/api/team/accounts/${other.id}/working-hours/extend`, { cookie: await owner(), body: { until: '20:00' } }));
    expect((await h.login(other.email)).statusCode).toBe(200);
    expect((await h.request('GET', `/api/team/accounts/${other.id}/working-hours`, { cookie: await owner() })).json()).toMatchObject({
      extendedUntil: '2026-01-15T19:00:00.000Z',
      now: { restricted: true, inside: true, endsAt: '2026-01-15T19:00:00.000Z' },
    });
  });

  it('takes a date’s exception instead of the weekday: a day off refuses sign-in, other hours allow it', async () => {
    const a = await agent();
    await ok(setWorkspace({ timeZone: 'UTC', schedule: weekdays('09:00', '17:00') }));
    const set = async (date: string, hours: object[]) =>
      h.request('POST', `/api/team/accounts/${a.id}/working-hours/exceptions`, { cookie: await owner(), body: { date, hours } });
    await ok(set('2026-01-19', []));
    await ok(set('2026-01-20', [{ from: '18:00', to: '23:00' }]));
    at('2026-01-19T10:00:00Z');
    expect((await h.login(a.email)).json().error.nextShiftStartsAt).toBe('2026-01-20T18:00:00.000Z');
    const profile = (await h.request('GET', `/api/team/accounts/${a.id}/working-hours`, { cookie: await owner() })).json();
    expect(profile.exceptions).toEqual([
      { date: '2026-01-19', hours: [] },
      { date: '2026-01-20', hours: [{ from: '18:00', to: '23:00' }] },
    ]);
    const removed = await h.request('DELETE', `/api/team/accounts/${a.id}/working-hours/exceptions/2026-01-19`, { cookie: await owner() });
    expect(removed.statusCode).toBe(204);
    expect((await h.login(a.email)).statusCode).toBe(200);
    expect((await set('2026-02-30', [])).json().error).toMatchObject({ code: 'invalid_request', message: '"2026-02-30" is not a date; use YYYY-MM-DD.' });
  });

  it('answers bad input with clear 400s', async () => {
    const a = await agent();
    // `field` and `rule` let a program (the console) say the refusal in its reader's language.
    const bad = async (res: Promise<{ statusCode: number; json(): { error: { code: string; message: string } } }>, message: string, more = {}) => {
      const r = await res;
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'invalid_request', message, ...more });
    };
    await bad(setWorkspace({ timeZone: 'Europe/Atlantis' }), '"Europe/Atlantis" is not a time zone; use an IANA name such as Europe/Berlin or America/New_York.', {
      field: 'timeZone',
      rule: 'time_zone',
    });
    await bad(setWorkspace({ schedule: { monday: [{ from: '9am', to: '17:00' }] } }), 'Monday: "9am" is not a time; use HH:MM, 00:00 to 23:59.', {
      field: 'schedule',
      rule: 'schedule',
    });
    await bad(
      setAgent(a.id, {
        monday: [
          { from: '09:00', to: '17:00' },
          { from: '12:00', to: '13:00' },
        ],
      }),
      'Monday 09:00–17:00 overlaps Monday 12:00–13:00.',
    );
    await bad(setAgent(h.owner.id, weekdays('09:00', '17:00')), 'Administrators have no working hours: shifts never sign them out.');
    await bad(
      h.request('POST', `/api/team/accounts/${a.id}/working-hours/extend`, { cookie: await owner(), body: { until: '18:00' } }),
      'This agent has no working hours, so nothing signs it out: there is nothing to extend.',
    );
    await bad(
      h.request('POST', `/api/team/accounts/${a.id}/working-hours/extend`, { cookie: await owner(), body: { until: '25:00' } }),
      '"25:00" is not a time; use HH:MM, 00:00 to 23:59.',
      { field: 'until', rule: 'format' },
    );
    const unknownDay = await setAgent(a.id, { someday: [] });
    expect(unknownDay.statusCode).toBe(400);
    expect((await h.request('GET', '/api/settings/working-hours', { cookie: await owner() })).json()).toEqual({ timeZone: 'UTC', schedule: null });
  });

  it('holds the grants and the primary administrator’s rule; the bulk set reports per account', async () => {
    const a = await agent();
    const b = await agent();
    await h.account('admin', 'Sam Security', 'sam@acme.test', ['settings.security']);
    await h.account('admin', 'Tess Team', 'tess@acme.test', ['team.agents']);
    const sam = await h.signIn('sam@acme.test');
    const tess = await h.signIn('tess@acme.test');
    expect((await setWorkspace({ timeZone: 'Europe/Berlin' }, tess)).statusCode).toBe(403);
    await ok(setWorkspace({ timeZone: 'Europe/Berlin' }, sam));
    expect((await setAgent(a.id, weekdays('09:00', '17:00'), sam)).statusCode).toBe(403);
    await ok(setAgent(a.id, weekdays('09:00', '17:00'), tess));

    // The primary administrator's linked agent account is the primary administrator's (rule 1).
    const ownersAgent = await h.account('agent', 'Olivia Owner', 'owner@acme.test');
    const refused = await setAgent(ownersAgent.id, weekdays('09:00', '17:00'), tess);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('primary_admin_protected');
    expect((await h.request('POST', `/api/team/accounts/${ownersAgent.id}/working-hours/extend`, { cookie: tess, body: { until: '18:00' } })).json().error.code).toBe(
      'primary_admin_protected',
    );

    const bulk = await h.request('POST', '/api/team/working-hours', {
      cookie: tess,
      body: { accountIds: [a.id, b.id, ownersAgent.id, h.owner.id, 'acc_nope'], schedule: everyDay('08:00', '12:00') },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json().updated).toBe(2);
    const codes = Object.fromEntries(
      bulk.json().results.map((r: { accountId: string; status: string; error?: { code: string } }) => [r.accountId, r.error?.code ?? r.status]),
    );
    expect(codes).toEqual({ [a.id]: 'updated', [b.id]: 'updated', [ownersAgent.id]: 'primary_admin_protected', [h.owner.id]: 'forbidden', acc_nope: 'not_found' });
    expect((await h.request('GET', `/api/team/accounts/${b.id}/working-hours`, { cookie: await owner() })).json().schedule).toEqual(everyDay('08:00', '12:00'));
    const updates = await h.db.kysely
      .selectFrom('audit_events')
      .select('target_account_id')
      .where('type', '=', 'working_hours.updated')
      .where('actor_label', 'like', 'Tess%')
      .execute();
    expect(updates.map((u) => u.target_account_id).sort()).toEqual([a.id, a.id, b.id].sort());
    // An agent holds no grant.
    at('2026-01-16T09:00:00Z');
    const agentCookie = await h.signIn(a.email);
    expect((await h.request('GET', `/api/team/accounts/${b.id}/working-hours`, { cookie: agentCookie })).statusCode).toBe(403);
    expect((await h.request('GET', '/api/settings/working-hours', { cookie: agentCookie })).statusCode).toBe(403);
  });

  it.skipIf(backend.name !== 'postgres')(
    'ends each session once, with one audit row, when two nodes tick at once; a node that was down ends them on its first tick',
    async () => {
      const agents = await Promise.all([1, 2, 3, 4, 5].map(() => agent('Racer')));
      await ok(setWorkspace({ timeZone: 'UTC', schedule: everyDay('09:00', '17:00') }));
      at('2026-01-21T16:00:00Z');
      const cookies = await Promise.all(agents.map((a) => h.signIn(a.email)));
      // The second node: its own connections and bus on the same database, started after the shift began.
      const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: h.services.config.databaseUrl!, NODE_ID: 'node-b' });
      const db = await openDb({ databaseUrl: config.databaseUrl, poolSize: 5 });
      const other = await buildGatehouse({ config, db, clock: h.clock });
      try {
        at('2026-01-21T16:51:00Z');
        const warned = await Promise.all([h.services.shifts.tick(), other.services.shifts.tick()]);
        expect(warned.reduce((sum, r) => sum + r.warned, 0)).toBe(5);
        at('2026-01-21T17:00:00Z');
        const ticks = await Promise.all([h.services.shifts.tick(), other.services.shifts.tick(), h.services.shifts.tick()]);
        expect(ticks.reduce((sum, r) => sum + r.ended, 0)).toBe(5);
        const ids = new Set(agents.map((a) => a.id));
        expect((await endsOf('shift_ended')).filter((r) => ids.has(r.target_account_id!))).toHaveLength(5);
        for (const c of cookies) expect(await stillActive(c)).toBe(false);

        // Sessions left past a shift's end while no node ticked: whichever node ticks first ends them.
        at('2026-01-22T16:30:00Z');
        const late = await h.signIn(agents[0]!.email);
        at('2026-01-22T17:45:00Z');
        expect((await other.services.shifts.tick()).ended).toBe(1);
        expect(await stillActive(late)).toBe(false);
      } finally {
        await other.app.close();
        await db.close();
      }
    },
  );

  it('words the end in the console’s reasons', () => {
    expect(END_REASON_TEXT.shift_ended).toMatch(/shift has ended/);
    expect(10 * MINUTE).toBe(600_000);
  });
});
