import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { Plus } from 'lucide-react';
import { SecretOnce } from './SecretOnce';

/** What the form step hands back once the server has made the key or token. */
export interface Made {
  name: string;
  secret: string;
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
  form(props: { busy: boolean; setBusy(busy: boolean): void; made(made: Made): void }): ReactNode;
}

/**
 * "New key" / "New token": a button and its two-step dialog, a form and then the secret shown
 * once. The button is the dialog's trigger, so closing returns focus to it. A click outside does
 * not close the second step, so a stray click cannot lose a secret nobody has copied yet.
 */
export function NewSecretDialog({ label, title, secretLabel, usage, testId, form }: Props) {
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
            <>
              <Dialog.Title className="dialog-title">{made.name} is ready</Dialog.Title>
              <Dialog.Description className="dialog-body">This is the only time it is shown.</Dialog.Description>
              <SecretOnce secret={made.secret} label={secretLabel} usage={usage} />
              <div className="dialog-actions">
                <Dialog.Close asChild>
                  <button type="button" className="btn btn-primary">
                    Done
                  </button>
                </Dialog.Close>
              </div>
            </>
          ) : (
            <>
              <Dialog.Title className="dialog-title">{title}</Dialog.Title>
              {form({ busy, setBusy, made: setMade })}
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
