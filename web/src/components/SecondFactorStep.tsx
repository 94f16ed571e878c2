import { useState, type FormEvent } from 'react';
import { ArrowLeft, KeyRound } from 'lucide-react';
import { api, ApiError } from '../api';
import { signWithPasskey } from '../passkeys';
import type { SecondFactorChallenge } from '../types';

/** Words for each refusal of POST /api/auth/login/second-factor. */
function stepError(err: unknown, recovery: boolean, passkey: boolean): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : 'Sign-in failed.';
  switch (err.code) {
    case 'invalid_code':
      if (passkey) return 'That passkey was not accepted. Use a passkey or security key added to this account, or a code.';
      return recovery
        ? 'That recovery code is not right, or it was already used. Each code works once.'
        : 'That code is not right, or it was already used. Wait for the next code in your app and try again.';
    case 'challenge_expired':
      return 'This sign-in took too long or was already completed. Go back and sign in again with your password.';
    case 'too_many_attempts':
      return err.message;
    default:
      return err.message;
  }
}

/**
 * The second step of a sign-in for a login with a second factor: a passkey (when the login has
 * one), a 6-digit code (when it has an authenticator app), or one of the recovery codes.
 */
export function SecondFactorStep({ step, onSignedIn, onBack }: { step: SecondFactorChallenge; onSignedIn(): Promise<void>; onBack(): void }) {
  const { challenge, methods } = step;
  const hasTotp = methods.includes('totp');
  const passkeyOptions = methods.includes('passkey') ? step.passkey : undefined;
  // Without an authenticator app, the code field takes a recovery code.
  const [recoveryChosen, setRecovery] = useState(false);
  const recovery = recoveryChosen || !hasTotp;
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [passkeyFailed, setPasskeyFailed] = useState(false);

  const withPasskey = async () => {
    if (!passkeyOptions) return;
    setBusy(true);
    setError(null);
    setPasskeyFailed(true);
    try {
      await api.loginSecondFactor({ challenge, passkey: await signWithPasskey(passkeyOptions) });
      await onSignedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setPasskeyFailed(false);
    try {
      await api.loginSecondFactor(recovery ? { challenge, recoveryCode: code.trim() } : { challenge, code: code.replace(/\s+/g, '') });
      await onSignedIn();
    } catch (err) {
      setError(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-labelledby="second-step-title">
      <h1 id="second-step-title" className="auth-title">
        Two-factor sign-in
      </h1>
      <p className="auth-sub">
        {passkeyOptions ? 'Use your passkey or security key, or ' : ''}
        {recovery
          ? `${passkeyOptions ? 'type' : 'Type'} one of the recovery codes you saved when you set up two-factor sign-in.`
          : `${passkeyOptions ? 'open' : 'Open'} your authenticator app and type the 6-digit code it shows for Gatehouse.`}
      </p>
      {error ? (
        <div className="banner banner-error" role="alert" data-testid="second-step-error">
          <span>{stepError(error, recovery, passkeyFailed)}</span>
        </div>
      ) : null}
      {passkeyOptions ? (
        <>
          <button type="button" className="btn btn-primary btn-block" onClick={() => void withPasskey()} disabled={busy} data-testid="use-passkey">
            <KeyRound size={15} aria-hidden /> {busy && passkeyFailed ? 'Waiting for the passkey…' : 'Use a passkey'}
          </button>
          <p className="auth-or" aria-hidden>
            or
          </p>
        </>
      ) : null}
      {recovery ? (
        <label className="field" key="recovery">
          <span className="field-label">Recovery code</span>
          <input
            name="recoveryCode"
            autoComplete="off"
            spellCheck={false}
            required
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder="xxxxx-xxxxx"
            className="mono"
          />
        </label>
      ) : (
        <label className="field" key="code">
          <span className="field-label">Authentication code</span>
          <input
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9 ]{6,8}"
            maxLength={8}
            required
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
            className="mono"
            data-testid="totp-code"
          />
        </label>
      )}
      <button type="submit" className={`btn btn-block ${passkeyOptions ? '' : 'btn-primary'}`} disabled={busy || code.trim() === ''}>
        {busy ? 'Checking…' : 'Verify and sign in'}
      </button>
      {hasTotp ? (
        <button
          type="button"
          className="btn btn-ghost btn-block"
          onClick={() => {
            setRecovery(!recovery);
            setCode('');
            setError(null);
          }}
          data-testid="toggle-recovery"
        >
          {recovery ? 'Use the authenticator app instead' : 'Use a recovery code'}
        </button>
      ) : null}
      <button type="button" className="btn btn-ghost auth-back" onClick={onBack}>
        <ArrowLeft size={15} aria-hidden /> Back
      </button>
    </form>
  );
}
