import * as Dialog from '@radix-ui/react-dialog';

/** A dialog's Cancel button: closes it, unless it is busy. */
export function DialogCancel({ busy }: { busy: boolean }) {
  return (
    <Dialog.Close asChild>
      <button type="button" className="btn" disabled={busy}>
        Cancel
      </button>
    </Dialog.Close>
  );
}
