import { useState, type FormEvent } from 'react';
import { Check, Copy, Download, Smartphone } from 'lucide-react';
import { api } from '../api';
import type { SecondFactorEnrolment } from '../types';
import { ErrorBanner } from './ui';

/** The key as people type it: groups of four. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Setting up an authenticator app: the server makes the secret and its QR code; the person scans
 * it (or types the key), then proves it with the code the app shows. The ten recovery codes that
 * come back go to `onConfirmed`, to be shown once.
 */
export function TotpEnrolment({ onConfirmed }: { onConfirmed(codes: string[]): void }) {
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await api.startTotp());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { recoveryCodes } = await api.confirmTotp(code.replace(/\s+/g, ''));
      onConfirmed(recoveryCodes);
    } catch (err) {
      setError(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  if (!enrolment)
    return (
      <div className="enrol-start">
        <ErrorBanner error={error} />
        <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={busy} data-testid="start-totp">
          <Smartphone size={15} aria-hidden /> {busy ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
      </div>
    );

  return (
    <form className="enrol" onSubmit={(e) => void confirm(e)} aria-label="Set up an authenticator app">
      <ol className="enrol-steps">
        <li>
          <p>Scan this QR code with an authenticator app (1Password, Google Authenticator, Microsoft Authenticator, Authy…).</p>
          <img
            className="enrol-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
            alt="QR code to add Gatehouse to your authenticator app"
            width={184}
            height={184}
          />
          <p className="field-help">
            Cannot scan it? Type this key into the app instead (time-based, 6 digits):{' '}
            <code className="mono enrol-key" data-testid="totp-secret">
              {grouped(enrolment.secret)}
            </code>
          </p>
        </li>
        <li>
          <label className="field">
            <span className="field-label">Code from the app</span>
            <input
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9 ]{6,8}"
              maxLength={8}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              className="mono short"
              data-testid="enrol-code"
            />
          </label>
        </li>
      </ol>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || code.trim() === ''} data-testid="confirm-totp">
          {busy ? 'Checking…' : 'Turn on two-factor sign-in'}
        </button>
      </div>
    </form>
  );
}

/** The recovery codes, the one time they are shown: copy them, download them, then say they are saved. */
export function RecoveryCodes({ codes, onDone, doneLabel = 'I have saved them' }: { codes: string[]; onDone(): void; doneLabel?: string }) {
  const [copied, setCopied] = useState(false);
  const text = `Gatehouse recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'gatehouse-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="recovery" aria-labelledby="recovery-title">
      <h2 id="recovery-title" className="block-title">
        Your recovery codes
      </h2>
      <div className="banner banner-warn">
        <span>
          <strong>Save these now: you will not see them again.</strong> If you lose your phone or your key, each code signs you in once instead.
        </span>
      </div>
      <ol className="recovery-codes mono" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          {copied ? <Check size={15} aria-hidden /> : <Copy size={15} aria-hidden />} {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn" onClick={download}>
          <Download size={15} aria-hidden /> Download
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone} data-testid="recovery-done">
          {doneLabel}
        </button>
      </div>
      <span className="sr-only" role="status">
        {copied ? 'Copied to the clipboard.' : ''}
      </span>
    </section>
  );
}
