import { Laptop, Smartphone, Tablet } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { authMethodLabel, deviceLabel, endReasonLabel } from '../format';
import { i18n } from '../i18n';
import type { Session } from '../types';
import { RelativeTime } from './RelativeTime';
import { placeLabel, SessionFlagBadges, SessionLink, SessionPlace } from './SessionBadges';
import { Badge } from './ui';

export function DeviceIcon({ type }: { type: string }) {
  if (type === 'mobile') return <Smartphone size={16} aria-hidden />;
  if (type === 'tablet') return <Tablet size={16} aria-hidden />;
  return <Laptop size={16} aria-hidden />;
}

/** The confirmation of ending another person's session: whose it is, on what, from where. */
export function EndSessionConfirmBody({ session }: { session: Session & { account: { name: string; email: string } } }) {
  const { t } = useTranslation('sessions');
  return (
    <p>
      <Trans
        t={t}
        i18nKey="confirmEnd.body"
        values={{ name: session.account.name, email: session.account.email, device: deviceLabel(session), place: placeLabel(session.location), ip: session.ip }}
        components={{ b: <strong />, ip: <span className="mono" /> }}
      />
    </p>
  );
}

/** Who ended a session: the account that did, or Gatehouse itself (timeouts, limits). */
export function endedByLabel(session: Pick<Session, 'endedBy'>): string {
  return session.endedBy ? (session.endedBy.name ?? i18n.t('sessions:table.endedByDeleted')) : i18n.t('sessions:table.endedByGatehouse');
}

/** Active, or ended: when, why and by whom. */
function SessionState({ session }: { session: Session }) {
  const { t } = useTranslation('sessions');
  if (session.status === 'active') return <Badge tone="ok">{t('status.active')}</Badge>;
  return (
    <span className="ended-state">
      <Badge>{t('status.ended')}</Badge>
      {session.endedAt ? (
        <span className="cell-sub">
          <Trans t={t} i18nKey="table.endedAt" components={{ time: <RelativeTime iso={session.endedAt} /> }} />
        </span>
      ) : null}
      <span className="cell-sub" data-testid="end-reason">
        {t('table.endLine', { reason: endReasonLabel(session.endReason), who: endedByLabel(session) })}
      </span>
    </span>
  );
}

interface Props {
  sessions: Session[];
  label: string;
  /** A button per active session, when the viewer may end it. */
  action?: (session: Session) => React.ReactNode;
  /** Whose sessions these are, for the links to their detail: the account's name, or "your". */
  owner?: string;
}

/** A session history: device, where from, when, and how it ended. */
export function SessionsTable({ sessions, label, action, owner }: Props) {
  const { t } = useTranslation('sessions');
  // A possessive from a caller written before the translation ("Maya's") reads as the name.
  return (
    <table className="table stack" aria-label={label}>
      <thead>
        <tr>
          <th>{t('col.device')}</th>
          <th>{t('col.where')}</th>
          <th className="hide-sm">{t('col.signedIn')}</th>
          <th className="hide-sm">{t('col.lastActivity')}</th>
          <th>{t('col.status')}</th>
          {action ? (
            <th>
              <span className="sr-only">{t('col.actions')}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-session={s.id}>
            <td data-label={t('col.device')}>
              <div className="device">
                <span className="device-icon">
                  <DeviceIcon type={s.deviceType} />
                </span>
                <span>
                  <SessionLink session={s} owner={owner} />
                  {s.current ? <Badge tone="accent">{t('table.thisDevice')}</Badge> : null}
                  <SessionFlagBadges flags={s.flags} />
                  <span className="cell-sub">{s.role === 'admin' ? t('table.adminAccount') : t('table.agentAccount')}</span>
                </span>
              </div>
            </td>
            <td data-label={t('col.whereShort')}>
              <SessionPlace session={s} />
            </td>
            <td className="hide-sm" data-label={t('col.signedIn')}>
              <RelativeTime iso={s.startedAt} />
              <span className="cell-sub" data-testid="auth-method">
                {authMethodLabel(s.authMethod)}
              </span>
            </td>
            {/* The true last activity, also for an ended session: when it ended is under Status. */}
            <td className="hide-sm" data-label={t('col.lastActivity')}>
              <RelativeTime iso={s.lastActiveAt} />
            </td>
            <td data-label={t('col.status')}>
              <SessionState session={s} />
            </td>
            {action ? <td className="col-action">{s.status === 'active' ? action(s) : null}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
