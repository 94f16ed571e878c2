import { useRef, useState } from 'react';
import { Check, Copy, TriangleAlert } from 'lucide-react';

/**
 * A new key's or token's secret, the one time it is shown: read-only, selected on focus, with a
 * copy button. Gatehouse keeps only its hash, so nobody can show it again.
 */
export function SecretOnce({ secret, label, usage }: { secret: string; label: string; usage: string }) {
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
          <strong>Copy it now: you will not see it again.</strong> Gatehouse keeps only a fingerprint of it. If it is lost, revoke it and make a new one.
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
            {copied === 'yes' ? 'Copied' : 'Copy'}
          </button>
        </div>
        <span id="secret-usage" className="field-help">
          {usage}
        </span>
        <span className="sr-only" role="status">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'manual' ? 'The clipboard is not available: the text is selected, press Ctrl+C to copy it.' : ''}
        </span>
        {copied === 'manual' ? <span className="field-help">The clipboard is not available here: the text is selected, press Ctrl+C (⌘C) to copy it.</span> : null}
      </div>
    </div>
  );
}
