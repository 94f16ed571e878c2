import { useState, type FormEvent } from 'react';
import { KeyRound, LogOut } from 'lucide-react';
import { api } from '../api';
import { useAuth, useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SessionsTable } from '../components/SessionsTable';
import { EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { deviceLabel, plural } from '../format';
import { useToast } from '../toast';
import type { Session } from '../types';
import { usePollEvery } from '../liveConnection';
import { useLoad } from '../useLoad';

/** My account › Sessions: where this login is signed in, and closing those it does not recognise. */
export function MySessions() {
  const me = useMe();
  const { signOut } = useAuth();
  const toast = useToast();
  const list = useLoad(() => api.mySessions(), [], { every: usePollEvery(15_000) });
  const [closing, setClosing] = useState<Session | null>(null);
  const [closingOthers, setClosingOthers] = useState(false);
  const sessions = list.data?.sessions ?? [];
  const others = sessions.filter((s) => s.status === 'active' && !s.current).length;

  return (
    <div className="page">
      <PageHeader
        title="My sessions"
        description={`Where ${me.account.email} is signed in now, and sessions of the last 7 days${me.linkedAccount ? ', for both of your accounts' : ''}.`}
        actions={
          <button type="button" className="btn btn-danger-outline" disabled={others === 0} onClick={() => setClosingOthers(true)} data-testid="close-others">
            <LogOut size={15} aria-hidden /> Close all other sessions
          </button>
        }
      />
      <ErrorBanner error={list.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows rows={4} />
        ) : sessions.length === 0 ? (
          <EmptyState title="No session in the last 7 days" />
        ) : (
          <SessionsTable
            sessions={sessions}
            label="My sessions"
            owner="your"
            action={(s) =>
              s.current ? (
                <button type="button" className="btn btn-sm" onClick={() => void signOut()}>
                  Sign out
                </button>
              ) : (
                <button type="button" className="btn btn-sm" onClick={() => setClosing(s)} aria-label={`Close the session on ${deviceLabel(s)} from ${s.location.label}`}>
                  Close
                </button>
              )
            }
          />
        )}
      </div>

      <PasswordForm />

      <ConfirmDialog
        open={closing !== null}
        onOpenChange={(open) => !open && setClosing(null)}
        title="Close this session?"
        confirmLabel="Close session"
        onConfirm={async () => {
          await api.closeMySession(closing!.id);
          toast('Session closed.');
          await list.reload();
        }}
      >
        <p>
          The session on <strong>{closing ? deviceLabel(closing) : ''}</strong> from {closing?.location.label} (<span className="mono">{closing?.ip}</span>) ends now. Whoever
          uses it must sign in again.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={closingOthers}
        onOpenChange={setClosingOthers}
        title="Close all other sessions?"
        confirmLabel={`Close ${plural(others, 'session')}`}
        onConfirm={async () => {
          const { ended } = await api.closeOtherSessions();
          toast(`${plural(ended, 'other session')} closed. This device stays signed in.`);
          await list.reload();
        }}
      >
        <p>{plural(others, 'other active session')} of your login end now, on every device but this one. This device stays signed in.</p>
      </ConfirmDialog>
    </div>
  );
}

function PasswordForm() {
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { endedSessions } = await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      toast(`Password changed; ${plural(endedSessions, 'other session')} ended.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">
        <KeyRound size={16} aria-hidden /> Password <span className="section-sub">changing it ends your other sessions</span>
      </h2>
      <form className="card pad password-form" onSubmit={(e) => void submit(e)}>
        <ErrorBanner error={error} />
        <div className="row-fields">
          <label className="field">
            <span className="field-label">Current password</span>
            <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
          </label>
          <label className="field">
            <span className="field-label">New password</span>
            <input type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} aria-describedby="pw-help" />
            <span id="pw-help" className="field-help">
              At least 10 characters.
            </span>
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={busy || !current || next.length < 10}>
            {busy ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
