import { exactTime, relativeTime } from '../format';
import { Tip } from './Tip';

/** "3 h ago", with the exact time in the viewer's zone on hover. */
export function RelativeTime({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <Tip content={exactTime(iso)}>
      <time dateTime={iso} className="reltime">
        {relativeTime(iso)}
      </time>
    </Tip>
  );
}
