import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { CheckCircle2, ShieldAlert } from 'lucide-react';
import { plural } from '../format';
import type { Account, BulkResult } from '../types';
import { ErrorBanner } from './ui';

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
}

/** Names whose sessions end, asks, ends them, and for several accounts shows what each got. */
export function EndSessionsDialog({ accounts, onClose, onEnd }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<EndOutcome | null>(null);
  const open = accounts !== null;
  const list = accounts ?? [];
  const single = list.length === 1 ? list[0] : undefined;
  const sessions = list.reduce((n, a) => n + a.activeSessions.length, 0);

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
        <Dialog.Content className="dialog" data-testid="end-sessions-dialog">
          {outcome ? (
            <>
              <Dialog.Title className="dialog-title">Sessions ended</Dialog.Title>
              <Dialog.Description asChild>
                <div className="dialog-body">
                  <p>{plural(outcome.ended, 'session')} ended.</p>
                  <ul className="outcome-list" data-testid="end-summary">
                    {outcome.results?.map((r) => (
                      <li key={r.accountId} className={r.status === 'ended' ? 'outcome-ok' : 'outcome-refused'}>
                        {r.status === 'ended' ? <CheckCircle2 size={16} aria-hidden /> : <ShieldAlert size={16} aria-hidden />}
                        <span className="outcome-name">{nameOf(r.accountId)}</span>
                        <span className="outcome-text">
                          {r.status === 'ended' ? (r.ended === 0 ? 'had no active session' : `${plural(r.ended, 'session')} ended`) : `Refused: ${r.error.message}`}
                        </span>
                      </li>
                    ))}
                  </ul>
                </div>
              </Dialog.Description>
              <div className="dialog-actions">
                <button type="button" className="btn btn-primary" onClick={close}>
                  Done
                </button>
              </div>
            </>
          ) : (
            <>
              <Dialog.Title className="dialog-title">
                {single ? `End ${single.name}'s ${single.activeSessions.length > 1 ? 'sessions' : 'session'}?` : `End sessions of ${plural(list.length, 'account')}?`}
              </Dialog.Title>
              <Dialog.Description asChild>
                <div className="dialog-body">
                  {single ? (
                    <p>
                      <strong>{single.name}</strong> ({single.email}) will be signed out of{' '}
                      {single.activeSessions.length > 1 ? `all ${single.activeSessions.length} active sessions` : 'the active session'} at once. Open tabs return to the
                      sign-in page. They can sign in again.
                    </p>
                  ) : (
                    <>
                      <p>Every active session of these accounts ends now ({plural(sessions, 'active session')}). Open tabs return to the sign-in page.</p>
                      <ul className="name-list">
                        {list.slice(0, 8).map((a) => (
                          <li key={a.id}>{a.name}</li>
                        ))}
                        {list.length > 8 ? <li>and {list.length - 8} more</li> : null}
                      </ul>
                    </>
                  )}
                </div>
              </Dialog.Description>
              <ErrorBanner error={error} />
              <div className="dialog-actions">
                <button type="button" className="btn" onClick={close} disabled={busy}>
                  Cancel
                </button>
                <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy}>
                  {busy ? 'Ending…' : single ? 'End session' + (single.activeSessions.length > 1 ? 's' : '') : `End sessions (${list.length})`}
                </button>
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
