import * as Dialog from '@radix-ui/react-dialog';
import { CalendarClock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { plural } from '../format';
import { useToast } from '../toast';
import type { Account } from '../types';
import { ErrorBanner } from './ui';
import { parseWeek, weekText, WeekEditor } from './WeekEditor';

/**
 * Team › Agents › "Working hours…": one weekly schedule for every selected agent (or back to the
 * workspace's default). The button is the dialog's trigger, so closing returns focus to it.
 */
export function WorkingHoursDialog({ accounts, onDone }: { accounts: Account[]; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && setOpen(next)}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn btn-sm" data-testid="bulk-hours">
          <CalendarClock size={14} aria-hidden /> Working hours…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="hours-dialog">
          <Dialog.Title className="dialog-title">Working hours of {plural(accounts.length, 'agent')}</Dialog.Title>
          <HoursForm
            accounts={accounts}
            busy={busy}
            setBusy={setBusy}
            onDone={() => {
              setOpen(false);
              onDone();
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function HoursForm({ accounts, busy, setBusy, onDone }: { accounts: Account[]; busy: boolean; setBusy(busy: boolean): void; onDone(): void }) {
  const toast = useToast();
  const [useDefault, setUseDefault] = useState(false);
  const [week, setWeek] = useState(() => weekText(null));
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { updated, results } = await api.setAgentSchedules(
        accounts.map((a) => a.id),
        useDefault ? null : parseWeek(week),
      );
      const refused = results.filter((r) => r.status === 'refused');
      toast(
        `Working hours set for ${plural(updated, 'agent')}${refused.length > 0 ? `; ${plural(refused.length, 'account')} refused: ${refused[0]!.error?.message ?? ''}` : '.'}`,
      );
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <Dialog.Description className="dialog-body">
        {accounts
          .slice(0, 3)
          .map((a) => a.name)
          .join(', ')}
        {accounts.length > 3 ? ` and ${plural(accounts.length - 3, 'other')}` : ''} get this schedule, in the workspace&rsquo;s time zone. Agents outside it are signed out at
        the next check.
      </Dialog.Description>
      <ErrorBanner error={error} />
      <label className="checkbox-field">
        <input type="checkbox" checked={useDefault} onChange={(e) => setUseDefault(e.target.checked)} />
        <span>Use the workspace&rsquo;s default instead</span>
      </label>
      {useDefault ? null : <WeekEditor idPrefix="bulk-week" value={week} onChange={setWeek} disabled={busy} />}
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button" className="btn" disabled={busy}>
            Cancel
          </button>
        </Dialog.Close>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="apply-hours">
          {busy ? 'Saving…' : 'Apply'}
        </button>
      </div>
    </form>
  );
}
