import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { AlertTriangle, CheckCircle2, ShieldAlert } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import type { Account, BulkResult } from '../types';
import { ErrorBanner } from './ui';
import { useReturnFocus } from './useReturnFocus';

export interface EndOutcome {
  ended: number;
  /** Per account, when several were asked for. */
  results?: BulkResult[];
}

interface Props {
  /** The accounts whose sessions will end; null when closed. */
  accounts: Account[] | null;
  onClose(): void;
  onEnd(accounts: Account[]): Promise<EndOutcome>;
  /** Who is asking: the confirmation says beforehand what the server will refuse, and warns about your own sessions. */
  viewer: { accountId: string; isPrimary: boolean };
  /** Where focus goes on closing when the button that opened it is gone (the icon turned red, the selection bar left). */
  fallbackFocus?(): HTMLElement | null;
}

/** Names whose sessions end, asks, ends them, and for several accounts shows what each got. */
export function EndSessionsDialog({ accounts, onClose, onEnd, viewer, fallbackFocus }: Props) {
  const { t } = useTranslation(['team', 'common']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<EndOutcome | null>(null);
  const open = accounts !== null;
  const list = accounts ?? [];
  const single = list.length === 1 ? list[0] : undefined;
  // Rule 1: the server refuses a sub-administrator the primary administrator's sessions; say so before, not only after.
  const refused = viewer.isPrimary ? [] : list.filter((a) => a.ofPrimaryAdministrator);
  const sessions = list.filter((a) => !refused.includes(a)).reduce((n, a) => n + a.activeSessions.length, 0);
  // A selection may hold accounts without a session: the count is of those whose sessions end.
  const ending = list.filter((a) => !refused.includes(a) && a.activeSessions.length > 0).length;
  const withoutSession = list.filter((a) => a.activeSessions.length === 0).length;
  const includesYou = list.some((a) => a.id === viewer.accountId && !refused.includes(a));
  const returnFocus = useReturnFocus(fallbackFocus);

  const close = () => {
    if (busy) return;
    setError(null);
    setOutcome(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await onEnd(list);
      if (result.results && list.length > 1) setOutcome(result);
      else {
        setBusy(false);
        onClose();
        return;
      }
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  const nameOf = (id: string) => list.find((a) => a.id === id)?.name ?? id;

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && close()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="end-sessions-dialog" {...returnFocus}>
          {outcome ? (
            <>
              <Dialog.Title className="dialog-title">{t('end.doneTitle')}</Dialog.Title>
              <Dialog.Description asChild>
                <div className="dialog-body">
                  <p>{t('end.ended', { count: outcome.ended })}</p>
                  <ul className="outcome-list" data-testid="end-summary">
                    {outcome.results?.map((r) => (
                      <li key={r.accountId} className={r.status === 'ended' ? 'outcome-ok' : 'outcome-refused'}>
                        {r.status === 'ended' ? <CheckCircle2 size={16} aria-hidden /> : <ShieldAlert size={16} aria-hidden />}
                        <span className="outcome-name">{nameOf(r.accountId)}</span>
                        <span className="outcome-text">
                          {r.status === 'ended'
                            ? r.ended === 0
                              ? t('end.hadNone')
                              : t('end.accountEnded', { count: r.ended })
                            : t('end.refused', { message: r.error.message })}
                        </span>
                      </li>
                    ))}
                  </ul>
                </div>
              </Dialog.Description>
              <div className="dialog-actions">
                <button type="button" className="btn btn-primary" onClick={close}>
                  {t('end.done')}
                </button>
              </div>
            </>
          ) : (
            <>
              <Dialog.Title className="dialog-title">
                {single ? t(single.activeSessions.length > 1 ? 'end.titleMany' : 'end.titleOne', { name: single.name }) : t('end.titleAccounts', { count: ending })}
              </Dialog.Title>
              <Dialog.Description asChild>
                <div className="dialog-body">
                  {single ? (
                    <p>
                      <Trans
                        t={t}
                        i18nKey={single.activeSessions.length > 1 ? 'end.bodyMany' : 'end.bodyOne'}
                        values={{ name: single.name, email: single.email, count: single.activeSessions.length }}
                        components={{ b: <strong /> }}
                      />
                    </p>
                  ) : (
                    <>
                      <p>{t('end.bodyAccounts', { count: sessions })}</p>
                      {withoutSession > 0 ? (
                        <p className="muted" data-testid="end-none-note">
                          {t('end.noneSelected', { count: withoutSession })}
                        </p>
                      ) : null}
                      <ul className="name-list">
                        {list.slice(0, 8).map((a) => (
                          <li key={a.id}>
                            {a.name}
                            {refused.includes(a) ? (
                              <span className="muted">{t('end.staysSignedIn')}</span>
                            ) : a.id === viewer.accountId ? (
                              <span className="muted">{t('end.you')}</span>
                            ) : a.activeSessions.length === 0 ? (
                              <span className="muted">{t('end.noSession')}</span>
                            ) : null}
                          </li>
                        ))}
                        {list.length > 8 ? <li>{t('end.more', { count: list.length - 8 })}</li> : null}
                      </ul>
                    </>
                  )}
                  {refused.length > 0 ? (
                    <div className="banner banner-warn" data-testid="end-refused-note">
                      <ShieldAlert size={16} aria-hidden />
                      <span>{t('end.refusedNote', { count: refused.length, names: refused.map((a) => a.name).join(', ') })}</span>
                    </div>
                  ) : null}
                  {includesYou ? (
                    <div className="banner banner-warn" data-testid="end-self-note">
                      <AlertTriangle size={16} aria-hidden />
                      <span>{t('end.selfNote')}</span>
                    </div>
                  ) : null}
                </div>
              </Dialog.Description>
              <ErrorBanner error={error} />
              <div className="dialog-actions">
                <button type="button" className="btn" onClick={close} disabled={busy}>
                  {t('common:actions.cancel')}
                </button>
                <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy || (!single && ending === 0)}>
                  {busy ? t('end.ending') : single ? t(single.activeSessions.length > 1 ? 'end.confirmMany' : 'end.confirmOne') : t('end.confirmAccounts', { count: ending })}
                </button>
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
