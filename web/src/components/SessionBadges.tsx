import { countryFlag, deviceLabel, flagLabel } from '../format';
import { Link } from '../router';
import type { Session } from '../types';
import { Badge } from './ui';

/** A country's flag, read by screen readers as the country's name. */
export function CountryFlag({ code, name }: { code: string | null; name: string | null }) {
  if (!code) return null;
  const flag = countryFlag(code);
  if (!flag) return null;
  return (
    <span className="country-flag" role="img" aria-label={name ?? code} title={name ?? code}>
      {flag}
    </span>
  );
}

/** "Berlin, Germany" with its flag, beneath the address. */
export function SessionPlace({ session }: { session: Pick<Session, 'ip' | 'location'> }) {
  return (
    <>
      <span className="mono">{session.ip}</span>
      <span className="cell-sub place">
        <CountryFlag code={session.location.country} name={session.location.countryName} /> {session.location.label}
      </span>
    </>
  );
}

/** "New device" / "New location": what this sign-in was the first of for its login. */
export function SessionFlagBadges({ flags }: { flags: readonly string[] }) {
  if (flags.length === 0) return null;
  return (
    <span className="session-flags">
      {flags.map((flag) => {
        const { label, help } = flagLabel(flag);
        return (
          <span key={flag} title={help} data-flag={flag}>
            <Badge tone="warn">{label}</Badge>
          </span>
        );
      })}
    </span>
  );
}

/** The device a session ran on, as the link to its detail ("Chrome 131 on Windows 10: details of Maya's session"). */
export function SessionLink({ session, whose }: { session: Pick<Session, 'id' | 'browser' | 'os'>; whose: string }) {
  return (
    <Link href={`/sessions/${encodeURIComponent(session.id)}`} className="session-link">
      {deviceLabel(session)}
      <span className="sr-only">: details of {whose} session</span>
    </Link>
  );
}
