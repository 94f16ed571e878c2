import { useState } from 'react';
import { LogOut } from 'lucide-react';
import { useAuth } from '../auth';
import { AddPasskey } from '../components/Passkeys';
import { RecoveryCodes, TotpEnrolment } from '../components/TotpEnrolment';

/**
 * The forced-enrolment screen: the workspace requires a second factor this login does not have,
 * so its session reaches nothing else (the server answers 403 second_factor_required) until it
 * enrols. Once it has, the same session becomes a full one.
 */
export function EnrolRequired() {
  const { me, refresh, signOut } = useAuth();
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div className="auth-page">
      <main className="auth-card auth-card-wide" id="main">
        <h1 className="auth-title">Set up two-factor sign-in</h1>
        {codes ? (
          <RecoveryCodes codes={codes} doneLabel="I have saved them, continue" onDone={() => void refresh()} />
        ) : (
          <>
            <p className="auth-sub">
              Your workspace requires a second step at every sign-in: a code from an authenticator app, or a passkey or security key. Set one up for {me?.account.email} to
              continue: until then this session can do nothing else.
            </p>
            <TotpEnrolment onConfirmed={setCodes} />
            <h2 className="section-title">Or a passkey or security key</h2>
            <AddPasskey onAdded={(recoveryCodes) => (recoveryCodes.length > 0 ? setCodes(recoveryCodes) : void refresh())} />
          </>
        )}
        <button type="button" className="btn btn-ghost auth-back" onClick={() => void signOut()}>
          <LogOut size={15} aria-hidden /> Sign out
        </button>
      </main>
    </div>
  );
}
