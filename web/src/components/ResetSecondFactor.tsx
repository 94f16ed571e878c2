import { useState } from 'react';
import { ShieldOff } from 'lucide-react';
import { api } from '../api';
import { plural } from '../format';
import { useToast } from '../toast';
import type { Account } from '../types';
import { ConfirmDialog } from './ConfirmDialog';

/** "Reset two-factor" on a profile: for someone who lost their phone and their recovery codes. */
export function ResetSecondFactor({ account, onReset }: { account: Account; onReset(): Promise<void> }) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="reset-second-factor">
        <ShieldOff size={15} aria-hidden /> Reset two-factor
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Reset two-factor sign-in of ${account.name}?`}
        confirmLabel="Reset two-factor"
        onConfirm={async () => {
          const { ended } = await api.resetSecondFactor(account.id);
          toast(`Two-factor sign-in of ${account.name} reset; ${plural(ended, 'session')} ended.`);
          await onReset();
        }}
      >
        <p>
          <strong>{account.name}</strong> ({account.email}) can no longer use their authenticator app, passkeys or recovery codes (the passkeys are removed). Every session of
          their login ends now
          {account.linkedAccount ? ', the linked account’s too,' : ''} and their next sign-in sets up two-factor sign-in again.
        </p>
      </ConfirmDialog>
    </>
  );
}
