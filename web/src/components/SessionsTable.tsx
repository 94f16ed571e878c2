import { Laptop, Smartphone, Tablet } from 'lucide-react';
import { authMethodLabel, endReasonLabel } from '../format';
import type { Session } from '../types';
import { RelativeTime } from './RelativeTime';
import { SessionFlagBadges, SessionLink, SessionPlace } from './SessionBadges';
import { Badge } from './ui';

export function DeviceIcon({ type }: { type: string }) {
  if (type === 'mobile') return <Smartphone size={16} aria-hidden />;
  if (type === 'tablet') return <Tablet size={16} aria-hidden />;
  return <Laptop size={16} aria-hidden />;
}

/** Who ended a session: the account that did, or Gatehouse itself (timeouts, limits). */
export function endedByLabel(session: Pick<Session, 'endedBy'>): string {
  return session.endedBy ? (session.endedBy.name ?? 'a deleted account') : 'Gatehouse (automatic)';
}

/** Active, or ended: when, why and by whom. */
function SessionState({ session }: { session: Session }) {
  if (session.status === 'active') return <Badge tone="ok">Active</Badge>;
  return (
    <span className="ended-state">
      <Badge>Ended</Badge>
      {session.endedAt ? (
        <span className="cell-sub">
          Ended <RelativeTime iso={session.endedAt} />
        </span>
      ) : null}
      <span className="cell-sub" data-testid="end-reason">
        {endReasonLabel(session.endReason)} · by {endedByLabel(session)}
      </span>
    </span>
  );
}

interface Props {
  sessions: Session[];
  label: string;
  /** A button per active session, when the viewer may end it. */
  action?: (session: Session) => React.ReactNode;
  /** Whose sessions these are, for the links to their detail ("Maya's", "your"). */
  owner?: string;
}

/** A session history: device, where from, when, and how it ended. */
export function SessionsTable({ sessions, label, action, owner = 'the' }: Props) {
  return (
    <table className="table stack" aria-label={label}>
      <thead>
        <tr>
          <th>Device</th>
          <th>IP address and location</th>
          <th className="hide-sm">Signed in</th>
          <th className="hide-sm">Last activity</th>
          <th>Status</th>
          {action ? (
            <th>
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-session={s.id}>
            <td data-label="Device">
              <div className="device">
                <span className="device-icon">
                  <DeviceIcon type={s.deviceType} />
                </span>
                <span>
                  <SessionLink session={s} whose={owner} />
                  {s.current ? <Badge tone="accent">This device</Badge> : null}
                  <SessionFlagBadges flags={s.flags} />
                  {s.role === 'admin' ? <span className="cell-sub">Administrator account</span> : <span className="cell-sub">Agent account</span>}
                </span>
              </div>
            </td>
            <td data-label="Where">
              <SessionPlace session={s} />
            </td>
            <td className="hide-sm" data-label="Signed in">
              <RelativeTime iso={s.startedAt} />
              <span className="cell-sub" data-testid="auth-method">
                {authMethodLabel(s.authMethod)}
              </span>
            </td>
            {/* The true last activity, also for an ended session: when it ended is under Status. */}
            <td className="hide-sm" data-label="Last activity">
              <RelativeTime iso={s.lastActiveAt} />
            </td>
            <td data-label="Status">
              <SessionState session={s} />
            </td>
            {action ? <td className="col-action">{s.status === 'active' ? action(s) : null}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
