import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { KeyRound, Trash2 } from 'lucide-react';
import { api } from '../api';
import { createPasskey } from '../passkeys';
import { useToast } from '../toast';
import type { Passkey } from '../types';
import { useSubmit } from '../useSubmit';
import { ConfirmDialog } from './ConfirmDialog';
import { Field } from './Field';
import { RelativeTime } from './RelativeTime';
import { RenameDialog } from './RenameDialog';
import { ErrorBanner } from './ui';

/**
 * "Add a passkey or security key": a name for it, then the browser's own dialog. A first factor
 * brings ten recovery codes, handed to `onAdded` to be shown once.
 */
export function AddPasskey({ onAdded }: { onAdded(recoveryCodes: string[]): void }) {
  const { t } = useTranslation('auth');
  const [name, setName] = useState('');
  const { busy, error, onSubmit } = useSubmit();
  const add = async () => {
    const response = await createPasskey(await api.passkeyOptions());
    const added = await api.addPasskey(name.trim(), response);
    setName('');
    onAdded(added.recoveryCodes);
  };
  return (
    <form className="passkey-add" onSubmit={onSubmit(add)} aria-label={t('passkeys.add')}>
      <div id="passkey-add-error">
        <ErrorBanner error={error} />
      </div>
      <Field
        label={t('passkeys.nameLabel')}
        type="text"
        name="passkeyName"
        autoComplete="off"
        maxLength={64}
        required
        placeholder={t('passkeys.namePlaceholder')}
        value={name}
        disabled={busy}
        onChange={(e) => setName(e.target.value)}
        aria-describedby={error ? 'passkey-add-error' : undefined}
        data-testid="passkey-name"
      />
      <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''} data-testid="add-passkey">
        <KeyRound size={15} aria-hidden /> {busy ? t('passkeys.waitingForBrowser') : t('passkeys.add')}
      </button>
    </form>
  );
}

/** The login's passkeys: each with its name, when it was added and last used, and Rename / Remove. */
export function PasskeyList({ passkeys, onChanged }: { passkeys: Passkey[]; onChanged(): Promise<void> }) {
  const { t } = useTranslation('auth');
  const toast = useToast();
  const [removing, setRemoving] = useState<Passkey | null>(null);
  if (passkeys.length === 0) return <p className="muted">{t('passkeys.none')}</p>;
  return (
    <>
      <ul className="passkey-list" data-testid="passkey-list">
        {passkeys.map((p) => (
          <li key={p.id} className="passkey-item">
            <KeyRound size={16} aria-hidden />
            <div className="passkey-text">
              <strong>{p.name}</strong>
              <span className="muted">
                <Trans t={t} i18nKey="passkeys.added" components={{ time: <RelativeTime iso={p.createdAt} /> }} />
                {' · '}
                {p.lastUsedAt ? <Trans t={t} i18nKey="passkeys.lastUsed" components={{ time: <RelativeTime iso={p.lastUsedAt} /> }} /> : t('passkeys.neverUsed')}
              </span>
            </div>
            <div className="row-actions">
              <RenamePasskey passkey={p} onRenamed={onChanged} />
              <button type="button" className="btn btn-danger-outline" onClick={() => setRemoving(p)} aria-label={t('passkeys.removeNamed', { name: p.name })}>
                <Trash2 size={15} aria-hidden /> {t('remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={removing ? t('passkeys.removeTitle', { name: removing.name }) : t('passkeys.removeThisTitle')}
        confirmLabel={t('remove')}
        fallbackFocus={() => document.querySelector<HTMLElement>('[data-testid="passkey-name"]')}
        onConfirm={async () => {
          if (!removing) return;
          await api.removePasskey(removing.id);
          toast(t('passkeys.removed', { name: removing.name }));
          await onChanged();
        }}
      >
        <p>{t('passkeys.removeBody')}</p>
      </ConfirmDialog>
    </>
  );
}

/** Rename a passkey: the name that tells it apart in this list. */
function RenamePasskey({ passkey, onRenamed }: { passkey: Passkey; onRenamed(): Promise<void> }) {
  const { t } = useTranslation(['auth', 'common']);
  return (
    <RenameDialog
      name={passkey.name}
      button={t('passkeys.rename')}
      buttonProps={{ 'aria-label': t('passkeys.renameNamed', { name: passkey.name }) }}
      title={t('passkeys.renameNamed', { name: passkey.name })}
      intro={t('passkeys.renameHelp')}
      label={t('passkeys.name')}
      inputProps={{ maxLength: 64 }}
      saveLabel={t('common:actions.save')}
      savingLabel={t('saving')}
      errorId="passkey-rename-error"
      refuseBlank
      save={(name) => api.renamePasskey(passkey.id, name.trim())}
      onSaved={onRenamed}
    />
  );
}
