import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { count, exactTime } from '../format';
import { useToast } from '../toast';
import type { SecuritySettings } from '../types';
import { useSubmit } from '../useSubmit';
import { ErrorBanner } from './ui';

type Requirement = SecuritySettings['requireSecondFactor'];

const OPTIONS: Requirement[] = ['none', 'admins', 'agents', 'everyone'];

/** Settings › Security › Two-factor sign-in: who must have a second factor, and after how many days of grace. */
export function SecondFactorSettings({ current, onSaved }: { current: SecuritySettings; onSaved(): Promise<void> }) {
  const { t } = useTranslation(['auth', 'common']);
  const toast = useToast();
  const [required, setRequired] = useState<Requirement>(current.requireSecondFactor);
  const [grace, setGrace] = useState(String(current.secondFactorGraceDays));
  const { busy, error, onSubmit } = useSubmit();
  const graceDays = Number(grace);
  const dirty = required !== current.requireSecondFactor || graceDays !== current.secondFactorGraceDays;
  const from = current.secondFactorEnforcedFrom;

  const save = async () => {
    await api.updateSecurity({ requireSecondFactor: required, secondFactorGraceDays: graceDays });
    toast(t('requirement.saved'));
    await onSaved();
  };

  return (
    <form className="card pad settings" onSubmit={onSubmit(save)} aria-labelledby="two-factor-title">
      <h2 id="two-factor-title" className="block-title">
        {t('twoFactorTitle')}
      </h2>
      <ErrorBanner error={error} />
      <div className="settings-grid">
        <div className="field">
          <label className="field-label" htmlFor="require-second-factor">
            {t('requirement.requireFor')}
          </label>
          <select id="require-second-factor" value={required} onChange={(e) => setRequired(e.target.value as Requirement)} aria-describedby="require-help">
            {OPTIONS.map((o) => (
              <option key={o} value={o}>
                {t(`requirement.${o}`)}
              </option>
            ))}
          </select>
          <p id="require-help" className="field-help">
            {t('requirement.requireHelp')}
          </p>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="grace-days">
            {t('requirement.grace')}
          </label>
          <input id="grace-days" type="number" min={0} max={90} value={grace} onChange={(e) => setGrace(e.target.value)} className="short" aria-describedby="grace-help" />
          <p id="grace-help" className="field-help">
            {from.admins || from.agents
              ? [
                  from.admins ? t('requirement.adminsFrom', { time: exactTime(from.admins) }) : '',
                  from.agents ? t('requirement.agentsFrom', { time: exactTime(from.agents) }) : '',
                ].join(' ')
              : t('requirement.graceNow', { count: current.secondFactorGraceDays, n: count(current.secondFactorGraceDays) })}
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
          {busy ? t('saving') : t('common:actions.save')}
        </button>
      </div>
    </form>
  );
}
