import { Trans } from 'react-i18next';
import { exactTime, relativeTime, shortExactTime } from '../format';
import { Tip } from './Tip';

/** "3 h ago", with the exact time in the viewer's zone on hover. */
export function RelativeTime({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <Tip content={exactTime(iso)}>
      <time dateTime={iso} className="reltime">
        {relativeTime(iso)}
      </time>
    </Tip>
  );
}

/** "6 Dec 2026, 15:04", with "3 h ago" and the full time on hover: an audit trail needs exact times. */
export function ExactTime({ iso }: { iso: string }) {
  return (
    <Tip content={`${relativeTime(iso)} · ${exactTime(iso)}`}>
      <time dateTime={iso} className="reltime">
        {shortExactTime(iso)}
      </time>
    </Tip>
  );
}

/** "Last seen 3 h ago" for an offline account, with the exact time on hover; nothing while online or never seen. */
export function LastSeen({ presence, iso }: { presence: 'online' | 'offline'; iso: string | null }) {
  if (presence === 'online' || !iso) return null;
  return (
    <span className="cell-sub last-seen" data-testid="last-seen">
      <Trans i18nKey="time.lastSeen" components={{ time: <RelativeTime iso={iso} /> }} />
    </span>
  );
}
