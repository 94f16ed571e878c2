import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ShieldCheck, ShieldOff } from 'lucide-react';
import { api } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { AddPasskey, PasskeyList } from '../components/Passkeys';
import { RelativeTime } from '../components/RelativeTime';
import { RecoveryCodes, TotpEnrolment } from '../components/TotpEnrolment';
import { Badge, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { count, exactTime } from '../format';
import { useToast } from '../toast';
import { useLoad } from '../useLoad';

/** My account › Two-factor: an authenticator app and passkeys or security keys, the recovery codes once, removal. */
export function TwoFactorPage() {
  const { t } = useTranslation('auth');
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
      <PageHeader title={t('twoFactorTitle')} description={t('twoFactor.description')} />
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
                  <ShieldCheck size={16} aria-hidden /> <Badge tone="ok">{t('twoFactor.on')}</Badge>{' '}
                  {t('twoFactor.codesLeft', { count: s.recoveryCodesLeft, n: count(s.recoveryCodesLeft) })}
                </>
              ) : (
                <>
                  <Badge>{t('twoFactor.off')}</Badge> {t('twoFactor.passwordOnly')}
                  {s.required && s.requiredFrom ? ` ${t('twoFactor.requiredFrom', { time: exactTime(s.requiredFrom) })}` : ''}
                </>
              )}
            </p>
            <h2 className="section-title">{t('twoFactor.app')}</h2>
            {s.enrolled ? (
              <div className="two-factor-on">
                <p>{s.enrolledAt ? <Trans t={t} i18nKey="twoFactor.appSetUp" components={{ time: <RelativeTime iso={s.enrolledAt} /> }} /> : t('twoFactor.appSetUpNoTime')}</p>
                <div className="form-actions">
                  <button type="button" className="btn btn-danger-outline" onClick={() => setRemoving(true)} data-testid="remove-totp">
                    <ShieldOff size={15} aria-hidden /> {t('remove')}
                  </button>
                </div>
              </div>
            ) : (
              <TotpEnrolment
                onConfirmed={(recoveryCodes) => {
                  setCodes(recoveryCodes);
                  toast(t('twoFactor.turnedOn'));
                }}
              />
            )}
          </div>
          <section className="card pad passkeys-card" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title" className="section-title">
              {t('twoFactor.passkeysTitle')}
            </h2>
            <p className="muted">{t('twoFactor.passkeysHelp')}</p>
            {passkeys.data ? <PasskeyList passkeys={passkeys.data.passkeys} onChanged={reload} /> : <SkeletonRows rows={1} columns={2} />}
            <AddPasskey
              onAdded={(recoveryCodes) => {
                toast(t('twoFactor.passkeyAdded'));
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
        title={t('twoFactor.removeTitle')}
        confirmLabel={t('remove')}
        onConfirm={async () => {
          await api.removeSecondFactor({ password });
          setPassword('');
          toast(t('twoFactor.appRemoved'));
          await reload();
        }}
      >
        <p>{s?.hasPasskey ? t('twoFactor.removeWithPasskey') : s?.required ? t('twoFactor.removeRequired') : t('twoFactor.removePasswordOnly')}</p>
        <label className="field">
          <span className="field-label">{t('twoFactor.yourPassword')}</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </ConfirmDialog>
    </div>
  );
}
