import { Clock } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLive } from '../liveConnection';
import { shiftTime } from './shiftTimes';

const WARNING_MS = 10 * 60_000;

/**
 * "Your shift ends at 18:00": from the live warning ten minutes before, or, for a tab opened
 * after it, from the agent's hours read at load.
 */
export function ShiftBanner() {
  const { t } = useTranslation('shifts');
  const { client } = useLive();
  const [ending, setEnding] = useState<{ endsAt: string; timeZone: string } | null>(null);

  useEffect(() => {
    let live = true;
    api.myWorkingHours().then(
      (hours) => {
        if (live && hours.restricted && hours.endsAt && Date.parse(hours.endsAt) - Date.now() <= WARNING_MS) setEnding({ endsAt: hours.endsAt, timeZone: hours.timeZone });
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => client?.onShiftEnding((event) => setEnding({ endsAt: event.endsAt, timeZone: event.timeZone })), [client]);

  if (!ending) return null;
  return (
    <div className="shift-banner" role="status" data-testid="shift-banner">
      <Clock size={18} aria-hidden />
      <span>
        <Trans t={t} i18nKey="banner" values={{ time: shiftTime(ending.endsAt, ending.timeZone) }} components={{ b: <strong /> }} />
      </span>
    </div>
  );
}
