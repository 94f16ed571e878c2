import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Submit } from '../useSubmit';
import { DialogCancel } from './DialogCancel';
import { SecretOnceStep } from './SecretOnce';
import { ErrorBanner } from './ui';

/** What the form step hands back once the server has made the key or token. */
export interface Made {
  name: string;
  secret: string;
}

/** What the dialog hands its form step: its busy state, and `made` for the server's answer. */
export interface SecretStep {
  busy: boolean;
  setBusy(busy: boolean): void;
  made(made: Made): void;
}

interface Props {
  /** The trigger's text: "New key", "New token". */
  label: string;
  title: string;
  /** The field's label once made: "Service key", "Access token". */
  secretLabel: string;
  /** How the secret is used, shown under it. */
  usage: string;
  testId: string;
  /** The form of the first step; it calls `made` with the server's answer. */
  form(step: SecretStep): ReactNode;
  /** Called once the secret is made (to reload the list it joins). */
  onMade(): void;
}

/**
 * "New key" / "New token": a button and its two-step dialog, a form and then the secret shown
 * once. The button is the dialog's trigger, so closing returns focus to it. A click outside does
 * not close the second step, so a stray click cannot lose a secret nobody has copied yet.
 */
export function NewSecretDialog({ label, title, secretLabel, usage, testId, form, onMade }: Props) {
  const { t } = useTranslation('settings');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<Made | null>(null);
  const onOpenChange = (next: boolean) => {
    if (busy) return;
    setOpen(next);
    // Forget the secret as soon as the dialog closes: it is never shown twice.
    if (!next) setMade(null);
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn btn-primary" data-testid={testId}>
          <Plus size={15} aria-hidden /> {label}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid={`${testId}-dialog`} onPointerDownOutside={(e) => made && e.preventDefault()}>
          {made ? (
            <SecretOnceStep title={t('secret.ready', { name: made.name })} text={t('secret.onlyTime')} secret={made.secret} label={secretLabel} usage={usage} />
          ) : (
            <>
              <Dialog.Title className="dialog-title">{title}</Dialog.Title>
              {form({
                busy,
                setBusy,
                made: (m) => {
                  setMade(m);
                  onMade();
                },
              })}
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * The first step's form: what the secret is for, the refusal beside the fields (at `errorId`, for
 * the fields to point at), the fields, then Cancel and the submit button.
 */
export function NewSecretForm({
  intro,
  errorId,
  submit,
  action,
  ready,
  submitLabel,
  busyLabel,
  children,
}: {
  intro: ReactNode;
  errorId: string;
  submit: Submit;
  action(): Promise<void>;
  /** Whether the fields are filled in enough to submit. */
  ready: boolean;
  submitLabel: string;
  busyLabel: string;
  children: ReactNode;
}) {
  return (
    <form noValidate onSubmit={submit.onSubmit(action)}>
      <Dialog.Description className="dialog-body">{intro}</Dialog.Description>
      <div id={errorId}>
        <ErrorBanner error={submit.error} />
      </div>
      {children}
      <div className="dialog-actions">
        <DialogCancel busy={submit.busy} />
        <button type="submit" className="btn btn-primary" disabled={submit.busy || !ready}>
          {submit.busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
