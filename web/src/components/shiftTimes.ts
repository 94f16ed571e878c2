// How working hours read in the console's language: weekday names, clock times and single dates,
// all through Intl with the chosen locale (web/src/i18n.ts), never a hard-coded English list.
import { formattingLocale } from '../i18n';

const CLOCK = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/** "18:00" in the workspace's zone: 24-hour, as schedules are typed. */
export function shiftTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(formattingLocale(), { ...CLOCK, timeZone }).format(new Date(iso));
}

/** "Tue 8 Dec" (or "mar, 8 dic") in the workspace's zone: the day of a next shift. */
export function shiftDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(formattingLocale(), { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(iso));
}

/**
 * A wall-clock "HH:MM" as the locale writes it. A day's end may be "24:00", which no clock
 * shows, so it stays as typed.
 */
export function clockTime(hhmm: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match || hhmm === '24:00') return hhmm;
  return new Intl.DateTimeFormat(formattingLocale(), { ...CLOCK, timeZone: 'UTC' }).format(new Date(Date.UTC(1970, 0, 1, Number(match[1]), Number(match[2]))));
}

/** A calendar date "2026-12-08" as "8 Dec 2026": read in UTC so no zone moves it a day. */
export function calendarDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? date : new Intl.DateTimeFormat(formattingLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(day);
}

/** Monday to Sunday in the chosen language, capitalised as a label ("Lunes", not "lunes"). */
export function weekdayNames(): string[] {
  const locale = formattingLocale();
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const name = format.format(new Date(Date.UTC(2024, 0, 1 + i)));
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  });
}
