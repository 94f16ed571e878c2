import { Fragment, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Check, Copy, Download, Smartphone } from 'lucide-react';
import { api } from '../api';
import type { SecondFactorEnrolment } from '../types';
import { useSubmit } from '../useSubmit';
import { OneTimeCodeField } from './Field';
import { ErrorBanner } from './ui';

/** The key as people type it: groups of four, each kept whole when the line breaks. */
const grouped = (secret: string) =>
  (secret.match(/.{1,4}/g) ?? []).map((group, i) => (
    <Fragment key={i}>
      {i > 0 ? ' ' : ''}
      <span className="enrol-key-group">{group}</span>
    </Fragment>
  ));

/**
 * Setting up an authenticator app: the server makes the secret and its QR code; the person scans
 * it (or types the key), then proves it with the code the app shows. The ten recovery codes that
 * come back go to `onConfirmed`, to be shown once.
 */
export function TotpEnrolment({ onConfirmed }: { onConfirmed(codes: string[]): void }) {
  const { t } = useTranslation('auth');
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, run, onSubmit } = useSubmit();

  const start = () =>
    run(async () => {
      setEnrolment(await api.startTotp());
    });

  const confirm = async () => {
    try {
      const { recoveryCodes } = await api.confirmTotp(code.replace(/\s+/g, ''));
      onConfirmed(recoveryCodes);
    } catch (err) {
      setCode('');
      throw err;
    }
  };

  if (!enrolment)
    return (
      <div className="enrol-start">
        <ErrorBanner error={error} />
        <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={busy} data-testid="start-totp">
          <Smartphone size={15} aria-hidden /> {busy ? t('totp.preparing') : t('totp.start')}
        </button>
      </div>
    );

  return (
    <form className="enrol" onSubmit={onSubmit(confirm)} aria-label={t('totp.start')}>
      <ol className="enrol-steps">
        <li>
          <p>{t('totp.scan')}</p>
          <img className="enrol-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`} alt={t('totp.qrAlt')} width={184} height={184} />
          <p className="field-help">
            {t('totp.typeKey')}{' '}
            <code className="mono enrol-key" data-testid="totp-secret">
              {grouped(enrolment.secret)}
            </code>
          </p>
        </li>
        <li>
          <OneTimeCodeField label={t('totp.codeFromApp')} value={code} onChange={(e) => setCode(e.target.value)} className="mono short" data-testid="enrol-code" />
        </li>
      </ol>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || code.trim() === ''} data-testid="confirm-totp">
          {busy ? t('checking') : t('totp.turnOn')}
        </button>
      </div>
    </form>
  );
}

/** The recovery codes, the one time they are shown: copy them, download them, then say they are saved. */
export function RecoveryCodes({ codes, onDone, doneLabel }: { codes: string[]; onDone(): void; doneLabel?: string }) {
  const { t } = useTranslation('auth');
  const [copied, setCopied] = useState(false);
  const text = `${t('recovery.fileHeading')}\n\n${codes.join('\n')}\n`;
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
        {t('recovery.title')}
      </h2>
      <div className="banner banner-warn">
        <span>
          <Trans t={t} i18nKey="recovery.warning" components={{ b: <strong /> }} />
        </span>
      </div>
      <ol className="recovery-codes mono" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          {copied ? <Check size={15} aria-hidden /> : <Copy size={15} aria-hidden />} {copied ? t('recovery.copied') : t('recovery.copy')}
        </button>
        <button type="button" className="btn" onClick={download}>
          <Download size={15} aria-hidden /> {t('recovery.download')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone} data-testid="recovery-done">
          {doneLabel ?? t('recovery.saved')}
        </button>
      </div>
      <span className="sr-only" role="status">
        {copied ? t('recovery.copiedStatus') : ''}
      </span>
    </section>
  );
}
