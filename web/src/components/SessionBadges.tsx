import { useTranslation } from 'react-i18next';
import { countryFlag, deviceLabel, flagLabel } from '../format';
import { formattingLocale, i18n } from '../i18n';
import { Link } from '../router';
import type { Session } from '../types';
import { Badge } from './ui';

/** A country's name in the console's language ("Alemania"), else the server's English one. */
export function countryName(code: string, fallback: string | null): string {
  try {
    return new Intl.DisplayNames(formattingLocale(), { type: 'region' }).of(code) ?? fallback ?? code;
  } catch {
    // Not a region code Intl knows.
    return fallback ?? code;
  }
}

/** "Berlin, Germany", "Local network" or "Unknown" in the console's language; the server writes them in English. */
export function placeLabel(location: Session['location']): string {
  if (location.country) {
    const country = countryName(location.country, location.countryName);
    return location.city ? `${location.city}, ${country}` : country;
  }
  if (location.label === 'Local network') return i18n.t('sessions:place.local');
  if (location.label === 'Unknown') return i18n.t('sessions:place.unknown');
  return location.label;
}

/** A country's flag, read by screen readers as the country's name. */
export function CountryFlag({ code, name }: { code: string | null; name: string | null }) {
  if (!code) return null;
  const flag = countryFlag(code);
  if (!flag) return null;
  const label = countryName(code, name);
  return (
    <span className="country-flag" role="img" aria-label={label} title={label}>
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
        <CountryFlag code={session.location.country} name={session.location.countryName} /> {placeLabel(session.location)}
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

/**
 * The device a session ran on, as the link to its detail ("Chrome 131 on Windows 10: details of
 * Maya's session"). `owner` is the account's name, "your" for the viewer's own, or none.
 */
export function SessionLink({ session, owner }: { session: Pick<Session, 'id' | 'browser' | 'os'>; owner?: string | undefined }) {
  const { t } = useTranslation('sessions');
  const details = owner === 'your' ? t('link.detailsOfYours') : owner ? t('link.detailsOf', { name: owner }) : t('link.detailsOfThe');
  return (
    <Link href={`/sessions/${encodeURIComponent(session.id)}`} className="session-link">
      {deviceLabel(session)}
      <span className="sr-only">{details}</span>
    </Link>
  );
}
