import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState, type FormEvent } from 'react';
import { AppWindow } from 'lucide-react';
import { api } from '../api';
import { useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DialogCancel } from '../components/DialogCancel';
import { NewSecretDialog, type Made } from '../components/NewSecretDialog';
import { SCOPE_LABEL, TokensTable } from '../components/TokensTable';
import { EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { roleLabel } from '../format';
import { useToast } from '../toast';
import type { AccessToken, Me, TokenScope } from '../types';
import { useLoad } from '../useLoad';

// The API takes 1 to 365 days; a token always expires, so "never" is not offered.
const EXPIRY_DAYS = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year (the longest)' },
];

const SCOPES: { scope: TokenScope; help: string }[] = [
  { scope: 'read', help: 'Reads what you can see (GET calls only); it cannot change or end anything.' },
  {
    scope: 'full',
    help: 'Does everything your account may do through the API, such as closing sessions; never what needs the console: signing out, switching accounts, passwords, keys and tokens.',
  },
];

/** My account › Authorized apps: the tokens this login made for scripts and other apps. */
export function AuthorizedApps() {
  const me = useMe();
  const toast = useToast();
  const list = useLoad(() => api.myTokens(), []);
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const tokens = list.data?.tokens ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Authorized apps"
        description="Personal access tokens let a script or another app call the Gatehouse API as you, with Authorization: Bearer instead of signing in. Each one expires; revoke any you no longer use."
        actions={
          <NewSecretDialog
            label="New token"
            title="New personal access token"
            secretLabel="Access token"
            usage="Send it as Authorization: Bearer <token> with each API call."
            testId="new-token"
            form={({ busy, setBusy, made }) => (
              <NewTokenForm
                account={me.account}
                busy={busy}
                setBusy={setBusy}
                made={(m) => {
                  made(m);
                  void list.reload();
                }}
              />
            )}
          />
        }
      />
      <h2 className="sr-only" ref={heading} tabIndex={-1}>
        Your tokens
      </h2>
      <ErrorBanner error={list.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows rows={3} />
        ) : tokens.length === 0 ? (
          list.error ? null : (
            <EmptyState icon={<AppWindow size={20} aria-hidden />} title="No authorized app yet">
              Make a token with “New token” when a script or another app needs to read or act in Gatehouse as you. Choose read-only unless it must change things.
            </EmptyState>
          )
        ) : (
          <TokensTable tokens={tokens} label="Your personal access tokens" owner={me.linkedAccount ? 'account' : 'none'} onRevoke={setRevoking} />
        )}
      </div>

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'this token'}?`}
        confirmLabel="Revoke token"
        onConfirm={async () => {
          await api.revokeMyToken(revoking!.id);
          toast(`${revoking!.name} revoked.`);
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        <p>
          Whatever script or app uses <strong>{revoking?.name}</strong> ({revoking ? SCOPE_LABEL[revoking.scope].toLowerCase() : ''},{' '}
          <span className="mono">{revoking?.prefix}…</span>) is refused from its next call. This cannot be undone; you can make a new token.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** The first step of "New token": name, scope and expiry. */
function NewTokenForm({ account, busy, setBusy, made }: { account: Me['account']; busy: boolean; setBusy(busy: boolean): void; made(made: Made): void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [days, setDays] = useState(30);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { token, secret } = await api.createMyToken({ name, scope, expiresInDays: days });
      made({ name: token.name, secret });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <Dialog.Description className="dialog-body">
        The token acts as your {roleLabel(account.role).toLowerCase()} account ({account.email}), within what it may do. Keep it as secret as a password.
      </Dialog.Description>
      <div id="new-token-error">
        <ErrorBanner error={error} />
      </div>
      <fieldset className="fieldset-plain" disabled={busy}>
        <label className="field">
          <span className="field-label">Name</span>
          <input
            type="text"
            name="name"
            autoComplete="off"
            placeholder="Weekly report script"
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'new-token-error' : undefined}
          />
        </label>
        <fieldset className="fieldset-plain field">
          <legend className="field-label legend">Scope</legend>
          <div className="scope-choices">
            {SCOPES.map((s) => (
              <label key={s.scope} className="grant scope-choice">
                <input type="radio" name="scope" value={s.scope} checked={scope === s.scope} onChange={() => setScope(s.scope)} aria-describedby={`scope-${s.scope}-help`} />
                <span>
                  <span className="scope-name">{SCOPE_LABEL[s.scope]}</span>
                  <span id={`scope-${s.scope}-help`} className="field-help scope-help">
                    {s.help}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor="token-expiry">
            Expires after
          </label>
          <select id="token-expiry" value={days} onChange={(e) => setDays(Number(e.target.value))} aria-describedby="token-expiry-help">
            {EXPIRY_DAYS.map((o) => (
              <option key={o.days} value={o.days}>
                {o.label}
              </option>
            ))}
          </select>
          <span id="token-expiry-help" className="field-help">
            Every token expires, after a year at the latest; make a new one then.
          </span>
        </div>
      </fieldset>
      <div className="dialog-actions">
        <DialogCancel busy={busy} />
        <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
