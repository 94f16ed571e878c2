import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';

/** A dialog's Cancel button: closes it, unless it is busy. */
export function DialogCancel({ busy }: { busy: boolean }) {
  const { t } = useTranslation();
  return (
    <Dialog.Close asChild>
      <button type="button" className="btn" disabled={busy}>
        {t('actions.cancel')}
      </button>
    </Dialog.Close>
  );
}
