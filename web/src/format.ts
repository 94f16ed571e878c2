// How times, devices and reasons read in the console.

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const exactLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** "3 h ago", "in 5 min", "just now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) {
    if (abs >= ms || unit === 'minute') {
      if (unit === 'day' && abs >= 7 * 86_400_000) return exact.format(new Date(iso));
      return rtf.format(Math.round(diff / ms), unit);
    }
  }
  return exact.format(new Date(iso));
}

const exactShort = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "6 Dec 2026, 15:04:05" in the viewer's zone. */
export function shortExactTime(iso: string): string {
  return exactShort.format(new Date(iso));
}

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** When something expires: "in 5 days" when within a week, else the day ("5 Jan 2027"). */
export function expiryLabel(iso: string, now = Date.now()): string {
  return Math.abs(new Date(iso).getTime() - now) < 7 * 86_400_000 ? relativeTime(iso, now) : day.format(new Date(iso));
}

/** The exact time in the viewer's zone, for tooltips. */
export function exactTime(iso: string): string {
  return exactLong.format(new Date(iso));
}

const END_REASON_LABEL: Record<string, string> = {
  signed_out: 'Signed out',
  idle_timeout: 'Idle timeout',
  lifetime_expired: 'Lifetime reached',
  ended_by_admin: 'Ended by an administrator',
  ended_by_user: 'Closed by the user',
  password_changed: 'Password changed',
  account_disabled: 'Account disabled',
  ip_not_allowed: 'Outside the allowed networks',
  session_limit: 'Session limit',
  switched: 'Switched account',
  factors_reset: 'Two-factor sign-in reset',
  shift_ended: 'Shift ended',
};

const AUTH_METHOD_LABEL: Record<string, string> = {
  password: 'Password',
  'password+totp': 'Password and authenticator app',
  'password+passkey': 'Password and passkey',
  recovery_code: 'Password and recovery code',
};

/** How a session was authenticated, in words. */
export function authMethodLabel(method: string): string {
  return AUTH_METHOD_LABEL[method] ?? method;
}

export function endReasonLabel(reason: string | null): string {
  return reason ? (END_REASON_LABEL[reason] ?? reason.replaceAll('_', ' ')) : '';
}

/** "Chrome 131 on Windows 10". */
export function deviceLabel(s: { browser: string; os: string }): string {
  const browser = s.browser || 'Unknown browser';
  return s.os ? `${browser} on ${s.os}` : browser;
}

export function roleLabel(role: 'agent' | 'admin'): string {
  return role === 'admin' ? 'Administrator' : 'Agent';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Minutes as the settings page shows them: "72 hours", "30 minutes", "3 days". */
export function durationLabel(minutes: number): string {
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
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

const FLAG_LABEL: Record<string, { label: string; help: string }> = {
  new_device: { label: 'New device', help: 'The first sign-in of this login with this browser and system.' },
  new_location: { label: 'New location', help: 'The first sign-in of this login from this country.' },
};

/** What a sign-in flag means, in words. */
export function flagLabel(flag: string): { label: string; help: string } {
  return FLAG_LABEL[flag] ?? { label: flag.replaceAll('_', ' '), help: '' };
}

const DEVICE_TYPE_LABEL: Record<string, string> = { desktop: 'Desktop', mobile: 'Phone', tablet: 'Tablet', smarttv: 'TV', wearable: 'Wearable', console: 'Game console' };

export function deviceTypeLabel(type: string): string {
  return DEVICE_TYPE_LABEL[type] ?? type;
}
