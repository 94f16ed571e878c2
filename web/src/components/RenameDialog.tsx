import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ComponentProps, type ReactNode } from 'react';
import { Pencil } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Account } from '../types';
import { useSubmit } from '../useSubmit';
import { DialogCancel } from './DialogCancel';
import { Field } from './Field';
import { ErrorBanner } from './ui';

interface Props<T> {
  /** The name now: the field starts with it, and Save waits for a different one. */
  name: string;
  /** The trigger's text, and the rest of its attributes (a fuller name, why it is disabled). */
  button: string;
  buttonProps?: ComponentProps<'button'>;
  title: string;
  intro: ReactNode;
  label: string;
  /** Attributes of the field's input beyond its value (its name, a length limit). */
  inputProps?: ComponentProps<'input'>;
  saveLabel: string;
  savingLabel: string;
  /** Where the refusal is shown, for the field to point at. */
  errorId: string;
  testId?: string;
  /** Save stays disabled while the field is blank, instead of asking the server. */
  refuseBlank?: boolean;
  /** Saves the name as typed; the dialog closes when it resolves and shows the error when it throws. */
  save(name: string): Promise<T>;
  /** After the dialog has closed: what the caller does with the saved thing. */
  onSaved(saved: T): unknown;
}

/**
 * A "Rename" button and its small dialog with one field. The button is the dialog's trigger, so
 * closing returns focus to it; the form lives inside the content, so each opening starts afresh.
 */
export function RenameDialog<T>({ button, buttonProps, testId, title, ...form }: Props<T>) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && setOpen(next)}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn" data-testid={testId} {...buttonProps}>
          <Pencil size={15} aria-hidden /> {button}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid={testId ? `${testId}-dialog` : undefined}>
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <RenameForm {...form} busy={busy} setBusy={setBusy} close={() => setOpen(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RenameForm<T>({
  name: current,
  intro,
  label,
  inputProps,
  saveLabel,
  savingLabel,
  errorId,
  refuseBlank,
  save,
  onSaved,
  close,
  ...shared
}: Omit<Props<T>, 'button' | 'buttonProps' | 'testId' | 'title'> & { busy: boolean; setBusy(busy: boolean): void; close(): void }) {
  const [name, setName] = useState(current);
  const { busy, error, onSubmit } = useSubmit(shared);
  const unchanged = name.trim() === current;
  const blank = refuseBlank === true && name.trim() === '';
  const submit = async () => {
    if (unchanged) return;
    const saved = await save(name);
    close();
    await onSaved(saved);
  };
  return (
    <form noValidate onSubmit={onSubmit(submit)}>
      <Dialog.Description className="dialog-body">{intro}</Dialog.Description>
      <div id={errorId}>
        <ErrorBanner error={error} />
      </div>
      <Field
        label={label}
        type="text"
        autoComplete="off"
        required
        value={name}
        disabled={busy}
        onChange={(e) => setName(e.target.value)}
        invalid={Boolean(error)}
        errorId={errorId}
        {...inputProps}
      />
      <div className="dialog-actions">
        <DialogCancel busy={busy} />
        <button type="submit" className="btn btn-primary" disabled={busy || unchanged || blank}>
          {busy ? savingLabel : saveLabel}
        </button>
      </div>
    </form>
  );
}

/** Rename an account: its name as the lists, profiles and audit log show it. */
export function RenameAccountDialog({
  account,
  refusedBy,
  onRenamed,
}: {
  account: Account;
  /** Why the caller may not rename it (the id of the text that says so); the button is then disabled. */
  refusedBy?: string | undefined;
  onRenamed(account: Account): void;
}) {
  const { t } = useTranslation('team');
  return (
    <RenameDialog
      name={account.name}
      button={t('rename.button')}
      // Shown disabled rather than hidden where the caller may not: refusedBy says why.
      buttonProps={{ disabled: refusedBy !== undefined, 'aria-describedby': refusedBy }}
      testId="rename"
      title={t('rename.title', { name: account.name })}
      intro={`${t('rename.intro')} ${t(ownerKey(account), { email: account.email })}`}
      label={t('rename.name')}
      inputProps={{ name: 'name', onFocus: (e) => e.target.select() }}
      saveLabel={t('rename.save')}
      savingLabel={t('rename.saving')}
      errorId="rename-error"
      save={async (name) => (await api.updateAccount(account.id, { name })).account}
      onSaved={onRenamed}
    />
  );
}

/** Whose account it is; a linked account (always of the other role) keeps its own name. */
function ownerKey(account: Account) {
  if (account.role === 'admin') return account.linkedAccount ? 'rename.ownerAdminLinked' : 'rename.ownerAdmin';
  return account.linkedAccount ? 'rename.ownerAgentLinked' : 'rename.ownerAgent';
}
