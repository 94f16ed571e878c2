import type { ShiftInterval, WeekSchedule } from '../types';

const DAYS = [
  ['monday', 'Monday'],
  ['tuesday', 'Tuesday'],
  ['wednesday', 'Wednesday'],
  ['thursday', 'Thursday'],
  ['friday', 'Friday'],
  ['saturday', 'Saturday'],
  ['sunday', 'Sunday'],
] as const;

/** One day's shifts as a person types them: "09:00–17:00, 22:00–06:00"; empty is a day off. */
export type WeekText = Record<(typeof DAYS)[number][0], string>;

export function intervalsText(list: readonly ShiftInterval[] | undefined): string {
  return (list ?? []).map((i) => `${i.from}–${i.to}`).join(', ');
}

export function weekText(week: WeekSchedule | null | undefined): WeekText {
  return Object.fromEntries(DAYS.map(([day]) => [day, intervalsText(week?.[day])])) as WeekText;
}

/** "09:00-17:00, 22:00–06:00" → intervals; the server checks the times and says what is wrong. */
export function parseIntervals(text: string): ShiftInterval[] {
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [from = '', to = ''] = part.split(/\s*[-–—]\s*|\s+to\s+/);
      return { from: from.trim(), to: to.trim() };
    });
}

export function parseWeek(text: WeekText): WeekSchedule {
  return Object.fromEntries(DAYS.map(([day]) => [day, parseIntervals(text[day])]));
}

/** Seven labelled fields, one per weekday, stacked on a narrow screen. */
export function WeekEditor({ value, onChange, disabled, idPrefix }: { value: WeekText; onChange(next: WeekText): void; disabled?: boolean; idPrefix: string }) {
  return (
    <fieldset className="week-editor" disabled={disabled}>
      <legend className="field-label">Weekly schedule</legend>
      <p className="field-help" id={`${idPrefix}-hint`}>
        Times as HH:MM–HH:MM, several separated by commas; leave a day empty for a day off. An end before its start (22:00–06:00) runs overnight.
      </p>
      {DAYS.map(([day, label]) => (
        <label key={day} className="week-day">
          <span className="week-day-name">{label}</span>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="Day off"
            value={value[day]}
            aria-describedby={`${idPrefix}-hint`}
            data-day={day}
            onChange={(e) => onChange({ ...value, [day]: e.target.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}
