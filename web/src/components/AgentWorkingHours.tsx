import { CalendarClock, Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useLoad } from '../useLoad';
import { useToast } from '../toast';
import type { Account, AgentHours } from '../types';
import { shiftTime } from './ShiftBanner';
import { ErrorBanner, SkeletonRows } from './ui';
import { intervalsText, parseIntervals, parseWeek, weekText, WeekEditor } from './WeekEditor';

/** Where the agent stands now, in words and in the workspace's zone. */
function standing(hours: AgentHours): string {
  const { now, timeZone } = hours;
  if (!now.restricted) return 'No working hours apply: this agent is never signed out by shifts.';
  const next = now.nextStartsAt
    ? `next shift ${new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(now.nextStartsAt))} at ${shiftTime(now.nextStartsAt, timeZone)}`
    : 'no next shift scheduled';
  if (now.inside) return now.endsAt ? `Working now, until ${shiftTime(now.endsAt, timeZone)} (${timeZone}).` : `Working now (${timeZone}).`;
  return `Outside working hours now; ${next} (${timeZone}).`;
}

/** An agent's profile › Working hours: its schedule or the workspace's default, exceptions for single dates, and "Extend today". */
export function AgentWorkingHours({ account }: { account: Account }) {
  const hours = useLoad<AgentHours>(() => api.agentHours(account.id), [account.id]);
  return (
    <section className="section" aria-labelledby="hours-title">
      <h2 id="hours-title" className="section-title">
        <CalendarClock size={16} aria-hidden /> Working hours
      </h2>
      <ErrorBanner error={hours.error} />
      {hours.data ? (
        <div className="card pad hours-card">
          <p role="status" data-testid="hours-standing">
            {standing(hours.data)}
          </p>
          <ScheduleForm hours={hours.data} onSaved={hours.reload} key={JSON.stringify(hours.data.schedule)} />
          <Exceptions hours={hours.data} onSaved={hours.reload} />
          <ExtendToday hours={hours.data} onSaved={hours.reload} />
        </div>
      ) : hours.loading ? (
        <SkeletonRows rows={3} columns={2} />
      ) : null}
    </section>
  );
}

function useSubmit(action: () => Promise<unknown>, done: string, onSaved: () => Promise<void>) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      toast(done);
      await onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, onSubmit: (e: FormEvent) => void submit(e) };
}

function ScheduleForm({ hours, onSaved }: { hours: AgentHours; onSaved(): Promise<void> }) {
  const [own, setOwn] = useState(hours.schedule !== null);
  const [week, setWeek] = useState(() => weekText(hours.schedule ?? hours.workspaceSchedule));
  const { busy, error, onSubmit } = useSubmit(() => api.setAgentSchedule(hours.accountId, own ? parseWeek(week) : null), 'Schedule saved.', onSaved);
  return (
    <form onSubmit={onSubmit} aria-label="Schedule" className="hours-block">
      <ErrorBanner error={error} />
      <label className="checkbox-field">
        <input type="checkbox" checked={own} onChange={(e) => setOwn(e.target.checked)} data-testid="own-schedule-toggle" />
        <span>Own schedule (instead of the workspace&rsquo;s default{hours.workspaceSchedule ? '' : ', which is not set'})</span>
      </label>
      {own ? <WeekEditor idPrefix="agent-week" value={week} onChange={setWeek} disabled={busy} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="save-schedule">
          {busy ? 'Saving…' : 'Save schedule'}
        </button>
      </div>
    </form>
  );
}

function Exceptions({ hours, onSaved }: { hours: AgentHours; onSaved(): Promise<void> }) {
  const [date, setDate] = useState('');
  const [text, setText] = useState('');
  const { busy, error, onSubmit } = useSubmit(() => api.setShiftException(hours.accountId, date, parseIntervals(text)), `Exception for ${date} saved.`, onSaved);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const remove = (day: string) => {
    setRemoveError(null);
    api.deleteShiftException(hours.accountId, day).then(onSaved, setRemoveError);
  };
  return (
    <div className="hours-block">
      <h3 className="block-title">Exceptions for single dates</h3>
      <ErrorBanner error={error ?? removeError} />
      {hours.exceptions.length > 0 ? (
        <ul className="hours-list">
          {hours.exceptions.map((e) => (
            <li key={e.date}>
              <span>{e.date}</span>
              <span className="muted">{e.hours.length === 0 ? 'Day off' : intervalsText(e.hours)}</span>
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove the exception of ${e.date}`} onClick={() => remove(e.date)}>
                <Trash2 size={14} aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No exception from today on.</p>
      )}
      <form onSubmit={onSubmit} className="hours-inline" aria-label="Add an exception">
        <label className="field">
          <span className="field-label">Date</span>
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Hours (empty: day off)</span>
          <input type="text" placeholder="Day off" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={busy || date === ''}>
          Save exception
        </button>
      </form>
    </div>
  );
}

function ExtendToday({ hours, onSaved }: { hours: AgentHours; onSaved(): Promise<void> }) {
  const [until, setUntil] = useState('');
  const { busy, error, onSubmit } = useSubmit(() => api.extendShift(hours.accountId, until), `Shift extended until ${until}.`, onSaved);
  if (!hours.now.restricted) return null;
  return (
    <form onSubmit={onSubmit} className="hours-block hours-inline" aria-label="Extend today">
      <ErrorBanner error={error} />
      <label className="field">
        <span className="field-label">Extend today until ({hours.timeZone})</span>
        <input type="time" required value={until} onChange={(e) => setUntil(e.target.value)} data-testid="extend-until" />
      </label>
      <button type="submit" className="btn" disabled={busy || until === ''} data-testid="extend-today">
        Extend today
      </button>
      {hours.extendedUntil ? <p className="muted small">Extended until {shiftTime(hours.extendedUntil, hours.timeZone)}.</p> : null}
    </form>
  );
}
