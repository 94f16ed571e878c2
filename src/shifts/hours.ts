/**
 * Working hours, evaluated with `Intl` alone (no time-zone library). Pure: no database, no clock.
 *
 * A schedule is wall-clock time in the workspace's IANA zone: "09:00–17:00" on a Monday is from
 * when the clocks there show 09:00 to when they show 17:00, so a shift on the day the clocks
 * change is an hour shorter or longer in elapsed time and still ends at 17:00 local. An interval
 * whose end is not after its start ("22:00–06:00") is an overnight shift and belongs to the day
 * it starts. A wall time that does not exist (the hour skipped in spring) is read as the same
 * time plus the gap (02:30 → 03:30); one that exists twice (the hour repeated in autumn) is its
 * first occurrence. That is the "compatible" reading of Temporal and of most calendars.
 */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Weekday = (typeof WEEKDAYS)[number];

/** One shift on one day: "HH:MM" to "HH:MM" (the end may be "24:00"; an end not after the start runs overnight). */
export interface Interval {
  from: string;
  to: string;
}

/** Shifts per weekday; a day left out or empty is a day off. */
export type WeekSchedule = Partial<Record<Weekday, Interval[]>>;

/** Everything that decides an agent's hours. */
export interface HoursInput {
  zone: string;
  week: WeekSchedule;
  /** Local date "YYYY-MM-DD" → that day's shifts instead of the week's (empty: a day off). */
  exceptions?: ReadonlyMap<string, readonly Interval[]>;
  /** An administrator's extension: working from `from` until `until` (ms), whatever the schedule. */
  extension?: { from: number; until: number } | null;
}

export interface HoursStatus {
  inside: boolean;
  /** While inside: when the current shift ends (null: not within a week, e.g. round the clock). */
  endsAt: number | null;
  /** The next shift's start after now (after the current one, while inside); null if none within a year. */
  nextStartsAt: number | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since midnight of "HH:MM" ("24:00" only when `end`), or null. */
export function minutesOf(time: string, end = false): number | null {
  if (end && time === '24:00') return 1440;
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The zone's canonical name if `Intl` knows it, else null. */
export function canonicalZone(name: string): string | null {
  if (name.length === 0 || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at instant `t`, as if it were UTC (ms). */
function wallOf(zone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (t - Math.floor(t / 1000) * 1000);
}

const offsetAt = (zone: string, t: number) => wallOf(zone, t) - t;

/** The day number (days since 1970-01-01) of the local date at instant `t`. */
export function localDay(zone: string, t: number): number {
  return Math.floor(wallOf(zone, t) / DAY);
}

/** The instant the clocks in `zone` show `minutes` after midnight of local day `day` (the compatible reading, above). */
export function instantOf(zone: string, day: number, minutes: number): number {
  const wall = day * DAY + minutes * MINUTE;
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const valid = [before, after].map((o) => wall - o).filter((t) => offsetAt(zone, t) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  // In the gap: read with the offset from before the change, which lands as far past it.
  return wall - before;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The day number of "YYYY-MM-DD", or null if no such date. */
export function dayOfDate(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dateOfDay(ms / DAY) === date ? ms / DAY : null;
}

function weekdayOfDay(day: number): Weekday {
  return WEEKDAYS[(new Date(day * DAY).getUTCDay() + 6) % 7]!;
}

/** The shifts that start on local day `day`, as instants. */
function shiftsOf(input: HoursInput, day: number): [number, number][] {
  const list = input.exceptions?.get(dateOfDay(day)) ?? input.week[weekdayOfDay(day)] ?? [];
  const out: [number, number][] = [];
  for (const { from, to } of list) {
    const start = minutesOf(from);
    const end = minutesOf(to, true);
    if (start === null || end === null || start === end) continue;
    out.push([instantOf(input.zone, day, start), end > start ? instantOf(input.zone, day, end) : instantOf(input.zone, day + 1, end)]);
  }
  return out;
}

/** Sorted, with touching and overlapping intervals joined. */
function merge(intervals: [number, number][]): [number, number][] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Whether instant `t` is inside working hours, when the current shift ends and when the next starts. */
export function evaluate(input: HoursInput, t: number): HoursStatus {
  const today = localDay(input.zone, t);
  // Yesterday's overnight shifts reach into today; eight days ahead find the end of any shift
  // that a week's schedule can make continuous, and the next start of any weekly schedule.
  const horizon = today + 9;
  const raw: [number, number][] = [];
  for (let day = today - 1; day < horizon; day++) raw.push(...shiftsOf(input, day));
  if (input.extension) raw.push([input.extension.from, input.extension.until]);
  const merged = merge(raw);
  const windowEnd = instantOf(input.zone, horizon, 0);
  const current = merged.find(([s, e]) => s <= t && t < e);
  const after = current ? current[1] : t;
  let nextStartsAt = merged.find(([s]) => s > after)?.[0] ?? null;
  // Exceptions may close many days in a row: look further, a day at a time, up to a year.
  for (let day = horizon; nextStartsAt === null && day < today + 370; day++) {
    const starts = shiftsOf(input, day).map(([s]) => s);
    if (starts.length > 0) nextStartsAt = Math.min(...starts);
  }
  if (!current) return { inside: false, endsAt: null, nextStartsAt };
  return { inside: true, endsAt: current[1] >= windowEnd ? null : current[1], nextStartsAt };
}

type Span = { label: string; start: number; end: number };

/** Checks one day's intervals; returns the problem in words, or null. */
function checkList(list: readonly Interval[], where: string, spans: Span[], dayIndex: number): string | null {
  for (const { from, to } of list) {
    const start = minutesOf(from);
    const end = minutesOf(to, true);
    if (start === null) return `${where}: "${from}" is not a time; use HH:MM, 00:00 to 23:59.`;
    if (end === null) return `${where}: "${to}" is not a time; use HH:MM, 00:00 to 24:00.`;
    if (start === end) return `${where}: ${from}–${to} is empty; an interval needs an end that differs from its start.`;
    const base = dayIndex * 1440;
    spans.push({ label: `${where} ${from}–${to}`, start: base + start, end: base + (end > start ? end : end + 1440) });
  }
  return null;
}

function overlapIn(spans: readonly Span[], cycle: number | null): string | null {
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i]!;
      const b = spans[j]!;
      const shifts = cycle === null ? [0] : [0, cycle, -cycle];
      if (shifts.some((k) => a.start < b.end + k && b.start + k < a.end)) return `${a.label} overlaps ${b.label}.`;
    }
  }
  return null;
}

/** Checks a weekly schedule: times, empty and overlapping intervals (overnight ones included, Sunday into Monday too). */
export function checkWeek(week: WeekSchedule): string | null {
  const spans: Span[] = [];
  for (const [i, day] of WEEKDAYS.entries()) {
    const problem = checkList(week[day] ?? [], day[0]!.toUpperCase() + day.slice(1), spans, i);
    if (problem) return problem;
  }
  return overlapIn(spans, 7 * 1440);
}

/** Checks one date's intervals (an exception). */
export function checkDay(list: readonly Interval[], date: string): string | null {
  const spans: Span[] = [];
  return checkList(list, date, spans, 0) ?? overlapIn(spans, null);
}

/** "18:00" in the zone, or "Tuesday 09:00" when not on the same local day as `now`. */
export function describeAt(zone: string, at: number, now: number): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
  const day = localDay(zone, at);
  const today = localDay(zone, now);
  if (day === today) return `today at ${time}`;
  if (day === today + 1) return `tomorrow at ${time}`;
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(at));
  return `${date} at ${time}`;
}
