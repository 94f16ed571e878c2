import { useState } from 'react';
import { KeyRound, LogOut } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { useAuth, useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { placeLabel } from '../components/SessionBadges';
import { SessionsTable } from '../components/SessionsTable';
import { EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { count, deviceLabel } from '../format';
import { useToast } from '../toast';
import type { Session } from '../types';
import { usePollEvery } from '../liveConnection';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';

/** My account › Sessions: where this login is signed in, and closing those it does not recognise. */
export function MySessions() {
  const { t } = useTranslation(['sessions', 'common']);
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
        title={t('common:titles.mySessions')}
        description={me.linkedAccount ? t('mine.descriptionLinked', { email: me.account.email }) : t('mine.description', { email: me.account.email })}
        actions={
          <button type="button" className="btn btn-danger-outline" disabled={others === 0} onClick={() => setClosingOthers(true)} data-testid="close-others">
            <LogOut size={15} aria-hidden /> {t('mine.closeOthers')}
          </button>
        }
      />
      <ErrorBanner error={list.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows rows={4} />
        ) : sessions.length === 0 ? (
          <EmptyState title={t('mine.empty')} />
        ) : (
          <SessionsTable
            sessions={sessions}
            label={t('common:titles.mySessions')}
            owner="your"
            action={(s) =>
              s.current ? (
                <button type="button" className="btn btn-sm" onClick={() => void signOut()}>
                  {t('common:menu.signOut')}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => setClosing(s)}
                  aria-label={t('mine.closeLabel', { device: deviceLabel(s), place: placeLabel(s.location) })}
                >
                  {t('common:actions.close')}
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
        title={t('mine.closeTitle')}
        confirmLabel={t('mine.closeConfirm')}
        onConfirm={async () => {
          await api.closeMySession(closing!.id);
          toast(t('mine.closedToast'));
          await list.reload();
        }}
      >
        {closing ? (
          <p>
            <Trans
              t={t}
              i18nKey="mine.closeBody"
              values={{ device: deviceLabel(closing), place: placeLabel(closing.location), ip: closing.ip }}
              components={{ b: <strong />, ip: <span className="mono" /> }}
            />
          </p>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={closingOthers}
        onOpenChange={setClosingOthers}
        title={t('mine.othersTitle')}
        confirmLabel={t('mine.othersConfirm', { count: others, n: count(others) })}
        onConfirm={async () => {
          const { ended } = await api.closeOtherSessions();
          toast(t('mine.othersToast', { count: ended, n: count(ended) }));
          await list.reload();
        }}
      >
        <p>{t('mine.othersBody', { count: others, n: count(others) })}</p>
      </ConfirmDialog>
    </div>
  );
}

function PasswordForm() {
  const { t } = useTranslation(['sessions', 'common']);
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, error, onSubmit } = useSubmit();
  const change = async () => {
    const { endedSessions } = await api.changePassword(current, next);
    setCurrent('');
    setNext('');
    toast(t('password.changed', { count: endedSessions, n: count(endedSessions) }));
  };
  return (
    <section className="section" aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">
        <KeyRound size={16} aria-hidden /> {t('password.title')} <span className="section-sub">{t('password.sub')}</span>
      </h2>
      <form className="card pad password-form" onSubmit={onSubmit(change)}>
        <ErrorBanner error={error} />
        <div className="row-fields">
          <Field label={t('password.current')} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
          <Field
            label={t('password.new')}
            help={t('password.help')}
            id="pw"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={busy || !current || next.length < 10}>
            {busy ? t('password.changing') : t('password.change')}
          </button>
        </div>
      </form>
    </section>
  );
}
