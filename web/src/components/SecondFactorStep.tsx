import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, KeyRound } from 'lucide-react';
import { api, ApiError } from '../api';
import { i18n } from '../i18n';
import { signWithPasskey } from '../passkeys';
import type { SecondFactorChallenge } from '../types';
import { useSubmit } from '../useSubmit';
import { Field, OneTimeCodeField } from './Field';

/** A recovery code's shape, as a hint in its field: not words, the same in every language. */
const RECOVERY_CODE_SHAPE = 'xxxxx-xxxxx';

/** Words for each refusal of POST /api/auth/login/second-factor. */
function stepError(err: unknown, recovery: boolean, passkey: boolean): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : i18n.t('auth:signIn.errors.failed');
  switch (err.code) {
    case 'invalid_code':
      if (passkey) return i18n.t('auth:secondStep.errors.passkeyRefused');
      return recovery ? i18n.t('auth:secondStep.errors.recoveryRefused') : i18n.t('auth:secondStep.errors.codeRefused');
    case 'challenge_expired':
      return i18n.t('auth:secondStep.errors.expired');
    default:
      return err.message;
  }
}

/** The sentence above the field: what this login can use, passkey first. */
function instructionKey(passkey: boolean, recovery: boolean) {
  if (passkey) return recovery ? 'secondStep.passkeyAndRecovery' : 'secondStep.passkeyAndCode';
  return recovery ? 'secondStep.recovery' : 'secondStep.code';
}

/**
 * The second step of a sign-in for a login with a second factor: a passkey (when the login has
 * one), a 6-digit code (when it has an authenticator app), or one of the recovery codes.
 */
export function SecondFactorStep({ step, onSignedIn, onBack }: { step: SecondFactorChallenge; onSignedIn(): Promise<void>; onBack(): void }) {
  const { t } = useTranslation('auth');
  const { challenge, methods } = step;
  const hasTotp = methods.includes('totp');
  const passkeyOptions = methods.includes('passkey') ? step.passkey : undefined;
  // Without an authenticator app, the code field takes a recovery code.
  const [recoveryChosen, setRecovery] = useState(false);
  const recovery = recoveryChosen || !hasTotp;
  const [code, setCode] = useState('');
  const { busy, error, setError, run, onSubmit } = useSubmit();
  const [passkeyFailed, setPasskeyFailed] = useState(false);

  const withPasskey = async () => {
    if (!passkeyOptions) return;
    setPasskeyFailed(true);
    await run(async () => {
      await api.loginSecondFactor({ challenge, passkey: await signWithPasskey(passkeyOptions) });
      await onSignedIn();
    });
  };

  const withCode = async () => {
    setPasskeyFailed(false);
    try {
      await api.loginSecondFactor(recovery ? { challenge, recoveryCode: code.trim() } : { challenge, code: code.replace(/\s+/g, '') });
      await onSignedIn();
    } catch (err) {
      setCode('');
      throw err;
    }
  };

  return (
    <form onSubmit={onSubmit(withCode)} aria-labelledby="second-step-title">
      <h1 id="second-step-title" className="auth-title">
        {t('twoFactorTitle')}
      </h1>
      <p className="auth-sub">{t(instructionKey(passkeyOptions !== undefined, recovery))}</p>
      {error ? (
        <div className="banner banner-error" role="alert" data-testid="second-step-error">
          <span>{stepError(error, recovery, passkeyFailed)}</span>
        </div>
      ) : null}
      {passkeyOptions ? (
        <>
          <button type="button" className="btn btn-primary btn-block" onClick={() => void withPasskey()} disabled={busy} data-testid="use-passkey">
            <KeyRound size={15} aria-hidden /> {busy && passkeyFailed ? t('secondStep.waitingForPasskey') : t('usePasskey')}
          </button>
          <p className="auth-or" aria-hidden>
            {t('secondStep.or')}
          </p>
        </>
      ) : null}
      {recovery ? (
        <Field
          key="recovery"
          label={t('recoveryCode')}
          name="recoveryCode"
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={RECOVERY_CODE_SHAPE}
          className="mono"
        />
      ) : (
        <OneTimeCodeField
          key="code"
          label={t('secondStep.authenticationCode')}
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          className="mono"
          data-testid="totp-code"
        />
      )}
      <button type="submit" className={`btn btn-block ${passkeyOptions ? '' : 'btn-primary'}`} disabled={busy || code.trim() === ''}>
        {busy ? t('checking') : t('secondStep.submit')}
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
          {recovery ? t('secondStep.useApp') : t('secondStep.useRecovery')}
        </button>
      ) : null}
      <button type="button" className="btn btn-ghost auth-back" onClick={onBack}>
        <ArrowLeft size={15} aria-hidden /> {t('back')}
      </button>
    </form>
  );
}
