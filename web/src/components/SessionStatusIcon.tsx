import { Lock, MonitorCheck, MonitorX } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { authMethodLabel, deviceLabel, exactTime, relativeTime } from '../format';
import type { Account } from '../types';
import { Tip } from './Tip';
import { placeLabel } from './SessionBadges';

interface Props {
  account: Account;
  /** Opens the confirmation to end this account's sessions; absent when the viewer may not. */
  onEnd?: ((account: Account) => void) | undefined;
  /** Why the viewer may not end them (the primary administrator's, for a sub-administrator): shown instead of a click. */
  refusal?: string | undefined;
}

/**
 * Green: the account has an active session; the tooltip lists each one, and clicking asks to
 * end them. Red: no active session; the tooltip says so and nothing happens on click. Green
 * without `onEnd` is not a button: it shows the sessions, and with `refusal` a lock and why.
 */
export function SessionStatusIcon({ account, onEnd, refusal }: Props) {
  const { t } = useTranslation('team');
  if (account.sessionStatus !== 'active' || account.activeSessions.length === 0) {
    return (
      <Tip content={<span>{t('status.none')}</span>}>
        <span className="status-icon status-none" tabIndex={0} role="img" aria-label={t('status.noneLabel', { name: account.name })} data-status="none">
          <MonitorX size={18} aria-hidden />
        </span>
      </Tip>
    );
  }
  const sessions = account.activeSessions;
  const label = t('status.label', { count: sessions.length, name: account.name });
  if (!onEnd) {
    return (
      <Tip side="right" content={<SessionsTooltip account={account} reason={refusal} />}>
        <span
          className={`status-icon status-active status-readonly${refusal ? ' status-locked' : ''}`}
          tabIndex={0}
          role="img"
          aria-label={refusal ? `${label}. ${refusal}` : label}
          data-status="active"
          data-locked={refusal ? 'true' : undefined}
        >
          <MonitorCheck size={18} aria-hidden />
          {refusal ? <Lock size={10} className="status-lock" aria-hidden /> : null}
        </span>
      </Tip>
    );
  }
  return (
    <Tip side="right" content={<SessionsTooltip account={account} hint={t('status.clickToEnd', { count: sessions.length })} />}>
      <button
        type="button"
        className="status-icon status-active"
        data-status="active"
        aria-label={`${label}. ${t('status.end', { count: sessions.length })}`}
        onClick={() => onEnd(account)}
      >
        <MonitorCheck size={18} aria-hidden />
      </button>
    </Tip>
  );
}

/**
 * How many sessions the card details; the rest are counted. The primary administrator may have
 * dozens. The card opens to the icon's right, where Radix slides it up or down to stay inside the
 * window: above or below a row in mid-window, neither side has room for it.
 */
const SHOWN_SESSIONS = 2;

/**
 * The card of an active icon: the reason the viewer may not end them comes first, so a long list
 * never pushes it out of the window; then the latest few sessions (newest first, as the server
 * sends them) and how many more there are; the card scrolls if it still does not fit.
 */
function SessionsTooltip({ account, hint, reason }: { account: Account; hint?: string | undefined; reason?: string | undefined }) {
  const { t } = useTranslation('team');
  const sessions = account.activeSessions;
  const more = sessions.length - SHOWN_SESSIONS;
  return (
    <div className="session-tip" data-testid="session-tip">
      <div className="session-tip-title">{t('status.title', { count: sessions.length })}</div>
      {reason ? <div className="session-tip-reason">{reason}</div> : null}
      {sessions.slice(0, SHOWN_SESSIONS).map((s) => (
        <dl className="session-tip-item" key={s.id}>
          <dt>{t('status.started')}</dt>
          <dd>{exactTime(s.startedAt)}</dd>
          <dt>{t('status.device')}</dt>
          <dd>{deviceLabel(s)}</dd>
          <dt>{t('status.ip')}</dt>
          <dd className="mono">{s.ip}</dd>
          <dt>{t('status.location')}</dt>
          <dd>{placeLabel(s.location)}</dd>
          <dt>{t('status.lastActivity')}</dt>
          <dd>{relativeTime(s.lastActiveAt)}</dd>
          <dt>{t('status.signedInWith')}</dt>
          <dd>{authMethodLabel(s.authMethod)}</dd>
        </dl>
      ))}
      {more > 0 ? <div className="session-tip-more">{t('status.more', { count: more })}</div> : null}
      {hint ? <div className="session-tip-hint">{hint}</div> : null}
    </div>
  );
}
