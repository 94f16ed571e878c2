import { CalendarClock, Trash2 } from 'lucide-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLoad } from '../useLoad';
import { useToast } from '../toast';
import type { Account, AgentHours } from '../types';
import { useSubmit } from '../useSubmit';
import { calendarDay, clockTime, shiftDay, shiftTime } from './shiftTimes';
import { ErrorBanner, SkeletonRows } from './ui';
import { intervalsLabel, parseIntervals, parseWeek, sameWeek, weekText, WeekEditor } from './WeekEditor';

/** Where the agent stands now, in words and in the workspace's zone. */
function standing(hours: AgentHours, t: TFunction<'shifts'>): string {
  const { now, timeZone: zone } = hours;
  if (!now.restricted) return t('standing.unrestricted');
  if (now.inside) return now.endsAt ? t('standing.workingUntil', { time: shiftTime(now.endsAt, zone), zone }) : t('standing.working', { zone });
  return now.nextStartsAt
    ? t('standing.outsideNext', { day: shiftDay(now.nextStartsAt, zone), time: shiftTime(now.nextStartsAt, zone), zone })
    : t('standing.outsideNoNext', { zone });
}

/** An agent's profile › Working hours: its schedule or the workspace's default, exceptions for single dates, and "Extend today". */
export function AgentWorkingHours({ account }: { account: Account }) {
  const { t } = useTranslation('shifts');
  const hours = useLoad<AgentHours>(() => api.agentHours(account.id), [account.id]);
  return (
    <section className="section" aria-labelledby="hours-title">
      <h2 id="hours-title" className="section-title">
        <CalendarClock size={16} aria-hidden /> {t('title')}
      </h2>
      <ErrorBanner error={hours.error} />
      {hours.data ? (
        <div className="card pad hours-card">
          <p role="status" data-testid="hours-standing">
            {standing(hours.data, t)}
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

/** A form that saves with `action`, says `done` (worded when it succeeds, from the values it was given), then reloads. */
function useSave(action: () => Promise<unknown>, done: () => string, onSaved: () => Promise<void>) {
  const toast = useToast();
  const { busy, error, onSubmit } = useSubmit();
  return {
    busy,
    error,
    onSubmit: onSubmit(async () => {
      await action();
      toast(done());
      await onSaved();
    }),
  };
}

function ScheduleForm({ hours, onSaved }: { hours: AgentHours; onSaved(): Promise<void> }) {
  const { t } = useTranslation('shifts');
  const [own, setOwn] = useState(hours.schedule !== null);
  const [week, setWeek] = useState(() => weekText(hours.schedule ?? hours.workspaceSchedule));
  // Save waits for a change (the form starts again from what was saved: its key is the schedule).
  const changed = own !== (hours.schedule !== null) || (own && !sameWeek(week, weekText(hours.schedule ?? hours.workspaceSchedule)));
  const { busy, error, onSubmit } = useSave(
    () => api.setAgentSchedule(hours.accountId, own ? parseWeek(week) : null),
    () => t('schedule.saved'),
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} aria-label={t('schedule.label')} className="hours-block">
      <ErrorBanner error={error} />
      <label className="checkbox-field">
        <input type="checkbox" checked={own} onChange={(e) => setOwn(e.target.checked)} data-testid="own-schedule-toggle" />
        <span>{hours.workspaceSchedule ? t('schedule.own') : t('schedule.ownNoDefault')}</span>
      </label>
      {own ? <WeekEditor idPrefix="agent-week" value={week} onChange={setWeek} disabled={busy} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !changed} data-testid="save-schedule">
          {busy ? t('saving') : t('schedule.save')}
        </button>
      </div>
    </form>
  );
}

function Exceptions({ hours, onSaved }: { hours: AgentHours; onSaved(): Promise<void> }) {
  const { t } = useTranslation('shifts');
  const [date, setDate] = useState('');
  const [text, setText] = useState('');
  const { busy, error, onSubmit } = useSave(
    () => api.setShiftException(hours.accountId, date, parseIntervals(text)),
    () => t('exceptions.saved', { date: calendarDay(date) }),
    onSaved,
  );
  const [removeError, setRemoveError] = useState<unknown>(null);
  const remove = (day: string) => {
    setRemoveError(null);
    api.deleteShiftException(hours.accountId, day).then(onSaved, setRemoveError);
  };
  return (
    <div className="hours-block">
      <h3 className="block-title">{t('exceptions.title')}</h3>
      <ErrorBanner error={error ?? removeError} />
      {hours.exceptions.length > 0 ? (
        <ul className="hours-list">
          {hours.exceptions.map((e) => (
            <li key={e.date}>
              <span>{calendarDay(e.date)}</span>
              <span className="muted">{e.hours.length === 0 ? t('dayOff') : intervalsLabel(e.hours)}</span>
              <button type="button" className="btn btn-ghost btn-sm" aria-label={t('exceptions.remove', { date: calendarDay(e.date) })} onClick={() => remove(e.date)}>
                <Trash2 size={14} aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('exceptions.none')}</p>
      )}
      <form onSubmit={onSubmit} className="hours-inline" aria-label={t('exceptions.add')}>
        <label className="field">
          <span className="field-label">{t('exceptions.date')}</span>
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('exceptions.hours')}</span>
          <input type="text" placeholder={t('dayOff')} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={busy || date === ''}>
          {t('exceptions.save')}
        </button>
      </form>
    </div>
  );
}

function ExtendToday({ hours, onSaved }: { hours: AgentHours; onSaved(): Promise<void> }) {
  const { t } = useTranslation('shifts');
  const [until, setUntil] = useState('');
  const { busy, error, onSubmit } = useSave(
    () => api.extendShift(hours.accountId, until),
    () => t('extend.saved', { time: clockTime(until) }),
    onSaved,
  );
  if (!hours.now.restricted) return null;
  return (
    <form onSubmit={onSubmit} className="hours-block hours-inline" aria-label={t('extend.label')}>
      <ErrorBanner error={error} />
      <label className="field">
        <span className="field-label">{t('extend.until', { zone: hours.timeZone })}</span>
        <input type="time" required value={until} onChange={(e) => setUntil(e.target.value)} data-testid="extend-until" />
      </label>
      <button type="submit" className="btn" disabled={busy || until === ''} data-testid="extend-today">
        {t('extend.label')}
      </button>
      {hours.extendedUntil ? <p className="muted small">{t('extend.extendedUntil', { time: shiftTime(hours.extendedUntil, hours.timeZone) })}</p> : null}
    </form>
  );
}
