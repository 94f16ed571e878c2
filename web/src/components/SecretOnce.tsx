import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState } from 'react';
import { Check, Copy, TriangleAlert } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';

/**
 * A new key's or token's secret, the one time it is shown: read-only, selected on focus, with a
 * copy button. Gatehouse keeps only its hash, so nobody can show it again.
 */
function SecretOnce({ secret, label, usage }: { secret: string; label: string; usage: string }) {
  const { t } = useTranslation('settings');
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for Ctrl+C instead.
      input.current?.select();
      setCopied('manual');
    }
  };
  return (
    <div className="secret-once">
      <div className="banner banner-warn" id="secret-warning">
        <TriangleAlert size={16} aria-hidden />
        <span>
          <Trans t={t} i18nKey="secret.warning" components={{ b: <strong /> }} />
        </span>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="secret-value">
          {label}
        </label>
        <div className="secret-row">
          <input
            ref={input}
            id="secret-value"
            type="text"
            className="mono secret-value"
            readOnly
            value={secret}
            spellCheck={false}
            autoComplete="off"
            autoFocus
            onFocus={(e) => e.target.select()}
            aria-describedby="secret-warning secret-usage"
            data-testid="secret-value"
          />
          <button type="button" className="btn" onClick={() => void copy()} data-testid="copy-secret">
            {copied === 'yes' ? <Check size={15} aria-hidden /> : <Copy size={15} aria-hidden />}
            {copied === 'yes' ? t('secret.copied') : t('secret.copy')}
          </button>
        </div>
        <span id="secret-usage" className="field-help">
          {usage}
        </span>
        <span className="sr-only" role="status">
          {copied === 'yes' ? t('secret.copiedStatus') : copied === 'manual' ? t('secret.manualStatus') : ''}
        </span>
        {copied === 'manual' ? <span className="field-help">{t('secret.manualHelp')}</span> : null}
      </div>
    </div>
  );
}

/** A dialog's last step: the new secret, shown once, and Done. */
export function SecretOnceStep({ title, text, secret, label, usage }: { title: string; text: string; secret: string; label: string; usage: string }) {
  const { t } = useTranslation('settings');
  return (
    <>
      <Dialog.Title className="dialog-title">{title}</Dialog.Title>
      <Dialog.Description className="dialog-body">{text}</Dialog.Description>
      <SecretOnce secret={secret} label={label} usage={usage} />
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button" className="btn btn-primary">
            {t('shared.done')}
          </button>
        </Dialog.Close>
      </div>
    </>
  );
}
