import { useState } from 'react';
import { ArrowLeft, Ban, CheckCircle2, Link2, LogOut } from 'lucide-react';
import { api } from '../api';
import { can, useAuth, useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ResetSecondFactor } from '../components/ResetSecondFactor';
import { AgentWorkingHours } from '../components/AgentWorkingHours';
import { EndSessionsDialog } from '../components/EndSessionsDialog';
import { RenameDialog } from '../components/RenameDialog';
import { LastSeen, RelativeTime } from '../components/RelativeTime';
import { SessionsTable } from '../components/SessionsTable';
import { SessionStatusIcon } from '../components/SessionStatusIcon';
import { Avatar, Badge, EmptyState, ErrorBanner, PresenceDot, SkeletonRows } from '../components/ui';
import { deviceLabel, plural, roleLabel } from '../format';
import { Link } from '../router';
import { useToast } from '../toast';
import { GRANTS, type Account, type Grant, type Profile, type Session } from '../types';
import { useLiveRefresh, usePollEvery } from '../liveConnection';
import { useLoad } from '../useLoad';

/** One account: details, grants, disable, its sessions, and its linked account beside it. */
export function ProfilePage({ id }: { id: string }) {
  const me = useMe();
  const { refresh } = useAuth();
  const toast = useToast();
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
  const protectedTarget = account.isPrimary && !me.account.isPrimary;
  const grant = account.role === 'agent' ? 'team.agents' : 'team.admins';
  const mayAct = can(me, grant) && !protectedTarget;

  const endAll = async (targets: Account[]) => {
    const { ended } = await api.endAccountSessions(targets[0]!.id);
    toast(`${plural(ended, 'session')} of ${account.name} ended.`);
    await profile.reload();
    return { ended };
  };

  const renamed = (next: Account) => {
    profile.set((d) => ({ ...d, account: next }));
    toast(`Renamed to ${next.name}.`);
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
            {account.isPrimary ? <Badge tone="accent">Primary administrator</Badge> : <Badge>{roleLabel(account.role)}</Badge>}
            {account.disabled ? <Badge tone="danger">Disabled</Badge> : null}
          </h1>
          <div className="profile-meta">
            <span>{account.email}</span>
            <span aria-hidden>·</span>
            <PresenceDot presence={account.presence} />
            <LastSeen presence={account.presence} iso={account.lastSeenAt} />
            <span aria-hidden>·</span>
            <span>
              Member since <RelativeTime iso={account.createdAt} />
            </span>
          </div>
        </div>
        <div className="profile-actions">
          <SessionStatusIcon
            account={account}
            onEnd={mayAct ? (a) => setEnding([a]) : undefined}
            refusal={protectedTarget ? 'Only the primary administrator can end their own sessions.' : undefined}
          />
          {mayAct && account.sessionStatus === 'active' ? (
            <button type="button" className="btn" onClick={() => setEnding([account])}>
              <LogOut size={15} aria-hidden /> End sessions
            </button>
          ) : null}
          {can(me, grant) ? <RenameDialog account={account} refusedBy={protectedTarget ? 'protected-note' : undefined} onRenamed={renamed} /> : null}
          {mayAct && (!account.linkedAccount || can(me, account.linkedAccount.role === 'agent' ? 'team.agents' : 'team.admins')) ? (
            <ResetSecondFactor account={account} onReset={profile.reload} />
          ) : null}
          {mayAct && account.id !== me.account.id ? (
            <button type="button" className={account.disabled ? 'btn' : 'btn btn-danger-outline'} onClick={() => setToggling(true)}>
              {account.disabled ? <CheckCircle2 size={15} aria-hidden /> : <Ban size={15} aria-hidden />}
              {account.disabled ? 'Enable account' : 'Disable account'}
            </button>
          ) : null}
        </div>
      </header>
      {protectedTarget ? (
        <p className="note" id="protected-note">
          This is the primary administrator: only they can rename this account, change it or end its sessions.
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
          Sessions <span className="section-sub">active now and the last 7 days</span>
        </h2>
        <div className="card table-card stack-host">
          {data.sessions.length === 0 ? (
            <EmptyState title="No session in the last 7 days" />
          ) : (
            <SessionsTable
              sessions={data.sessions}
              label={`Sessions of ${account.name}`}
              owner={`${account.name}'s`}
              action={
                mayAct
                  ? (s) => (
                      <button type="button" className="btn btn-sm" onClick={() => setEndingOne(s)}>
                        End
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
        title="End this session?"
        confirmLabel="End session"
        onConfirm={async () => {
          await api.endSession(endingOne!.id);
          toast(`Session of ${account.name} ended.`);
          await profile.reload();
        }}
      >
        <p>
          {account.name}'s session on <strong>{endingOne ? deviceLabel(endingOne) : ''}</strong> from {endingOne?.location.label} ({endingOne?.ip}) ends now. Its open tabs
          return to the sign-in page.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={toggling}
        onOpenChange={setToggling}
        title={account.disabled ? `Enable ${account.name}?` : `Disable ${account.name}?`}
        confirmLabel={account.disabled ? 'Enable account' : 'Disable account'}
        destructive={!account.disabled}
        onConfirm={async () => {
          const result = await api.updateAccount(account.id, { disabled: !account.disabled });
          toast(account.disabled ? `${account.name} can sign in again.` : `${account.name} is disabled; ${plural(result.endedSessions, 'session')} ended.`);
          await profile.reload();
        }}
      >
        {account.disabled ? (
          <p>{account.name} will be able to sign in again with their password.</p>
        ) : (
          <p>
            <strong>{account.name}</strong> ({account.email}) can no longer sign in to this {roleLabel(account.role).toLowerCase()} account, and
            {account.activeSessions.length > 0
              ? ` ${plural(account.activeSessions.length, 'active session')} end${account.activeSessions.length === 1 ? 's' : ''} now.`
              : ' has no active session to end.'}
            {account.linkedAccount ? ' The linked account is not affected.' : ''}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

function BackLink({ role }: { role: 'agent' | 'admin' }) {
  return (
    <Link href={role === 'admin' ? '/team/admins' : '/team/agents'} className="back-link">
      <ArrowLeft size={14} aria-hidden /> {role === 'admin' ? 'Administrators' : 'Agents'}
    </Link>
  );
}

/** Both accounts of one login side by side: does the same person sign in from the same place? */
function LinkedComparison({ data }: { data: Profile }) {
  const linked = data.linkedAccount!;
  const columns: { account: Account; sessions: Session[] }[] = [
    { account: data.account, sessions: data.sessions },
    { account: linked, sessions: data.linkedSessions },
  ];
  return (
    <section className="section" aria-labelledby="linked-title">
      <h2 id="linked-title" className="section-title">
        <Link2 size={16} aria-hidden /> Linked accounts <span className="section-sub">one login, two accounts</span>
      </h2>
      <div className="compare" data-testid="linked-comparison">
        {columns.map(({ account, sessions }, i) => {
          const shown = sessions.find((s) => s.status === 'active') ?? sessions[0];
          return (
            <div className="card compare-card" key={account.id}>
              <div className="compare-head">
                <span className="compare-role">{roleLabel(account.role)} account</span>
                {i === 1 ? (
                  <Link href={`/team/accounts/${account.id}`} className="btn btn-sm">
                    Open profile
                  </Link>
                ) : (
                  <Badge tone="accent">This profile</Badge>
                )}
              </div>
              <div className="compare-status">
                <SessionStatusIcon account={account} />
                <span>{account.sessionStatus === 'active' ? plural(account.activeSessions.length, 'active session') : 'No active session'}</span>
                {account.disabled ? <Badge tone="danger">Disabled</Badge> : null}
              </div>
              {shown ? (
                <dl className="facts">
                  <dt>{shown.status === 'active' ? 'IP address' : 'Last IP address'}</dt>
                  <dd className="mono">
                    {shown.ip} <span className="muted">· {shown.location.label}</span>
                  </dd>
                  <dt>Browser and OS</dt>
                  <dd>{deviceLabel(shown)}</dd>
                  <dt>User agent</dt>
                  <dd className="mono small ua">{shown.userAgent}</dd>
                  <dt>Last activity</dt>
                  <dd>
                    <RelativeTime iso={shown.lastActiveAt} />
                  </dd>
                </dl>
              ) : (
                <p className="muted">No session in the last 7 days.</p>
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
  const [grants, setGrants] = useState<Grant[]>(account.grants);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A reload (after a save, a live event) brings the account's grants as they now are: start again from them.
  const [shownGrants, setShownGrants] = useState(account.grants);
  if (shownGrants !== account.grants) {
    setShownGrants(account.grants);
    setGrants(account.grants);
  }
  const changed = [...grants].sort().join() !== [...account.grants].sort().join();
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.updateAccount(account.id, { grants });
      toast(`Grants of ${account.name} saved.`);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="grants-title">
      <h2 id="grants-title" className="section-title">
        Grants <span className="section-sub">which console sections this sub-administrator may open and act in</span>
      </h2>
      <div className="card pad">
        <ErrorBanner error={error} />
        <fieldset className="grants" disabled={!editable || busy}>
          <legend className="sr-only">Grants of {account.name}</legend>
          {GRANTS.map((g) => (
            <label key={g.grant} className="grant">
              <input
                type="checkbox"
                disabled={!givable.includes(g.grant)}
                checked={grants.includes(g.grant)}
                onChange={(e) => setGrants((all) => (e.target.checked ? [...all, g.grant] : all.filter((x) => x !== g.grant)))}
              />
              <span>{g.label}</span>
            </label>
          ))}
        </fieldset>
        {editable && givable.length < GRANTS.length ? <p className="muted small">You can give or take only the grants you hold yourself.</p> : null}
        {editable ? (
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={!changed || busy} onClick={() => void save()}>
              {busy ? 'Saving…' : 'Save grants'}
            </button>
          </div>
        ) : (
          <p className="muted small">Only an administrator with Team › Administrators can change grants, and not their own.</p>
        )}
      </div>
    </section>
  );
}
