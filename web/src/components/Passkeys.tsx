import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import { KeyRound, Pencil, Trash2 } from 'lucide-react';
import { api } from '../api';
import { createPasskey } from '../passkeys';
import { useToast } from '../toast';
import type { Passkey } from '../types';
import { ConfirmDialog } from './ConfirmDialog';
import { RelativeTime } from './RelativeTime';
import { ErrorBanner } from './ui';

/**
 * "Add a passkey or security key": a name for it, then the browser's own dialog. A first factor
 * brings ten recovery codes, handed to `onAdded` to be shown once.
 */
export function AddPasskey({ onAdded }: { onAdded(recoveryCodes: string[]): void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await createPasskey(await api.passkeyOptions());
      const added = await api.addPasskey(name.trim(), response);
      setName('');
      onAdded(added.recoveryCodes);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="passkey-add" onSubmit={(e) => void add(e)} aria-label="Add a passkey or security key">
      <div id="passkey-add-error">
        <ErrorBanner error={error} />
      </div>
      <label className="field">
        <span className="field-label">Name of the passkey or key</span>
        <input
          type="text"
          name="passkeyName"
          autoComplete="off"
          maxLength={64}
          required
          placeholder="Work laptop, YubiKey…"
          value={name}
          disabled={busy}
          onChange={(e) => setName(e.target.value)}
          aria-describedby={error ? 'passkey-add-error' : undefined}
          data-testid="passkey-name"
        />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''} data-testid="add-passkey">
        <KeyRound size={15} aria-hidden /> {busy ? 'Waiting for the browser…' : 'Add a passkey or security key'}
      </button>
    </form>
  );
}

/** The login's passkeys: each with its name, when it was added and last used, and Rename / Remove. */
export function PasskeyList({ passkeys, onChanged }: { passkeys: Passkey[]; onChanged(): Promise<void> }) {
  const toast = useToast();
  const [removing, setRemoving] = useState<Passkey | null>(null);
  if (passkeys.length === 0) return <p className="muted">No passkey or security key yet.</p>;
  return (
    <>
      <ul className="passkey-list" data-testid="passkey-list">
        {passkeys.map((p) => (
          <li key={p.id} className="passkey-item">
            <KeyRound size={16} aria-hidden />
            <div className="passkey-text">
              <strong>{p.name}</strong>
              <span className="muted">
                Added <RelativeTime iso={p.createdAt} />
                {' · '}
                {p.lastUsedAt ? (
                  <>
                    last used <RelativeTime iso={p.lastUsedAt} />
                  </>
                ) : (
                  'never used'
                )}
              </span>
            </div>
            <div className="row-actions">
              <RenamePasskey passkey={p} onRenamed={onChanged} />
              <button type="button" className="btn btn-danger-outline" onClick={() => setRemoving(p)} aria-label={`Remove ${p.name}`}>
                <Trash2 size={15} aria-hidden /> Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.name ?? 'this passkey'}?`}
        confirmLabel="Remove"
        fallbackFocus={() => document.querySelector<HTMLElement>('[data-testid="passkey-name"]')}
        onConfirm={async () => {
          if (!removing) return;
          await api.removePasskey(removing.id);
          toast(`${removing.name} removed.`);
          await onChanged();
        }}
      >
        <p>It will no longer sign you in to this account. Remove it from the device or key itself too if you no longer use it.</p>
      </ConfirmDialog>
    </>
  );
}

/** Rename and its one-field dialog; the button is the trigger, so closing returns focus to it. */
function RenamePasskey({ passkey, onRenamed }: { passkey: Passkey; onRenamed(): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(passkey.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.renamePasskey(passkey.id, name.trim());
      setOpen(false);
      await onRenamed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setOpen(next);
        setName(passkey.name);
        setError(null);
      }}
    >
      <Dialog.Trigger asChild>
        <button type="button" className="btn" aria-label={`Rename ${passkey.name}`}>
          <Pencil size={15} aria-hidden /> Rename
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog-title">Rename {passkey.name}</Dialog.Title>
          <form noValidate onSubmit={(e) => void submit(e)}>
            <Dialog.Description className="dialog-body">The name tells your passkeys apart here and in the audit log.</Dialog.Description>
            <ErrorBanner error={error} />
            <label className="field">
              <span className="field-label">Name</span>
              <input type="text" autoComplete="off" maxLength={64} required value={name} disabled={busy} onChange={(e) => setName(e.target.value)} />
            </label>
            <div className="dialog-actions">
              <Dialog.Close asChild>
                <button type="button" className="btn" disabled={busy}>
                  Cancel
                </button>
              </Dialog.Close>
              <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === '' || name.trim() === passkey.name}>
                {busy ? 'Saving…' : 'Save'}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
