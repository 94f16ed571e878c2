import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { exactTime, plural } from '../format';
import { useToast } from '../toast';
import type { SecuritySettings } from '../types';
import { ErrorBanner } from './ui';

type Requirement = SecuritySettings['requireSecondFactor'];

const OPTIONS: { value: Requirement; label: string }[] = [
  { value: 'none', label: 'Nobody (optional for everyone)' },
  { value: 'admins', label: 'Administrators' },
  { value: 'agents', label: 'Agents' },
  { value: 'everyone', label: 'Everyone' },
];

/** Settings › Security › Two-factor sign-in: who must have a second factor, and after how many days of grace. */
export function SecondFactorSettings({ current, onSaved }: { current: SecuritySettings; onSaved(): Promise<void> }) {
  const toast = useToast();
  const [required, setRequired] = useState<Requirement>(current.requireSecondFactor);
  const [grace, setGrace] = useState(String(current.secondFactorGraceDays));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const graceDays = Number(grace);
  const dirty = required !== current.requireSecondFactor || graceDays !== current.secondFactorGraceDays;
  const from = current.secondFactorEnforcedFrom;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.updateSecurity({ requireSecondFactor: required, secondFactorGraceDays: graceDays });
      toast('Two-factor requirement saved.');
      await onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card pad settings" onSubmit={(e) => void onSubmit(e)} aria-labelledby="two-factor-title">
      <h2 id="two-factor-title" className="block-title">
        Two-factor sign-in
      </h2>
      <ErrorBanner error={error} />
      <div className="settings-grid">
        <div className="field">
          <label className="field-label" htmlFor="require-second-factor">
            Require an authenticator app for
          </label>
          <select id="require-second-factor" value={required} onChange={(e) => setRequired(e.target.value as Requirement)} aria-describedby="require-help">
            {OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <p id="require-help" className="field-help">
            After the grace period, people who must have one and have not set it up can only set it up when they sign in.
          </p>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="grace-days">
            Grace period (days)
          </label>
          <input id="grace-days" type="number" min={0} max={90} value={grace} onChange={(e) => setGrace(e.target.value)} className="short" aria-describedby="grace-help" />
          <p id="grace-help" className="field-help">
            {from.admins || from.agents
              ? [from.admins ? `Administrators from ${exactTime(from.admins)}.` : '', from.agents ? `Agents from ${exactTime(from.agents)}.` : ''].join(' ')
              : `Counted from when the requirement reaches a role: ${plural(current.secondFactorGraceDays, 'day')} now.`}
          </p>
        </div>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!dirty || busy || !Number.isInteger(graceDays) || graceDays < 0 || graceDays > 90}
          data-testid="save-two-factor"
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
