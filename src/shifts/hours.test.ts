import { describe, expect, it } from 'vitest';
import { canonicalZone, checkDay, checkWeek, dayOfDate, describeAt, evaluate, instantOf, type HoursInput, type WeekSchedule } from './hours.js';

const at = (isoText: string) => Date.parse(isoText);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const day = (date: string) => dayOfDate(date)!;
const nineToFive: WeekSchedule = {
  monday: [{ from: '09:00', to: '17:00' }],
  tuesday: [{ from: '09:00', to: '17:00' }],
  wednesday: [{ from: '09:00', to: '17:00' }],
  thursday: [{ from: '09:00', to: '17:00' }],
  friday: [{ from: '09:00', to: '17:00' }],
  saturday: [{ from: '09:00', to: '17:00' }],
  sunday: [{ from: '09:00', to: '17:00' }],
};
const nights: WeekSchedule = { saturday: [{ from: '22:00', to: '06:00' }], sunday: [{ from: '22:00', to: '06:00' }] };
const status = (input: HoursInput, t: string) => {
  const s = evaluate(input, at(t));
  return { inside: s.inside, endsAt: iso(s.endsAt), nextStartsAt: iso(s.nextStartsAt) };
};

describe('wall times in a zone', () => {
  it('reads a time skipped in spring as the same time past the gap, and a repeated one as its first occurrence', () => {
    // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    expect(iso(instantOf('Europe/Berlin', day('2026-03-29'), 150))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(instantOf('Europe/Berlin', day('2026-10-25'), 150))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(instantOf('Europe/Berlin', day('2026-10-25'), 180))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(instantOf('America/New_York', day('2026-03-08'), 150))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(instantOf('UTC', day('2026-01-05'), 540))).toBe('2026-01-05T09:00:00.000Z');
  });

  it('knows zones by their IANA names', () => {
    expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('utc')).toBe('UTC');
    expect(canonicalZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalZone('')).toBeNull();
  });

  it('refuses dates that do not exist', () => {
    expect(dayOfDate('2026-02-29')).toBeNull();
    expect(dayOfDate('2026-13-01')).toBeNull();
    expect(dayOfDate('2028-02-29')).not.toBeNull();
  });
});

