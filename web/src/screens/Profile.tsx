import { useState } from 'react';
import { ArrowLeft, Ban, CheckCircle2, Link2, LogOut } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { can, useAuth, useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ResetSecondFactor } from '../components/ResetSecondFactor';
import { AgentWorkingHours } from '../components/AgentWorkingHours';
import { EndSessionsDialog } from '../components/EndSessionsDialog';
import { RenameAccountDialog } from '../components/RenameDialog';
import { LastSeen, RelativeTime } from '../components/RelativeTime';
import { SessionsTable } from '../components/SessionsTable';
import { SessionStatusIcon } from '../components/SessionStatusIcon';
import { Avatar, Badge, EmptyState, ErrorBanner, PresenceDot, SkeletonRows } from '../components/ui';
import { deviceLabel, roleLabel } from '../format';
import { Link } from '../router';
import { useToast } from '../toast';
import { GRANTS, type Account, type Grant, type Profile, type Session } from '../types';
import { useSubmit } from '../useSubmit';
import { useLiveRefresh, usePollEvery } from '../liveConnection';
import { useLoad } from '../useLoad';
import { placeLabel } from '../components/SessionBadges';

/** One account: details, grants, disable, its sessions, and its linked account beside it. */
export function ProfilePage({ id }: { id: string }) {
  const me = useMe();
  const { refresh } = useAuth();
  const toast = useToast();
  const { t } = useTranslation('team');
  const profile = useLoad<Profile>(() => api.profile(id), [id], { every: usePollEvery(10_000) });
  useLiveRefresh(profile.reload);
  const [ending, setEnding] = useState<Account[] | null>(null);
  const [endingOne, setEndingOne] = useState<Session | null>(null);
  const [toggling, setToggling] = useState(false);

  const data = profile.data;
  if (profile.loading && !data)
    return (
      <div className="page">
        <SkeletonRows rows={4} />
      </div>
    );
  if (!data)
    return (
      <div className="page">
        <BackLink role="agent" />
        <ErrorBanner error={profile.error} />
      </div>
    );

  const account = data.account;
  const protectedTarget = account.ofPrimaryAdministrator && !me.account.isPrimary;
  const grant = account.role === 'agent' ? 'team.agents' : 'team.admins';
  const mayAct = can(me, grant) && !protectedTarget;

  const endAll = async (targets: Account[]) => {
    const { ended } = await api.endAccountSessions(targets[0]!.id);
    toast(t('sessionsOfEnded', { count: ended, name: account.name }));
    await profile.reload();
    return { ended };
  };

  const renamed = (next: Account) => {
    profile.set((d) => ({ ...d, account: next }));
    toast(t('profile.renamed', { name: next.name }));
    void profile.reload();
    // Your own name also shows in the account menu.
    if (next.id === me.account.id) void refresh();
  };

  return (
    <div className="page">
      <BackLink role={account.role} />
      <header className="profile-head">
        <Avatar name={account.name} size={52} />
        <div className="profile-id">
          <h1>
            {account.name}
            {account.isPrimary ? <Badge tone="accent">{t('profile.primaryAdmin')}</Badge> : <Badge>{roleLabel(account.role)}</Badge>}
            {account.disabled ? <Badge tone="danger">{t('profile.disabled')}</Badge> : null}
          </h1>
          <div className="profile-meta">
            <span>{account.email}</span>
            <span aria-hidden>·</span>
            <PresenceDot presence={account.presence} />
            <LastSeen presence={account.presence} iso={account.lastSeenAt} />
            <span aria-hidden>·</span>
            <span>
              <Trans t={t} i18nKey="profile.memberSince" components={{ time: <RelativeTime iso={account.createdAt} /> }} />
            </span>
          </div>
        </div>
        <div className="profile-actions">
          <SessionStatusIcon account={account} onEnd={mayAct ? (a) => setEnding([a]) : undefined} refusal={protectedTarget ? t('primaryRefusal') : undefined} />
          {mayAct && account.sessionStatus === 'active' ? (
            <button type="button" className="btn" onClick={() => setEnding([account])}>
              <LogOut size={15} aria-hidden /> {t('profile.endSessions')}
            </button>
          ) : null}
          {can(me, grant) ? <RenameAccountDialog account={account} refusedBy={protectedTarget ? 'protected-note' : undefined} onRenamed={renamed} /> : null}
          {mayAct && (!account.linkedAccount || can(me, account.linkedAccount.role === 'agent' ? 'team.agents' : 'team.admins')) ? (
            <ResetSecondFactor account={account} onReset={profile.reload} />
          ) : null}
          {mayAct && account.id !== me.account.id ? (
            <button type="button" className={account.disabled ? 'btn' : 'btn btn-danger-outline'} onClick={() => setToggling(true)}>
              {account.disabled ? <CheckCircle2 size={15} aria-hidden /> : <Ban size={15} aria-hidden />}
              {t(account.disabled ? 'profile.enable' : 'profile.disable')}
            </button>
          ) : null}
        </div>
      </header>
      {protectedTarget ? (
        <p className="note" id="protected-note">
          {t(account.isPrimary ? 'profile.protectedNote' : 'profile.protectedNoteAgent')}
        </p>
      ) : null}
      <ErrorBanner error={profile.error} />

      {data.linkedAccount ? <LinkedComparison data={data} /> : null}

      {account.role === 'admin' && !account.isPrimary ? (
        <GrantsEditor
          account={account}
          editable={can(me, 'team.admins') && account.id !== me.account.id && !protectedTarget}
          givable={me.account.isPrimary ? GRANTS.map((g) => g.grant) : me.account.grants}
          onSaved={() => void profile.reload()}
        />
      ) : null}

      {account.role === 'agent' && mayAct ? <AgentWorkingHours account={account} /> : null}

      <section className="section" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="section-title">
          {t('profile.sessions')} <span className="section-sub">{t('profile.sessionsSub')}</span>
        </h2>
        <div className="card table-card stack-host">
          {data.sessions.length === 0 ? (
            <EmptyState title={t('profile.noSessions')} />
          ) : (
            <SessionsTable
              sessions={data.sessions}
              label={t('profile.sessionsOf', { name: account.name })}
              owner={account.name}
              action={
                mayAct
                  ? (s) => (
                      <button type="button" className="btn btn-sm" onClick={() => setEndingOne(s)}>
                        {t('profile.endOne')}
                      </button>
                    )
                  : undefined
              }
            />
          )}
        </div>
      </section>

      <EndSessionsDialog
        accounts={ending}
        onClose={() => setEnding(null)}
        onEnd={endAll}
        viewer={{ accountId: me.account.id, isPrimary: me.account.isPrimary }}
        fallbackFocus={() => document.querySelector<HTMLElement>('.profile-actions .status-icon')}
      />
      <ConfirmDialog
        open={endingOne !== null}
        onOpenChange={(open) => !open && setEndingOne(null)}
        title={t('profile.endOneTitle')}
        confirmLabel={t('profile.endOneConfirm')}
        onConfirm={async () => {
          await api.endSession(endingOne!.id);
          toast(t('profile.endOneDone', { name: account.name }));
          await profile.reload();
        }}
      >
        <p>
          <Trans
            t={t}
            i18nKey="profile.endOneBody"
            values={{
              name: account.name,
              device: endingOne ? deviceLabel(endingOne) : '',
              location: endingOne ? placeLabel(endingOne.location) : '',
              ip: endingOne?.ip ?? '',
            }}
            components={{ b: <strong /> }}
          />
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={toggling}
        onOpenChange={setToggling}
        title={t(account.disabled ? 'profile.enableTitle' : 'profile.disableTitle', { name: account.name })}
        confirmLabel={t(account.disabled ? 'profile.enable' : 'profile.disable')}
        destructive={!account.disabled}
        onConfirm={async () => {
          const result = await api.updateAccount(account.id, { disabled: !account.disabled });
          toast(account.disabled ? t('profile.enabled', { name: account.name }) : t('profile.disabledDone', { name: account.name, count: result.endedSessions }));
          await profile.reload();
        }}
      >
        {account.disabled ? (
          <p>{t('profile.enableBody', { name: account.name })}</p>
        ) : (
          <p>
            <Trans
              t={t}
              i18nKey={disableKey(account)}
              values={{ name: account.name, email: account.email, count: account.activeSessions.length }}
              components={{ b: <strong /> }}
            />
            {account.linkedAccount ? ` ${t('profile.linkedUnaffected')}` : ''}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

/** What disabling ends: the account's active sessions, or nothing. */
function disableKey(account: Account) {
  const admin = account.role === 'admin';
  if (account.activeSessions.length === 0) return admin ? 'profile.disableAdminIdle' : 'profile.disableAgentIdle';
  return admin ? 'profile.disableAdmin' : 'profile.disableAgent';
}

function BackLink({ role }: { role: 'agent' | 'admin' }) {
  const { t } = useTranslation('team');
  return (
    <Link href={role === 'admin' ? '/team/admins' : '/team/agents'} className="back-link">
      <ArrowLeft size={14} aria-hidden /> {t(role === 'admin' ? 'profile.back.admin' : 'profile.back.agent')}
    </Link>
  );
}

/** Both accounts of one login side by side: does the same person sign in from the same place? */
function LinkedComparison({ data }: { data: Profile }) {
  const { t } = useTranslation('team');
  const linked = data.linkedAccount!;
  const columns: { account: Account; sessions: Session[] }[] = [
    { account: data.account, sessions: data.sessions },
    { account: linked, sessions: data.linkedSessions },
  ];
  return (
    <section className="section" aria-labelledby="linked-title">
      <h2 id="linked-title" className="section-title">
        <Link2 size={16} aria-hidden /> {t('compare.title')} <span className="section-sub">{t('compare.sub')}</span>
      </h2>
      <div className="compare" data-testid="linked-comparison">
        {columns.map(({ account, sessions }, i) => {
          const shown = sessions.find((s) => s.status === 'active') ?? sessions[0];
          return (
            <div className="card compare-card" key={account.id}>
              <div className="compare-head">
                <span className="compare-role">{t(account.role === 'admin' ? 'compare.adminAccount' : 'compare.agentAccount')}</span>
                {i === 1 ? (
                  <Link href={`/team/accounts/${account.id}`} className="btn btn-sm">
                    {t('compare.open')}
                  </Link>
                ) : (
                  <Badge tone="accent">{t('compare.thisProfile')}</Badge>
                )}
              </div>
              <div className="compare-status">
                <SessionStatusIcon account={account} />
                <span>{account.sessionStatus === 'active' ? t('compare.activeSessions', { count: account.activeSessions.length }) : t('compare.noActive')}</span>
                {account.disabled ? <Badge tone="danger">{t('profile.disabled')}</Badge> : null}
              </div>
              {shown ? (
                <dl className="facts">
                  <dt>{t(shown.status === 'active' ? 'compare.ip' : 'compare.lastIp')}</dt>
                  <dd className="mono">
                    {shown.ip} <span className="muted">· {placeLabel(shown.location)}</span>
                  </dd>
                  <dt>{t('compare.browser')}</dt>
                  <dd>{deviceLabel(shown)}</dd>
                  <dt>{t('compare.userAgent')}</dt>
                  <dd className="mono small ua">{shown.userAgent}</dd>
                  <dt>{t('compare.lastActivity')}</dt>
                  <dd>
                    <RelativeTime iso={shown.lastActiveAt} />
                  </dd>
                </dl>
              ) : (
                <p className="muted">{t('compare.noSessions')}</p>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** A sub-administrator may give or take only the grants it holds itself; the others show, greyed. */
function GrantsEditor({ account, editable, givable, onSaved }: { account: Account; editable: boolean; givable: readonly Grant[]; onSaved(): void }) {
  const toast = useToast();
  const { t } = useTranslation('team');
  const [grants, setGrants] = useState<Grant[]>(account.grants);
  const { busy, error, run } = useSubmit();
  // A reload (after a save, a live event) brings the account's grants as they now are: start again from them.
  const [shownGrants, setShownGrants] = useState(account.grants);
  if (shownGrants !== account.grants) {
    setShownGrants(account.grants);
    setGrants(account.grants);
  }
  const changed = [...grants].sort().join() !== [...account.grants].sort().join();
  const save = () =>
    run(async () => {
      await api.updateAccount(account.id, { grants });
      toast(t('grants.saved', { name: account.name }));
      onSaved();
    });
  return (
    <section className="section" aria-labelledby="grants-title">
      <h2 id="grants-title" className="section-title">
        {t('grants.title')} <span className="section-sub">{t('grants.sub')}</span>
      </h2>
      <div className="card pad">
        <ErrorBanner error={error} />
        <fieldset className="grants" disabled={!editable || busy}>
          <legend className="sr-only">{t('grants.legend', { name: account.name })}</legend>
          {GRANTS.map((g) => (
            <label key={g.grant} className="grant">
              <input
                type="checkbox"
                disabled={!givable.includes(g.grant)}
                checked={grants.includes(g.grant)}
                onChange={(e) => setGrants((all) => (e.target.checked ? [...all, g.grant] : all.filter((x) => x !== g.grant)))}
              />
              <span>{t(g.label)}</span>
            </label>
          ))}
        </fieldset>
        {editable && givable.length < GRANTS.length ? <p className="muted small">{t('grants.ownOnly')}</p> : null}
        {editable ? (
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={!changed || busy} onClick={() => void save()}>
              {busy ? t('grants.saving') : t('grants.save')}
            </button>
          </div>
        ) : (
          <p className="muted small">{t('grants.readOnly')}</p>
        )}
      </div>
    </section>
  );
}
