import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../useSubmit';
import { DialogCancel } from './DialogCancel';
import { ErrorBanner } from './ui';
import { useReturnFocus } from './useReturnFocus';

interface Props {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  /** Runs the action; the dialog closes when it resolves and shows the error when it throws. */
  onConfirm(): Promise<void>;
  /** Where focus goes on closing when the button that opened it is gone (a revoked row loses its button). */
  fallbackFocus?(): HTMLElement | null;
}

/** Every destructive action goes through here: it names what will happen to whom. */
export function ConfirmDialog({ open, onOpenChange, title, children, confirmLabel, destructive = true, onConfirm, fallbackFocus }: Props) {
  const { t } = useTranslation();
  const { busy, error, setError, run } = useSubmit();
  // Opened from state, not by a Radix trigger: focus goes back to the button that opened it.
  const returnFocus = useReturnFocus(fallbackFocus);
  const confirm = () =>
    run(async () => {
      await onConfirm();
      onOpenChange(false);
    });
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!busy) {
          setError(null);
          onOpenChange(next);
        }
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" {...returnFocus}>
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="dialog-body">{children}</div>
          </Dialog.Description>
          <ErrorBanner error={error} />
          <div className="dialog-actions">
            <DialogCancel busy={busy} />
            <button type="button" className={destructive ? 'btn btn-danger' : 'btn btn-primary'} onClick={() => void confirm()} disabled={busy}>
              {busy ? t('actions.working') : confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