describe('evaluating a schedule', () => {
  it('keeps a 09:00–17:00 shift at 17:00 local on both days the clocks change in Berlin', () => {
    const input = { zone: 'Europe/Berlin', week: nineToFive };
    // Saturday before: CET (UTC+1). Sunday of the change: CEST (UTC+2): 8 h of wall time, 8 h elapsed.
    expect(status(input, '2026-03-28T15:59:00Z')).toEqual({ inside: true, endsAt: '2026-03-28T16:00:00.000Z', nextStartsAt: '2026-03-29T07:00:00.000Z' });
    expect(status(input, '2026-03-29T14:59:00Z')).toEqual({ inside: true, endsAt: '2026-03-29T15:00:00.000Z', nextStartsAt: '2026-03-30T07:00:00.000Z' });
    expect(status(input, '2026-03-29T15:00:00Z').inside).toBe(false);
    expect(status(input, '2026-03-29T06:59:00Z')).toEqual({ inside: false, endsAt: null, nextStartsAt: '2026-03-29T07:00:00.000Z' });
    // Back to CET on 2026-10-25.
    expect(status(input, '2026-10-25T15:30:00Z')).toEqual({ inside: true, endsAt: '2026-10-25T16:00:00.000Z', nextStartsAt: '2026-10-26T08:00:00.000Z' });
    expect(status(input, '2026-10-24T14:30:00Z').endsAt).toBe('2026-10-24T15:00:00.000Z');
  });

  it('ends an overnight shift at its local end time across a change: 7 h in spring, 9 h in autumn', () => {
    const input = { zone: 'Europe/Berlin', week: nights };
    // Saturday 22:00 CET = 21:00Z; Sunday 06:00 CEST = 04:00Z.
    expect(status(input, '2026-03-28T20:59:00Z').inside).toBe(false);
    expect(status(input, '2026-03-28T21:00:00Z')).toEqual({ inside: true, endsAt: '2026-03-29T04:00:00.000Z', nextStartsAt: '2026-03-29T20:00:00.000Z' });
    expect(status(input, '2026-03-29T03:59:00Z').inside).toBe(true);
    expect(status(input, '2026-03-29T04:00:00Z').inside).toBe(false);
    // Saturday 22:00 CEST = 20:00Z; Sunday 06:00 CET = 05:00Z.
    expect(status(input, '2026-10-24T20:00:00Z')).toEqual({ inside: true, endsAt: '2026-10-25T05:00:00.000Z', nextStartsAt: '2026-10-25T21:00:00.000Z' });
    expect(status(input, '2026-10-25T04:59:00Z').inside).toBe(true);
  });

  it('follows New York’s changes, a few weeks apart from Europe’s', () => {
    const input = { zone: 'America/New_York', week: nineToFive };
    expect(status(input, '2026-03-07T21:59:00Z').endsAt).toBe('2026-03-07T22:00:00.000Z');
    expect(status(input, '2026-03-08T20:59:00Z').endsAt).toBe('2026-03-08T21:00:00.000Z');
    expect(status(input, '2026-11-01T21:59:00Z').endsAt).toBe('2026-11-01T22:00:00.000Z');
    expect(status(input, '2026-10-31T20:59:00Z').endsAt).toBe('2026-10-31T21:00:00.000Z');
  });

  it('carries an overnight shift past midnight, Sunday into Monday too', () => {
    const input = { zone: 'UTC', week: { sunday: [{ from: '20:00', to: '02:00' }], monday: [{ from: '09:00', to: '12:00' }] } };
    // 2026-01-04 is a Sunday.
    expect(status(input, '2026-01-05T01:00:00Z')).toEqual({ inside: true, endsAt: '2026-01-05T02:00:00.000Z', nextStartsAt: '2026-01-05T09:00:00.000Z' });
    expect(status(input, '2026-01-05T02:00:00Z')).toEqual({ inside: false, endsAt: null, nextStartsAt: '2026-01-05T09:00:00.000Z' });
    // Monday noon: next is Sunday evening.
    expect(status(input, '2026-01-05T12:00:00Z').nextStartsAt).toBe('2026-01-11T20:00:00.000Z');
  });

  it('joins shifts that touch into one, so the end is the later one', () => {
    const input = {
      zone: 'UTC',
      week: {
        monday: [
          { from: '09:00', to: '13:00' },
          { from: '13:00', to: '24:00' },
        ],
        tuesday: [{ from: '00:00', to: '02:00' }],
      },
    };
    expect(status(input, '2026-01-05T10:00:00Z').endsAt).toBe('2026-01-06T02:00:00.000Z');
  });

  it('takes a date’s exception instead of its weekday: a day off, or other hours', () => {
    const exceptions = new Map([
      ['2026-01-05', []],
      ['2026-01-06', [{ from: '12:00', to: '14:00' }]],
    ]);
    const input = { zone: 'UTC', week: nineToFive, exceptions };
    expect(status(input, '2026-01-05T10:00:00Z')).toEqual({ inside: false, endsAt: null, nextStartsAt: '2026-01-06T12:00:00.000Z' });
    expect(status(input, '2026-01-06T10:00:00Z').inside).toBe(false);
    expect(status(input, '2026-01-06T13:00:00Z').endsAt).toBe('2026-01-06T14:00:00.000Z');
  });

  it('finds the next start past weeks of days off', () => {
    const exceptions = new Map(Array.from({ length: 30 }, (_, i) => [new Date(Date.UTC(2026, 0, 5 + i)).toISOString().slice(0, 10), []]));
    expect(status({ zone: 'UTC', week: nineToFive, exceptions }, '2026-01-05T10:00:00Z').nextStartsAt).toBe('2026-02-04T09:00:00.000Z');
    expect(status({ zone: 'UTC', week: {} }, '2026-01-05T10:00:00Z')).toEqual({ inside: false, endsAt: null, nextStartsAt: null });
  });

  it('lengthens the shift with an extension, and lets one start outside the schedule', () => {
    const week = nineToFive;
    const extension = { from: at('2026-01-05T16:30:00Z'), until: at('2026-01-05T19:00:00Z') };
    expect(status({ zone: 'UTC', week, extension }, '2026-01-05T16:55:00Z').endsAt).toBe('2026-01-05T19:00:00.000Z');
    expect(status({ zone: 'UTC', week, extension }, '2026-01-05T18:00:00Z').inside).toBe(true);
    expect(status({ zone: 'UTC', week, extension }, '2026-01-05T19:00:00Z').inside).toBe(false);
    const evening = { from: at('2026-01-05T20:00:00Z'), until: at('2026-01-05T21:00:00Z') };
    expect(status({ zone: 'UTC', week, extension: evening }, '2026-01-05T20:30:00Z').endsAt).toBe('2026-01-05T21:00:00.000Z');
  });

  it('has no end within a week for a round-the-clock schedule', () => {
    const all = { from: '00:00', to: '24:00' };
    const week: WeekSchedule = { monday: [all], tuesday: [all], wednesday: [all], thursday: [all], friday: [all], saturday: [all], sunday: [all] };
    expect(status({ zone: 'Europe/Berlin', week }, '2026-03-29T01:00:00Z')).toMatchObject({ inside: true, endsAt: null });
  });
});

