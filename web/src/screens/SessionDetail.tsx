import { useState, type ReactNode } from 'react';
import { AlertTriangle, LogOut } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { can, useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ExactTime, RelativeTime } from '../components/RelativeTime';
import { CountryFlag, placeLabel, SessionFlagBadges } from '../components/SessionBadges';
import { DeviceIcon, endedByLabel, EndSessionConfirmBody } from '../components/SessionsTable';
import { Badge, EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { authMethodLabel, deviceLabel, deviceTypeLabel, endReasonLabel, roleLabel } from '../format';
import { usePollEvery } from '../liveConnection';
import { Link } from '../router';
import { useToast } from '../toast';
import type { Me, SessionDetail } from '../types';
import { useLoad } from '../useLoad';
import { auditTypeInfo, describeAudit } from '../auditEvents';

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
  const { t } = useTranslation(['sessions', 'common']);
  const { account } = detail.session;
  const crumb: [string, string] | null = can(me, 'settings.security')
    ? ['/settings/security/sessions', t('common:titles.activeSessions')]
    : can(me, account.role === 'admin' ? 'team.admins' : 'team.agents')
      ? [`/team/accounts/${account.id}`, account.name]
      : account.email === me.account.email
        ? ['/account/sessions', t('common:titles.mySessions')]
        : null;
  if (!crumb) return null;
  return (
    <nav aria-label={t('breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link href={crumb[0]}>{crumb[1]}</Link>
        </li>
        <li aria-current="page">{t('common:titles.session')}</li>
      </ol>
    </nav>
  );
}

/** One session: everything known about it, its history in the audit log, and End. */
export function SessionDetailPage({ id }: { id: string }) {
  const { t } = useTranslation(['sessions', 'common']);
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
        <EmptyState title={t('detail.cannotShow')}>{t('detail.cannotShowText')}</EmptyState>
      </div>
    );
  }
  const { session: s, mayEnd, refusal, history } = detail.data;
  const own = s.current;
  const profileVisible = can(me, s.account.role === 'admin' ? 'team.admins' : 'team.agents');

  return (
    <div className="page" data-testid="session-detail" data-status={s.status}>
      <Breadcrumb me={me} detail={detail.data} />
      <PageHeader
        title={own ? t('detail.titleOwn', { device: deviceLabel(s) }) : t('detail.titleOf', { name: s.account.name, device: deviceLabel(s) })}
        description={
          <>
            {s.status === 'active' ? <Badge tone="ok">{t('status.active')}</Badge> : <Badge>{t('status.ended')}</Badge>}{' '}
            {s.current ? <Badge tone="accent">{t('detail.thisBrowser')}</Badge> : null} <SessionFlagBadges flags={s.flags} />
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
              <LogOut size={15} aria-hidden /> {t('detail.endSession')}
            </button>
          ) : null
        }
      />
      {refusal && s.status === 'active' ? (
        <p className="note" id="end-refusal">
          {refusal.code === 'primary_admin_protected' ? t('common:errors.primary_admin_protected') : refusal.message}
        </p>
      ) : null}
      <ErrorBanner error={detail.error} />

      <section className="section" aria-labelledby="about-title">
        <h2 id="about-title" className="section-title">
          {t('detail.about')}
        </h2>
        <dl className="card pad detail-grid">
          <Field label={t('detail.account')}>
            {profileVisible ? <Link href={`/team/accounts/${s.account.id}`}>{s.account.name}</Link> : s.account.name}
            <span className="cell-sub">
              {s.account.isPrimary ? t('detail.rolePrimary', { role: roleLabel(s.account.role) }) : roleLabel(s.account.role)} · {s.account.email}
            </span>
          </Field>
          <Field label={t('detail.status')}>{s.status === 'active' ? <Badge tone="ok">{t('status.active')}</Badge> : <Badge>{t('status.ended')}</Badge>}</Field>
          <Field label={t('detail.signedIn')}>
            <ExactTime iso={s.startedAt} />
            <span className="cell-sub">{authMethodLabel(s.authMethod)}</span>
          </Field>
          <Field label={t('detail.lastActivity')}>
            <RelativeTime iso={s.lastActiveAt} />
          </Field>
          {s.status === 'ended' ? (
            <>
              <Field label={t('detail.ended')}>{s.endedAt ? <ExactTime iso={s.endedAt} /> : '—'}</Field>
              <Field label={t('detail.why')}>{endReasonLabel(s.endReason)}</Field>
              <Field label={t('detail.by')}>{endedByLabel(s)}</Field>
            </>
          ) : (
            <>
              <Field label={t('detail.endsIfIdle')}>{s.idleExpiresAt ? <RelativeTime iso={s.idleExpiresAt} /> : '—'}</Field>
              <Field label={t('detail.endsAtLatest')}>{s.expiresAt ? <ExactTime iso={s.expiresAt} /> : '—'}</Field>
            </>
          )}
          <Field label={t('detail.device')}>
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
          <Field label={t('detail.ip')}>
            <span className="mono">{s.ip}</span>
          </Field>
          <Field label={t('detail.location')}>
            <CountryFlag code={s.location.country} name={s.location.countryName} /> {placeLabel(s.location)}
          </Field>
          <Field label={t('detail.userAgent')}>
            <span className="mono user-agent">{s.userAgent}</span>
          </Field>
        </dl>
      </section>

      <section className="section" aria-labelledby="history-title">
        <h2 id="history-title" className="section-title">
          {t('detail.history')} <span className="section-sub">{t('detail.historySub')}</span>
        </h2>
        <div className="card">
          {history.length === 0 ? (
            <EmptyState title={t('detail.historyEmpty')} />
          ) : (
            <ol className="history" aria-label={t('detail.historyLabel')}>
              {history.map((e) => {
                const info = auditTypeInfo(e.type);
                return (
                  <li key={e.id} data-type={e.type}>
                    <span className="history-when">
                      <ExactTime iso={e.at} />
                    </span>
                    <span className="history-what">
                      <Badge tone={info.tone}>{info.label}</Badge> {describeAudit(e.type, e.detail, e.summary)}
                      {e.actor?.label ? <span className="cell-sub">{t('detail.byActor', { who: e.actor.label })}</span> : null}
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
        title={own ? t('detail.endOwnTitle') : t('detail.endTitle', { name: s.account.name })}
        confirmLabel={own ? t('detail.endOwnConfirm') : t('detail.endSession')}
        onConfirm={async () => {
          await api.endSession(s.id);
          toast(own ? t('detail.endedOwnToast') : t('detail.endedToast', { name: s.account.name }));
          await detail.reload();
        }}
      >
        <EndSessionConfirmBody session={s} />
        {own ? (
          <div className="banner banner-warn" data-testid="close-self-note">
            <AlertTriangle size={16} aria-hidden />
            <span>{t('confirmEnd.selfNote')}</span>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
