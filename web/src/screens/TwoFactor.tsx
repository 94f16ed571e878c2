import { useState } from 'react';
import { ShieldCheck, ShieldOff } from 'lucide-react';
import { api } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { RelativeTime } from '../components/RelativeTime';
import { RecoveryCodes, TotpEnrolment } from '../components/TotpEnrolment';
import { Badge, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { exactTime, plural } from '../format';
import { useToast } from '../toast';
import { useLoad } from '../useLoad';

/** My account › Two-factor: set up an authenticator app, see the recovery codes once, remove it. */
export function TwoFactorPage() {
  const toast = useToast();
  const status = useLoad(() => api.mySecondFactor(), []);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState(false);
  const [password, setPassword] = useState('');
  const s = status.data;

  return (
    <div className="page">
      <PageHeader title="Two-factor sign-in" description="A code from an app on your phone, asked at every sign-in after your password." />
      <ErrorBanner error={status.error} />
      <div className="card pad">
        {codes ? (
          <RecoveryCodes
            codes={codes}
            onDone={() => {
              setCodes(null);
              void status.reload();
            }}
          />
        ) : !s ? (
          <SkeletonRows rows={2} columns={2} />
        ) : s.enrolled ? (
          <div className="two-factor-on">
            <p>
              <ShieldCheck size={16} aria-hidden /> <Badge tone="ok">On</Badge> Authenticator app set up {s.enrolledAt ? <RelativeTime iso={s.enrolledAt} /> : null}.{' '}
              {plural(s.recoveryCodesLeft, 'recovery code')} left.
            </p>
            <div className="form-actions">
              <button type="button" className="btn btn-danger-outline" onClick={() => setRemoving(true)} data-testid="remove-totp">
                <ShieldOff size={15} aria-hidden /> Remove
              </button>
            </div>
          </div>
        ) : (
          <>
            <p>
              <Badge>Off</Badge> Sign-in asks for your password only.
              {s.required && s.requiredFrom ? ` Your workspace requires two-factor sign-in from ${exactTime(s.requiredFrom)}.` : ''}
            </p>
            <TotpEnrolment
              onConfirmed={(recoveryCodes) => {
                setCodes(recoveryCodes);
                toast('Two-factor sign-in is on.');
              }}
            />
          </>
        )}
      </div>
      <ConfirmDialog
        open={removing}
        onOpenChange={(open) => {
          setRemoving(open);
          if (!open) setPassword('');
        }}
        title="Remove two-factor sign-in?"
        confirmLabel="Remove"
        onConfirm={async () => {
          await api.removeSecondFactor({ password });
          setPassword('');
          toast('Two-factor sign-in removed.');
          await status.reload();
        }}
      >
        <p>
          Sign-in will ask for your password only, and your recovery codes stop working.{s?.required ? ' Your workspace requires it: you will have to set it up again.' : ''}
        </p>
        <label className="field">
          <span className="field-label">Your password</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </ConfirmDialog>
    </div>
  );
}
