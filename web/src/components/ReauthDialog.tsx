import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, CancelledError, setReauthPrompt, type ProofMethod } from '../api';

interface Asking {
  methods: ProofMethod[];
  resolve(): void;
  reject(err: Error): void;
}

/** The words under the field for each refusal of POST /api/auth/reauthenticate. */
function refusalText(err: unknown, password: boolean): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : 'That did not work. Try again.';
  if (err.code === 'wrong_password') return 'That password is not right.';
  if (err.code === 'invalid_code') return 'That code is not right, or it was already used. Wait for the next code in your app, or use a recovery code.';
  if (err.code === 'invalid_request' && !password) return 'Type the code from your authenticator app, or a recovery code.';
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
 * or an authenticator code / recovery code), posts it to /api/auth/reauthenticate, and lets api.ts
 * repeat the act. Cancel rejects the act with CancelledError. Mounted once, in App.
 */
export function ReauthDialog() {
  const [asking, setAsking] = useState<Asking | null>(null);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
            setAsking({ methods, resolve, reject });
          }),
      ),
    [],
  );

  // Passkeys (another branch of issue 16): when `methods` includes 'passkey', a "Use a passkey"
  // button goes beside the field, getting an assertion in the browser and sending it to
  // api.reauthenticate as the passkeys branch defines.
  const password = asking?.methods.includes('password') ?? true;

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
    try {
      await api.reauthenticate(password ? { password: value } : { code: value.replace(/\s+/g, '') });
      asking.resolve();
      setAsking(null);
    } catch (err) {
      setError(refusalText(err, password));
      setValue('');
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
            <Dialog.Title className="dialog-title">Confirm it’s you</Dialog.Title>
            <Dialog.Description className="dialog-body">
              {password
                ? 'This action needs your password again: it has been more than 10 minutes since you last gave it.'
                : 'This action needs a second factor again: it has been more than 10 minutes since you last gave one.'}
            </Dialog.Description>
            <div className="field">
              <label className="field-label" htmlFor={fieldId}>
                {password ? 'Password' : 'Authentication code or recovery code'}
              </label>
              {password ? null : (
                <span className="field-help" id={helpId}>
                  The 6-digit code your authenticator app shows now, or one of your recovery codes (it then stops working).
                </span>
              )}
              <input
                id={fieldId}
                name={password ? 'password' : 'code'}
                type={password ? 'password' : 'text'}
                autoComplete={password ? 'current-password' : 'one-time-code'}
                spellCheck={false}
                autoFocus
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
                Cancel
              </button>
              <button type="submit" className="btn btn-primary" disabled={busy || value.trim() === ''} data-testid="reauth-confirm">
                {busy ? 'Checking…' : 'Confirm'}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
