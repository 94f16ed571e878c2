import { useTranslation } from 'react-i18next';
import type { ShiftInterval, WeekSchedule } from '../types';
import { clockTime, weekdayNames } from './shiftTimes';

// The schedule's keys, Monday first; the labels come from Intl in the chosen language.
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** One day's shifts as a person types them: "09:00–17:00, 22:00–06:00"; empty is a day off. */
export type WeekText = Record<(typeof DAYS)[number], string>;

/** The notation the fields hold and parseIntervals reads back. */
function intervalsText(list: readonly ShiftInterval[] | undefined): string {
  return (list ?? []).map((i) => `${i.from}–${i.to}`).join(', ');
}

/** The same intervals for reading, with times as the chosen locale writes them. */
export function intervalsLabel(list: readonly ShiftInterval[]): string {
  return list.map((i) => `${clockTime(i.from)}–${clockTime(i.to)}`).join(', ');
}

export function weekText(week: WeekSchedule | null | undefined): WeekText {
  return Object.fromEntries(DAYS.map((day) => [day, intervalsText(week?.[day])])) as WeekText;
}

/** Whether two weeks read the same, day by day (what Save compares to know whether anything changed). */
export function sameWeek(a: WeekText, b: WeekText): boolean {
  return DAYS.every((day) => a[day].trim() === b[day].trim());
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
  return Object.fromEntries(DAYS.map((day) => [day, parseIntervals(text[day])]));
}

/** Seven labelled fields, one per weekday, stacked on a narrow screen. */
export function WeekEditor({ value, onChange, disabled, idPrefix }: { value: WeekText; onChange(next: WeekText): void; disabled?: boolean; idPrefix: string }) {
  const { t } = useTranslation('shifts');
  const names = weekdayNames();
  return (
    <fieldset className="week-editor" disabled={disabled}>
      <legend className="field-label">{t('week.legend')}</legend>
      <p className="field-help" id={`${idPrefix}-hint`}>
        {t('week.help')}
      </p>
      {DAYS.map((day, i) => (
        <label key={day} className="week-day">
          <span className="week-day-name">{names[i]}</span>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('dayOff')}
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
