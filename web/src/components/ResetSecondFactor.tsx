import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ShieldOff } from 'lucide-react';
import { api } from '../api';
import { count } from '../format';
import { useToast } from '../toast';
import type { Account } from '../types';
import { ConfirmDialog } from './ConfirmDialog';

/** "Reset two-factor" on a profile: for someone who lost their phone and their recovery codes. */
export function ResetSecondFactor({ account, onReset }: { account: Account; onReset(): Promise<void> }) {
  const { t } = useTranslation('auth');
  const toast = useToast();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="reset-second-factor">
        <ShieldOff size={15} aria-hidden /> {t('reset.button')}
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={t('reset.title', { name: account.name })}
        confirmLabel={t('reset.button')}
        onConfirm={async () => {
          const { ended } = await api.resetSecondFactor(account.id);
          toast(t('reset.done', { name: account.name, count: ended, n: count(ended) }));
          await onReset();
        }}
      >
        <p>
          <Trans
            t={t}
            i18nKey={account.linkedAccount ? 'reset.bodyLinked' : 'reset.body'}
            values={{ name: account.name, email: account.email }}
            components={{ b: <strong /> }}
          />
        </p>
      </ConfirmDialog>
    </>
  );
}
