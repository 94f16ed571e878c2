import { Clock } from 'lucide-react';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useLive } from '../liveConnection';

const WARNING_MS = 10 * 60_000;

/** "18:00" in the workspace's zone. */
export function shiftTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/**
 * "Your shift ends at 18:00": from the live warning ten minutes before, or, for a tab opened
 * after it, from the agent's hours read at load.
 */
export function ShiftBanner() {
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
        Your shift ends at <strong>{shiftTime(ending.endsAt, ending.timeZone)}</strong>. You will be signed out then.
      </span>
    </div>
  );
}
