import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../types';
import { deviceLabel } from '../format';
import { Link } from '../router';
import { Checkbox } from './Checkbox';
import { LinkedAccountIcon } from './LinkedAccountIcon';
import { LastSeen, RelativeTime } from './RelativeTime';
import { SessionStatusIcon } from './SessionStatusIcon';
import { Avatar, Badge, PresenceDot } from './ui';
import { placeLabel } from './SessionBadges';

export interface RowContext {
  viewerId: string;
  /** Whether the viewer may open a linked account of this role. */
  mayOpen(role: Account['role']): boolean;
  /** Opens the confirmation to end the account's sessions; undefined when the viewer may not. */
  onEnd(account: Account): ((account: Account) => void) | undefined;
  refusal(account: Account): string | undefined;
  added: string | null;
}

interface Props {
  account: Account;
  /** Its place in the whole list, the header row being 1 (`aria-rowindex`). */
  rowIndex: number;
  /** Its place among the loaded rows, for the virtualizer's measurements. */
  index: number;
  selected: boolean;
  onSelect(id: string, on: boolean): void;
  ctx: RowContext;
}

/** The latest activity of any of the account's active sessions. */
function lastActivity(account: Account): string | null {
  let latest: string | null = null;
  for (const s of account.activeSessions) if (!latest || s.lastActiveAt > latest) latest = s.lastActiveAt;
  return latest;
}

/** One account of Team › Agents or Administrators; its latest active session gives IP, device, place and sign-in time. */
export const TeamRow = forwardRef<HTMLTableRowElement, Props>(function TeamRow({ account: a, rowIndex, index, selected, onSelect, ctx }, ref) {
  const { t } = useTranslation('team');
  const latest = a.activeSessions[0];
  const none = <span className="muted">—</span>;
  return (
    <tr ref={ref} data-index={index} aria-rowindex={rowIndex} data-account={a.email} className={selected ? 'selected' : undefined}>
      <td className="col-check">
        <Checkbox checked={selected} onChange={(on) => onSelect(a.id, on)} label={t('row.select', { name: a.name })} />
      </td>
      <td className="col-name">
        <div className="person">
          <Avatar name={a.name} />
          <div className="person-text">
            <div className="person-name">
              <Link href={`/team/accounts/${a.id}`} className="person-link">
                {a.name}
              </Link>
              {a.linkedAccount ? <LinkedAccountIcon linked={a.linkedAccount} mayOpen={ctx.mayOpen(a.linkedAccount.role)} /> : null}
              {a.isPrimary ? <Badge tone="accent">{t('row.primary')}</Badge> : null}
              {a.disabled ? <Badge tone="danger">{t('row.disabled')}</Badge> : null}
              {a.id === ctx.viewerId ? <Badge>{t('row.you')}</Badge> : null}
              {a.id === ctx.added ? <Badge tone="ok">{t('row.new')}</Badge> : null}
            </div>
            <div className="person-email">{a.email}</div>
          </div>
        </div>
      </td>
      <td className="col-status">
        <SessionStatusIcon account={a} onEnd={ctx.onEnd(a)} refusal={ctx.refusal(a)} />
      </td>
      <td className="col-presence" data-label={t('table.presence')}>
        <PresenceDot presence={a.presence} />
        <LastSeen presence={a.presence} iso={a.lastSeenAt} />
      </td>
      <td className="col-ip" data-label={t('table.ip')}>
        {latest ? (
          <>
            <span className="mono">{latest.ip}</span>
            <span className="cell-sub device-line">
              <span className="device-name" title={deviceLabel(latest)}>
                {deviceLabel(latest)}
              </span>
              {a.activeSessions.length > 1 ? <span className="device-more">{`+${a.activeSessions.length - 1}`}</span> : null}
            </span>
          </>
        ) : (
          none
        )}
      </td>
      <td className="col-location" data-label={t('table.location')}>
        {latest ? <span title={placeLabel(latest.location)}>{placeLabel(latest.location)}</span> : none}
      </td>
      <td className="col-time" data-label={t('table.signedIn')}>
        <RelativeTime iso={latest?.startedAt ?? null} />
      </td>
      <td className="col-time" data-label={t('table.lastActivity')}>
        <RelativeTime iso={lastActivity(a)} />
      </td>
    </tr>
  );
});
