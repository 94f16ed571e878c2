import { useState, type ReactNode } from 'react';
import { AlertTriangle, LogOut } from 'lucide-react';
import { api } from '../api';
import { can, useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ExactTime, RelativeTime } from '../components/RelativeTime';
import { CountryFlag, SessionFlagBadges } from '../components/SessionBadges';
import { DeviceIcon, endedByLabel } from '../components/SessionsTable';
import { Badge, EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { authMethodLabel, deviceLabel, deviceTypeLabel, endReasonLabel, roleLabel } from '../format';
import { usePollEvery } from '../liveConnection';
import { Link } from '../router';
import { useToast } from '../toast';
import type { Me, SessionDetail } from '../types';
import { useLoad } from '../useLoad';
import { typeInfo } from './AuditLog';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="detail-field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Where the viewer came from, most likely: Active sessions, the account's profile, or My sessions. */
function Breadcrumb({ me, detail }: { me: Me; detail: SessionDetail }) {
  const { account } = detail.session;
  const crumb: [string, string] | null = can(me, 'settings.security')
    ? ['/settings/security/sessions', 'Active sessions']
    : can(me, account.role === 'admin' ? 'team.admins' : 'team.agents')
      ? [`/team/accounts/${account.id}`, account.name]
      : account.email === me.account.email
        ? ['/account/sessions', 'My sessions']
        : null;
  if (!crumb) return null;
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        <li>
          <Link href={crumb[0]}>{crumb[1]}</Link>
        </li>
        <li aria-current="page">Session</li>
      </ol>
    </nav>
  );
}

/** One session: everything known about it, its history in the audit log, and End. */
export function SessionDetailPage({ id }: { id: string }) {
  const me = useMe();
  const toast = useToast();
  const detail = useLoad(() => api.session(id), [id], { every: usePollEvery(15_000) });
  const [ending, setEnding] = useState(false);

  if (detail.loading && !detail.data) {
    return (
      <div className="page">
        <SkeletonRows rows={6} columns={2} />
      </div>
    );
  }
  if (!detail.data) {
    return (
      <div className="page">
        <ErrorBanner error={detail.error} />
        <EmptyState title="This session cannot be shown">It does not exist, or your account may not see it.</EmptyState>
      </div>
    );
  }
  const { session: s, mayEnd, refusal, history } = detail.data;
  const own = s.current;
  const who = own ? 'Your session' : `${s.account.name}'s session`;
  const profileVisible = can(me, s.account.role === 'admin' ? 'team.admins' : 'team.agents');

  return (
    <div className="page" data-testid="session-detail" data-status={s.status}>
      <Breadcrumb me={me} detail={detail.data} />
      <PageHeader
        title={`${who} on ${deviceLabel(s)}`}
        description={
          <>
            {s.status === 'active' ? <Badge tone="ok">Active</Badge> : <Badge>Ended</Badge>} {s.current ? <Badge tone="accent">This browser</Badge> : null}{' '}
            <SessionFlagBadges flags={s.flags} />
          </>
        }
        actions={
          s.status === 'active' ? (
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={!mayEnd}
              aria-describedby={refusal ? 'end-refusal' : undefined}
              onClick={() => setEnding(true)}
              data-testid="end-session"
            >
              <LogOut size={15} aria-hidden /> End session
            </button>
          ) : null
        }
      />
      {refusal && s.status === 'active' ? (
        <p className="note" id="end-refusal">
          {refusal.message}
        </p>
      ) : null}
      <ErrorBanner error={detail.error} />

      <section className="section" aria-labelledby="about-title">
        <h2 id="about-title" className="section-title">
          About this session
        </h2>
        <dl className="card pad detail-grid">
          <Field label="Account">
            {profileVisible ? <Link href={`/team/accounts/${s.account.id}`}>{s.account.name}</Link> : s.account.name}
            <span className="cell-sub">
              {roleLabel(s.account.role)}
              {s.account.isPrimary ? ' (primary)' : ''} · {s.account.email}
            </span>
          </Field>
          <Field label="Status">{s.status === 'active' ? <Badge tone="ok">Active</Badge> : <Badge>Ended</Badge>}</Field>
          <Field label="Signed in">
            <ExactTime iso={s.startedAt} />
            <span className="cell-sub">{authMethodLabel(s.authMethod)}</span>
          </Field>
          <Field label="Last activity">
            <RelativeTime iso={s.lastActiveAt} />
          </Field>
          {s.status === 'ended' ? (
            <>
              <Field label="Ended">{s.endedAt ? <ExactTime iso={s.endedAt} /> : '—'}</Field>
              <Field label="Why">{endReasonLabel(s.endReason)}</Field>
              <Field label="By">{endedByLabel(s)}</Field>
            </>
          ) : (
            <>
              <Field label="Ends if idle">{s.idleExpiresAt ? <RelativeTime iso={s.idleExpiresAt} /> : '—'}</Field>
              <Field label="Ends at the latest">{s.expiresAt ? <ExactTime iso={s.expiresAt} /> : '—'}</Field>
            </>
          )}
          <Field label="Device">
            <span className="device">
              <span className="device-icon">
                <DeviceIcon type={s.deviceType} />
              </span>
              <span>
                {deviceLabel(s)}
                <span className="cell-sub">{deviceTypeLabel(s.deviceType)}</span>
              </span>
            </span>
          </Field>
          <Field label="IP address">
            <span className="mono">{s.ip}</span>
          </Field>
          <Field label="Location">
            <CountryFlag code={s.location.country} name={s.location.countryName} /> {s.location.label}
          </Field>
          <Field label="User agent">
            <span className="mono user-agent">{s.userAgent}</span>
          </Field>
        </dl>
      </section>

      <section className="section" aria-labelledby="history-title">
        <h2 id="history-title" className="section-title">
          History <span className="section-sub">the audit log’s events for this session, newest first</span>
        </h2>
        <div className="card">
          {history.length === 0 ? (
            <EmptyState title="No event recorded for this session" />
          ) : (
            <ol className="history" aria-label="Session history">
              {history.map((e) => {
                const info = typeInfo(e.type);
                return (
                  <li key={e.id} data-type={e.type}>
                    <span className="history-when">
                      <ExactTime iso={e.at} />
                    </span>
                    <span className="history-what">
                      <Badge tone={info.tone}>{info.label}</Badge> {e.summary}
                      {e.actor?.label ? <span className="cell-sub">by {e.actor.label}</span> : null}
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
      </section>

      <ConfirmDialog
        open={ending}
        onOpenChange={setEnding}
        // Once it has ended the End button is gone: focus goes to the page.
        fallbackFocus={() => document.getElementById('main')}
        title={own ? 'End your own session?' : `End ${s.account.name}'s session?`}
        confirmLabel={own ? 'End it and sign me out' : 'End session'}
        onConfirm={async () => {
          await api.endSession(s.id);
          toast(own ? 'Your session ended.' : `${s.account.name}'s session ended.`);
          await detail.reload();
        }}
      >
        <p>
          <strong>{s.account.name}</strong> ({s.account.email}) is signed out of {deviceLabel(s)} at {s.location.label} (<span className="mono">{s.ip}</span>) now. Their open
          tabs return to the sign-in page.
        </p>
        {own ? (
          <div className="banner banner-warn" data-testid="close-self-note">
            <AlertTriangle size={16} aria-hidden />
            <span>This is you: it is the session of this browser, and you will be signed out of this console at once.</span>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
