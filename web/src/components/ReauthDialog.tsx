import * as Dialog from '@radix-ui/react-dialog';
import { KeyRound } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, CancelledError, setReauthPrompt, type ProofMethod } from '../api';
import { i18n } from '../i18n';
import { signWithPasskey } from '../passkeys';

interface Asking {
  methods: ProofMethod[];
  resolve(): void;
  reject(err: Error): void;
}

/** The words under the field for each refusal of POST /api/auth/reauthenticate. */
function refusalText(err: unknown, password: boolean, passkey: boolean): string {
  // A browser prompt cancelled or refused: signWithPasskey says why, in words.
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : i18n.t('auth:reauth.errors.failed');
  if (err.code === 'wrong_password') return i18n.t('auth:reauth.errors.wrongPassword');
  if (passkey && err.code === 'invalid_code') return i18n.t('auth:secondStep.errors.passkeyRefused');
  if (err.code === 'invalid_code') return i18n.t('auth:reauth.errors.codeRefused');
  if (err.code === 'invalid_request' && !password) return i18n.t('auth:reauth.errors.typeCode');
  return err.message;
}

/**
 * Gives focus back to the control that started the act once the dialog has closed. That control is
 * often disabled while its act is under way (a Save button saying "Saving…"), and a disabled button
 * takes no focus, so this waits (briefly) until it is enabled again; it never takes focus from
 * something the screen moved it to meanwhile.
 */
function giveFocusBack(opener: HTMLElement | null): void {
  if (!opener) return;
  const started = Date.now();
  const attempt = () => {
    if (!opener.isConnected) return;
    const free = document.activeElement === null || document.activeElement === document.body;
    if (!free) return;
    if (!(opener as HTMLButtonElement).disabled) return opener.focus();
    if (Date.now() - started < 5000) window.setTimeout(attempt, 50);
  };
  attempt();
}

/**
 * "Confirm it's you": opened by api.ts when a dangerous act is refused with 403
 * `reauthentication_required`. It asks for what the server said this login can use (the password,
 * an authenticator code / recovery code, or a passkey through the browser), posts it to
 * /api/auth/reauthenticate, and lets api.ts repeat the act. Cancel rejects the act with
 * CancelledError. Mounted once, in App.
 */
export function ReauthDialog() {
  const { t } = useTranslation(['auth', 'common']);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A passkey's refusal (or a cancelled browser prompt) shows under its button, not the field.
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const fieldId = useId();
  const errorId = useId();
  const helpId = useId();

  useEffect(
    () =>
      setReauthPrompt(
        (methods, startedBy) =>
          new Promise<void>((resolve, reject) => {
            // The control that started the act (api.ts noted it when the act was asked for).
            opener.current = startedBy;
            setValue('');
            setError(null);
            setPasskeyError(null);
            setAsking({ methods, resolve, reject });
          }),
      ),
    [],
  );

  const password = asking?.methods.includes('password') ?? true;
  const passkey = asking?.methods.includes('passkey') ?? false;
  const totp = asking?.methods.includes('totp') ?? false;

  const cancel = () => {
    if (busy || !asking) return;
    asking.reject(new CancelledError());
    setAsking(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!asking || busy) return;
    setBusy(true);
    setError(null);
    setPasskeyError(null);
    try {
      await api.reauthenticate(password ? { password: value } : { code: value.replace(/\s+/g, '') });
      asking.resolve();
      setAsking(null);
    } catch (err) {
      setError(refusalText(err, password, false));
      setValue('');
    } finally {
      setBusy(false);
    }
  };

  // New options each time (their challenge works once), the browser's prompt, then the answer.
  const withPasskey = async () => {
    if (!asking || busy) return;
    setBusy(true);
    setError(null);
    setPasskeyError(null);
    try {
      await api.reauthenticate({ passkey: await signWithPasskey(await api.reauthPasskeyOptions()) });
      asking.resolve();
      setAsking(null);
    } catch (err) {
      setPasskeyError(refusalText(err, false, true));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={asking !== null} onOpenChange={(open) => (open ? undefined : cancel())}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog"
          data-testid="reauth-dialog"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            giveFocusBack(opener.current);
            opener.current = null;
          }}
        >
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Dialog.Title className="dialog-title">{t('reauth.title')}</Dialog.Title>
            <Dialog.Description className="dialog-body">{password ? t('reauth.needsPassword') : t('reauth.needsSecondFactor')}</Dialog.Description>
            {passkey ? (
              <div className="field">
                <button type="button" className="btn btn-primary btn-block" onClick={() => void withPasskey()} disabled={busy} data-testid="reauth-passkey">
                  <KeyRound size={15} aria-hidden /> {t('usePasskey')}
                </button>
                {passkeyError ? (
                  <span className="field-error" role="alert" data-testid="reauth-passkey-error">
                    {passkeyError}
                  </span>
                ) : null}
              </div>
            ) : null}
            <div className="field">
              <label className="field-label" htmlFor={fieldId}>
                {password ? t('signIn.password') : totp ? t('reauth.codeOrRecovery') : t('recoveryCode')}
              </label>
              {password ? null : (
                <span className="field-help" id={helpId}>
                  {totp ? t('reauth.codeHelp') : t('reauth.recoveryHelp')}
                </span>
              )}
              <input
                id={fieldId}
                name={password ? 'password' : 'code'}
                type={password ? 'password' : 'text'}
                autoComplete={password ? 'current-password' : 'one-time-code'}
                spellCheck={false}
                autoFocus={!passkey}
                required
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={[password ? null : helpId, error ? errorId : null].filter(Boolean).join(' ') || undefined}
                className={password ? undefined : 'mono'}
                data-testid="reauth-input"
              />
              {error ? (
                <span className="field-error" id={errorId} role="alert" data-testid="reauth-error">
                  {error}
                </span>
              ) : null}
            </div>
            <div className="dialog-actions">
              <button type="button" className="btn" onClick={cancel} disabled={busy}>
                {t('common:actions.cancel')}
              </button>
              <button type="submit" className={passkey ? 'btn' : 'btn btn-primary'} disabled={busy || value.trim() === ''} data-testid="reauth-confirm">
                {busy ? t('checking') : t('reauth.confirm')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