describe('checking schedules', () => {
  it('accepts shifts that touch, and overnight ones', () => {
    expect(checkWeek(nineToFive)).toBeNull();
    expect(checkWeek({ monday: [{ from: '22:00', to: '06:00' }], tuesday: [{ from: '06:00', to: '14:00' }] })).toBeNull();
  });

  it('refuses bad times, empty intervals and overlaps, overnight and across the week’s end too', () => {
    expect(checkWeek({ monday: [{ from: '9:00', to: '17:00' }] })).toBe('Monday: "9:00" is not a time; use HH:MM, 00:00 to 23:59.');
    expect(checkWeek({ monday: [{ from: '09:00', to: '25:00' }] })).toMatch(/"25:00" is not a time/);
    expect(checkWeek({ monday: [{ from: '24:00', to: '02:00' }] })).toMatch(/"24:00" is not a time/);
    expect(checkWeek({ friday: [{ from: '09:00', to: '09:00' }] })).toBe('Friday: 09:00–09:00 is empty; an interval needs an end that differs from its start.');
    expect(
      checkWeek({
        monday: [
          { from: '09:00', to: '17:00' },
          { from: '16:00', to: '20:00' },
        ],
      }),
    ).toBe('Monday 09:00–17:00 overlaps Monday 16:00–20:00.');
    expect(checkWeek({ monday: [{ from: '22:00', to: '06:00' }], tuesday: [{ from: '05:00', to: '13:00' }] })).toBe('Monday 22:00–06:00 overlaps Tuesday 05:00–13:00.');
    expect(checkWeek({ monday: [{ from: '01:00', to: '03:00' }], sunday: [{ from: '23:00', to: '02:00' }] })).toBe('Monday 01:00–03:00 overlaps Sunday 23:00–02:00.');
    expect(
      checkDay(
        [
          { from: '10:00', to: '12:00' },
          { from: '11:00', to: '13:00' },
        ],
        '2026-01-05',
      ),
    ).toBe('2026-01-05 10:00–12:00 overlaps 2026-01-05 11:00–13:00.');
  });
});

describe('saying when', () => {
  it('names today, tomorrow or the date, in the zone', () => {
    const now = at('2026-01-05T10:00:00Z');
    expect(describeAt('Europe/Berlin', at('2026-01-05T17:00:00Z'), now)).toBe('today at 18:00');
    expect(describeAt('Europe/Berlin', at('2026-01-06T08:00:00Z'), now)).toBe('tomorrow at 09:00');
    expect(describeAt('Europe/Berlin', at('2026-01-08T08:00:00Z'), now)).toBe('Thursday 8 January at 09:00');
  });
});
