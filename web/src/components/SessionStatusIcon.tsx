import { Lock, MonitorCheck, MonitorX } from 'lucide-react';
import { authMethodLabel, deviceLabel, exactTime, relativeTime } from '../format';
import type { Account } from '../types';
import { Tip } from './Tip';

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
  if (account.sessionStatus !== 'active' || account.activeSessions.length === 0) {
    return (
      <Tip content={<span>No active session in the web app</span>}>
        <span className="status-icon status-none" tabIndex={0} role="img" aria-label={`${account.name}: no active session in the web app`} data-status="none">
          <MonitorX size={18} aria-hidden />
        </span>
      </Tip>
    );
  }
  const sessions = account.activeSessions;
  const label = `${account.name}: ${sessions.length === 1 ? 'an active session' : `${sessions.length} active sessions`}`;
  if (!onEnd) {
    return (
      <Tip content={<SessionsTooltip account={account} hint={refusal} />}>
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
    <Tip content={<SessionsTooltip account={account} hint={`Click to end ${sessions.length === 1 ? 'this session' : 'these sessions'}`} />}>
      <button
        type="button"
        className="status-icon status-active"
        data-status="active"
        aria-label={`${label}. End ${sessions.length === 1 ? 'it' : 'them'}`}
        onClick={() => onEnd(account)}
      >
        <MonitorCheck size={18} aria-hidden />
      </button>
    </Tip>
  );
}

function SessionsTooltip({ account, hint }: { account: Account; hint: string | undefined }) {
  return (
    <div className="session-tip">
      <div className="session-tip-title">{account.activeSessions.length === 1 ? 'Active session' : `${account.activeSessions.length} active sessions`}</div>
      {account.activeSessions.map((s) => (
        <dl className="session-tip-item" key={s.id}>
          <dt>Started</dt>
          <dd>{exactTime(s.startedAt)}</dd>
          <dt>Device</dt>
          <dd>{deviceLabel(s)}</dd>
          <dt>IP address</dt>
          <dd className="mono">{s.ip}</dd>
          <dt>Location</dt>
          <dd>{s.location.label}</dd>
          <dt>Last activity</dt>
          <dd>{relativeTime(s.lastActiveAt)}</dd>
          <dt>Signed in with</dt>
          <dd>{authMethodLabel(s.authMethod)}</dd>
        </dl>
      ))}
      {hint ? <div className="session-tip-hint">{hint}</div> : null}
    </div>
  );
}
