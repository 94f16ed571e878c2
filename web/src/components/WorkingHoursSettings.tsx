import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useLoad } from '../useLoad';
import { useToast } from '../toast';
import type { WorkspaceHours } from '../types';
import { ErrorBanner, SkeletonRows } from './ui';
import { parseWeek, weekText, WeekEditor } from './WeekEditor';

/** Every IANA zone this browser knows, for the zone field's suggestions. */
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Settings › Security › Working hours: the workspace's time zone and the agents' default weekly schedule. */
export function WorkingHoursSettings() {
  const hours = useLoad<WorkspaceHours>(() => api.workspaceHours(), []);
  return (
    <section className="card pad settings" aria-labelledby="working-hours-title">
      <h2 id="working-hours-title" className="block-title">
        Working hours
      </h2>
      <ErrorBanner error={hours.error} />
      {hours.data ? <WorkingHoursForm current={hours.data} onSaved={(next) => hours.set(() => next)} /> : hours.loading ? <SkeletonRows rows={3} columns={2} /> : null}
    </section>
  );
}

function WorkingHoursForm({ current, onSaved }: { current: WorkspaceHours; onSaved(next: WorkspaceHours): void }) {
  const toast = useToast();
  const [zone, setZone] = useState(current.timeZone);
  const [enabled, setEnabled] = useState(current.schedule !== null);
  const [week, setWeek] = useState(() => weekText(current.schedule));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api.updateWorkspaceHours({ timeZone: zone.trim(), schedule: enabled ? parseWeek(week) : null });
      toast('Working hours saved.');
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label="Working hours" data-testid="working-hours-form">
      <p className="field-help">
        Agents outside their hours cannot sign in, are warned ten minutes before their shift ends and are then signed out. An agent&rsquo;s own schedule (on its profile)
        replaces this default. Administrators are never signed out by shifts.
      </p>
      <div id="working-hours-error">
        <ErrorBanner error={error} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="time-zone">
          Time zone
        </label>
        <input id="time-zone" type="text" list="time-zones" autoComplete="off" value={zone} onChange={(e) => setZone(e.target.value)} aria-describedby="time-zone-help" />
        <datalist id="time-zones">
          {ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <p id="time-zone-help" className="field-help">
          An IANA name such as Europe/Berlin. Shifts keep their local times when the clocks change.
        </p>
      </div>
      <label className="checkbox-field">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="default-schedule-toggle" />
        <span>Give agents a default weekly schedule</span>
      </label>
      {enabled ? (
        <WeekEditor idPrefix="workspace-week" value={week} onChange={setWeek} disabled={busy} />
      ) : (
        <p className="muted small">Without one, agents with no schedule of their own are never restricted.</p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="save-working-hours">
          {busy ? 'Saving…' : 'Save working hours'}
        </button>
      </div>
    </form>
  );
}
