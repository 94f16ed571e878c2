import { useState } from 'react';
import { LogOut } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { AddPasskey } from '../components/Passkeys';
import { RecoveryCodes, TotpEnrolment } from '../components/TotpEnrolment';

/**
 * The forced-enrolment screen: the workspace requires a second factor this login does not have,
 * so its session reaches nothing else (the server answers 403 second_factor_required) until it
 * enrols. Once it has, the same session becomes a full one.
 */
export function EnrolRequired() {
  const { t } = useTranslation('auth');
  const { me, refresh, signOut } = useAuth();
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div className="auth-page">
      <main className="auth-card auth-card-wide" id="main">
        <h1 className="auth-title">{t('enrolRequired.title')}</h1>
        {codes ? (
          <RecoveryCodes codes={codes} doneLabel={t('enrolRequired.savedContinue')} onDone={() => void refresh()} />
        ) : (
          <>
            <p className="auth-sub">{t('enrolRequired.sub', { email: me?.account.email ?? '' })}</p>
            <TotpEnrolment onConfirmed={setCodes} />
            <h2 className="section-title enrol-or">{t('enrolRequired.orPasskey')}</h2>
            <AddPasskey onAdded={(recoveryCodes) => (recoveryCodes.length > 0 ? setCodes(recoveryCodes) : void refresh())} />
          </>
        )}
        <button type="button" className="btn btn-ghost auth-back" onClick={() => void signOut()}>
          <LogOut size={15} aria-hidden /> {t('enrolRequired.signOut')}
        </button>
      </main>
    </div>
  );
}
