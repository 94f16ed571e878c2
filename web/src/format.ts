// How times, devices and reasons read in the console, in the console's language (web/src/i18n.ts).
import { formattingLocale, i18n } from './i18n';
import { resources } from './locales';

// Formatters are costly to build and cheap to use: one set per locale, built on first use.
const formatters = new Map<string, ReturnType<typeof buildFormatters>>();
function buildFormatters(locale: string) {
  return {
    relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }),
    exact: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    exactShort: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
    exactLong: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' }),
    day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
    number: new Intl.NumberFormat(locale),
  };
}
function fmt() {
  const locale = formattingLocale();
  let set = formatters.get(locale);
  if (!set) formatters.set(locale, (set = buildFormatters(locale)));
  return set;
}

/** "3 h ago", "in 5 min", "just now"; "hace 3 h" in Spanish. */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return i18n.t('time.justNow');
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) {
    if (abs >= ms || unit === 'minute') {
      if (unit === 'day' && abs >= 7 * 86_400_000) return fmt().exact.format(new Date(iso));
      return fmt().relative.format(Math.round(diff / ms), unit);
    }
  }
  return fmt().exact.format(new Date(iso));
}

/** "6 Dec 2026, 15:04:05" in the viewer's zone. */
export function shortExactTime(iso: string): string {
  return fmt().exactShort.format(new Date(iso));
}

/** A date and time without seconds: "6 Dec 2026, 15:04". */
export function dateTime(iso: string | Date): string {
  return fmt().exact.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** A day: "6 Dec 2026". */
export function dayLabel(iso: string | Date): string {
  return fmt().day.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** A count with the language's digit grouping: "1,000" in English, "1000" / "10.000" in Spanish. */
export function count(n: number): string {
  return fmt().number.format(n);
}

/** When something expires: "in 5 days" when within a week, else the day ("5 Jan 2027"). */
export function expiryLabel(iso: string, now = Date.now()): string {
  return Math.abs(new Date(iso).getTime() - now) < 7 * 86_400_000 ? relativeTime(iso, now) : dayLabel(iso);
}

/** The exact time in the viewer's zone, for tooltips. */
export function exactTime(iso: string): string {
  return fmt().exactLong.format(new Date(iso));
}

// The reasons the console has words for: the keys of the English file, so the list is written once.
const END_REASONS = Object.keys(resources.en.common.endReason) as (keyof typeof resources.en.common.endReason)[];

const AUTH_METHODS = ['password', 'password+totp', 'password+passkey', 'recovery_code'] as const;

/** How a session was authenticated, in words. */
export function authMethodLabel(method: string): string {
  const i = (AUTH_METHODS as readonly string[]).indexOf(method);
  return i >= 0 ? i18n.t(`authMethod.${AUTH_METHODS[i]!.replace('+', '_')}` as 'authMethod.password') : method;
}

export function endReasonLabel(reason: string | null): string {
  if (!reason) return '';
  return (END_REASONS as readonly string[]).includes(reason) ? i18n.t(`endReason.${reason as (typeof END_REASONS)[number]}`) : reason.replaceAll('_', ' ');
}

/** "Chrome 131 on Windows 10". */
export function deviceLabel(s: { browser: string; os: string }): string {
  const browser = s.browser || i18n.t('device.unknownBrowser');
  return s.os ? i18n.t('device.browserOnOs', { browser, os: s.os }) : browser;
}

export function roleLabel(role: 'agent' | 'admin'): string {
  return role === 'admin' ? i18n.t('role.admin') : i18n.t('role.agent');
}

/** Minutes as the settings page shows them: "72 hours", "30 minutes", "3 days". */
export function durationLabel(minutes: number): string {
  if (minutes % 1440 === 0) return i18n.t('duration.days', { count: minutes / 1440 });
  if (minutes % 60 === 0) return i18n.t('duration.hours', { count: minutes / 60 });
  return i18n.t('duration.minutes', { count: minutes });
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

/**
 * A country's flag as an emoji: the two regional-indicator letters of its ISO code ("DE" →
 * 🇩🇪). No image is downloaded; a system without flag glyphs shows the two letters.
 */
export function countryFlag(code: string): string {
  return /^[A-Z]{2}$/.test(code) ? String.fromCodePoint(...[...code].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65)) : '';
}

/** What a sign-in flag means, in words. */
export function flagLabel(flag: string): { label: string; help: string } {
  if (flag === 'new_device' || flag === 'new_location') return { label: i18n.t(`flag.${flag}.label`), help: i18n.t(`flag.${flag}.help`) };
  return { label: flag.replaceAll('_', ' '), help: '' };
}

const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'smarttv', 'wearable', 'console'] as const;

export function deviceTypeLabel(type: string): string {
  return (DEVICE_TYPES as readonly string[]).includes(type) ? i18n.t(`deviceType.${type as (typeof DEVICE_TYPES)[number]}`) : type;
}
