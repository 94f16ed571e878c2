import { useState } from 'react';
import { ShieldCheck, ShieldOff } from 'lucide-react';
import { api } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { AddPasskey, PasskeyList } from '../components/Passkeys';
import { RelativeTime } from '../components/RelativeTime';
import { RecoveryCodes, TotpEnrolment } from '../components/TotpEnrolment';
import { Badge, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { exactTime, plural } from '../format';
import { useToast } from '../toast';
import { useLoad } from '../useLoad';

/** My account › Two-factor: an authenticator app and passkeys or security keys, the recovery codes once, removal. */
export function TwoFactorPage() {
  const toast = useToast();
  const status = useLoad(() => api.mySecondFactor(), []);
  const passkeys = useLoad(() => api.myPasskeys(), []);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState(false);
  const [password, setPassword] = useState('');
  const s = status.data;
  const reload = async () => {
    await Promise.all([status.reload(), passkeys.reload()]);
  };

  return (
    <div className="page">
      <PageHeader
        title="Two-factor sign-in"
        description="A second step after your password at every sign-in: a code from an app on your phone, or a passkey or security key."
      />
      <ErrorBanner error={status.error ?? passkeys.error} />
      {codes ? (
        <div className="card pad">
          <RecoveryCodes
            codes={codes}
            onDone={() => {
              setCodes(null);
              void reload();
            }}
          />
        </div>
      ) : !s ? (
        <div className="card pad">
          <SkeletonRows rows={2} columns={2} />
        </div>
      ) : (
        <>
          <div className="card pad">
            <p className="two-factor-summary">
              {s.enrolled || s.hasPasskey ? (
                <>
                  <ShieldCheck size={16} aria-hidden /> <Badge tone="ok">On</Badge> {plural(s.recoveryCodesLeft, 'recovery code')} left.
                </>
              ) : (
                <>
                  <Badge>Off</Badge> Sign-in asks for your password only.
                  {s.required && s.requiredFrom ? ` Your workspace requires two-factor sign-in from ${exactTime(s.requiredFrom)}.` : ''}
                </>
              )}
            </p>
            <h2 className="section-title">Authenticator app</h2>
            {s.enrolled ? (
              <div className="two-factor-on">
                <p>Authenticator app set up {s.enrolledAt ? <RelativeTime iso={s.enrolledAt} /> : null}.</p>
                <div className="form-actions">
                  <button type="button" className="btn btn-danger-outline" onClick={() => setRemoving(true)} data-testid="remove-totp">
                    <ShieldOff size={15} aria-hidden /> Remove
                  </button>
                </div>
              </div>
            ) : (
              <TotpEnrolment
                onConfirmed={(recoveryCodes) => {
                  setCodes(recoveryCodes);
                  toast('Two-factor sign-in is on.');
                }}
              />
            )}
          </div>
          <section className="card pad passkeys-card" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title" className="section-title">
              Passkeys and security keys
            </h2>
            <p className="muted">Your device’s screen lock, a phone nearby or a USB or NFC key: after your password, sign-in asks for one of them instead of a code.</p>
            {passkeys.data ? <PasskeyList passkeys={passkeys.data.passkeys} onChanged={reload} /> : <SkeletonRows rows={1} columns={2} />}
            <AddPasskey
              onAdded={(recoveryCodes) => {
                toast('Passkey added.');
                if (recoveryCodes.length > 0) setCodes(recoveryCodes);
                else void reload();
              }}
            />
          </section>
        </>
      )}
      <ConfirmDialog
        open={removing}
        onOpenChange={(open) => {
          setRemoving(open);
          if (!open) setPassword('');
        }}
        title="Remove the authenticator app?"
        confirmLabel="Remove"
        onConfirm={async () => {
          await api.removeSecondFactor({ password });
          setPassword('');
          toast('Authenticator app removed.');
          await reload();
        }}
      >
        <p>
          {s?.hasPasskey
            ? 'Sign-in will ask for one of your passkeys instead of a code.'
            : `Sign-in will ask for your password only, and your recovery codes stop working.${s?.required ? ' Your workspace requires it: you will have to set it up again.' : ''}`}
        </p>
        <label className="field">
          <span className="field-label">Your password</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </ConfirmDialog>
    </div>
  );
}
