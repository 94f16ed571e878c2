import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLoad } from '../useLoad';
import { useToast } from '../toast';
import type { WorkspaceHours } from '../types';
import { useSubmit } from '../useSubmit';
import { ErrorBanner, SkeletonRows } from './ui';
import { parseWeek, sameWeek, weekText, WeekEditor } from './WeekEditor';

/** Every IANA zone this browser knows, for the zone field's suggestions. */
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Settings › Security › Working hours: the workspace's time zone and the agents' default weekly schedule. */
export function WorkingHoursSettings() {
  const { t } = useTranslation('shifts');
  const hours = useLoad<WorkspaceHours>(() => api.workspaceHours(), []);
  return (
    <section className="card pad settings" aria-labelledby="working-hours-title">
      <h2 id="working-hours-title" className="block-title">
        {t('title')}
      </h2>
      <ErrorBanner error={hours.error} />
      {hours.data ? <WorkingHoursForm current={hours.data} onSaved={(next) => hours.set(() => next)} /> : hours.loading ? <SkeletonRows rows={3} columns={2} /> : null}
    </section>
  );
}

function WorkingHoursForm({ current, onSaved }: { current: WorkspaceHours; onSaved(next: WorkspaceHours): void }) {
  const { t } = useTranslation('shifts');
  const toast = useToast();
  const [zone, setZone] = useState(current.timeZone);
  const [enabled, setEnabled] = useState(current.schedule !== null);
  const [week, setWeek] = useState(() => weekText(current.schedule));
  const { busy, error, onSubmit } = useSubmit();
  // Save waits for a change, like the other forms of Settings › Security.
  const changed = zone.trim() !== current.timeZone || enabled !== (current.schedule !== null) || (enabled && !sameWeek(week, weekText(current.schedule)));

  const save = async () => {
    const saved = await api.updateWorkspaceHours({ timeZone: zone.trim(), schedule: enabled ? parseWeek(week) : null });
    toast(t('workspace.saved'));
    // What was saved, as the server wrote it back: the form is unchanged again.
    setZone(saved.timeZone);
    setWeek(weekText(saved.schedule));
    onSaved(saved);
  };

  return (
    <form onSubmit={onSubmit(save)} aria-label={t('title')} data-testid="working-hours-form">
      <p className="field-help">{t('workspace.help')}</p>
      <div id="working-hours-error">
        <ErrorBanner error={error} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="time-zone">
          {t('workspace.timeZone')}
        </label>
        <input id="time-zone" type="text" list="time-zones" autoComplete="off" value={zone} onChange={(e) => setZone(e.target.value)} aria-describedby="time-zone-help" />
        <datalist id="time-zones">
          {ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <p id="time-zone-help" className="field-help">
          {t('workspace.timeZoneHelp')}
        </p>
      </div>
      <label className="checkbox-field">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="default-schedule-toggle" />
        <span>{t('workspace.defaultToggle')}</span>
      </label>
      {enabled ? <WeekEditor idPrefix="workspace-week" value={week} onChange={setWeek} disabled={busy} /> : <p className="muted small">{t('workspace.noDefault')}</p>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !changed} data-testid="save-working-hours">
          {busy ? t('saving') : t('workspace.save')}
        </button>
      </div>
    </form>
  );
}
