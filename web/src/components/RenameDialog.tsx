import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import { Pencil } from 'lucide-react';
import { api } from '../api';
import { roleLabel } from '../format';
import type { Account } from '../types';
import { ErrorBanner } from './ui';

interface Props {
  account: Account;
  /** Why the caller may not rename it (the id of the text that says so); the button is then disabled. */
  refusedBy?: string | undefined;
  onRenamed(account: Account): void;
}

/**
 * The "Rename" button and its small dialog with one field: the account's name as the lists,
 * profiles and audit log show it. The button is the dialog's trigger, so closing returns focus to it.
 */
export function RenameDialog({ account, refusedBy, onRenamed }: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && setOpen(next)}>
      <Dialog.Trigger asChild>
        {/* Shown disabled rather than hidden where the caller may not: refusedBy says why. */}
        <button type="button" className="btn" disabled={refusedBy !== undefined} aria-describedby={refusedBy} data-testid="rename">
          <Pencil size={15} aria-hidden /> Rename
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="rename-dialog">
          <Dialog.Title className="dialog-title">Rename {account.name}</Dialog.Title>
          <RenameForm
            account={account}
            busy={busy}
            setBusy={setBusy}
            onRenamed={(renamed) => {
              setOpen(false);
              onRenamed(renamed);
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RenameForm({ account, busy, setBusy, onRenamed }: { account: Account; busy: boolean; setBusy(busy: boolean): void; onRenamed(account: Account): void }) {
  const [name, setName] = useState(account.name);
  const [error, setError] = useState<unknown>(null);
  const unchanged = name.trim() === account.name;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (unchanged) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.updateAccount(account.id, { name });
      onRenamed(result.account);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <Dialog.Description className="dialog-body">
        The new name shows in the team lists, this profile and new audit entries. {roleLabel(account.role)} account of {account.email}
        {account.linkedAccount ? `; the linked ${account.linkedAccount.role === 'admin' ? 'administrator' : 'agent'} account keeps its own name.` : '.'}
      </Dialog.Description>
      <div id="rename-error">
        <ErrorBanner error={error} />
      </div>
      <label className="field">
        <span className="field-label">Name</span>
        <input
          type="text"
          name="name"
          autoComplete="off"
          required
          value={name}
          disabled={busy}
          onChange={(e) => setName(e.target.value)}
          onFocus={(e) => e.target.select()}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'rename-error' : undefined}
        />
      </label>
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button" className="btn" disabled={busy}>
            Cancel
          </button>
        </Dialog.Close>
        <button type="submit" className="btn btn-primary" disabled={busy || unchanged}>
          {busy ? 'Saving…' : 'Save name'}
        </button>
      </div>
    </form>
  );
}
