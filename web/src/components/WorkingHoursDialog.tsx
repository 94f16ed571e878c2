import * as Dialog from '@radix-ui/react-dialog';
import { CalendarClock } from 'lucide-react';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { count } from '../format';
import { useToast } from '../toast';
import type { Account } from '../types';
import { useSubmit } from '../useSubmit';
import { DialogCancel } from './DialogCancel';
import { ErrorBanner } from './ui';
import { parseWeek, weekText, WeekEditor } from './WeekEditor';

/**
 * Team › Agents › "Working hours…": one weekly schedule for every selected agent (or back to the
 * workspace's default). The button is the dialog's trigger, so closing returns focus to it.
 */
export function WorkingHoursDialog({ accounts, onDone }: { accounts: Account[]; onDone(): void }) {
  const { t } = useTranslation('shifts');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && setOpen(next)}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn btn-sm" data-testid="bulk-hours">
          <CalendarClock size={14} aria-hidden /> {t('bulk.trigger')}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="hours-dialog">
          <Dialog.Title className="dialog-title">{t('bulk.title', { count: accounts.length, n: count(accounts.length) })}</Dialog.Title>
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

function HoursForm({ accounts, onDone, ...shared }: { accounts: Account[]; busy: boolean; setBusy(busy: boolean): void; onDone(): void }) {
  const { t } = useTranslation('shifts');
  const toast = useToast();
  const [useDefault, setUseDefault] = useState(false);
  const [week, setWeek] = useState(() => weekText(null));
  const { busy, error, onSubmit } = useSubmit(shared);
  const apply = async () => {
    const { updated, results } = await api.setAgentSchedules(
      accounts.map((a) => a.id),
      useDefault ? null : parseWeek(week),
    );
    const refused = results.filter((r) => r.status === 'refused');
    toast(
      refused.length > 0
        ? t('bulk.doneRefused', {
            count: updated,
            n: count(updated),
            refused: t('bulk.refused', { count: refused.length, n: count(refused.length) }),
            message: refused[0]!.error?.message ?? '',
          })
        : t('bulk.done', { count: updated, n: count(updated) }),
    );
    onDone();
  };
  return (
    <form noValidate onSubmit={onSubmit(apply)}>
      <Dialog.Description className="dialog-body">{t('bulk.description', { count: accounts.length, names: selectionNames(accounts, t) })}</Dialog.Description>
      <ErrorBanner error={error} />
      <label className="checkbox-field">
        <input type="checkbox" checked={useDefault} onChange={(e) => setUseDefault(e.target.checked)} />
        <span>{t('bulk.useDefault')}</span>
      </label>
      {useDefault ? null : <WeekEditor idPrefix="bulk-week" value={week} onChange={setWeek} disabled={busy} />}
      <div className="dialog-actions">
        <DialogCancel busy={busy} />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="apply-hours">
          {busy ? t('saving') : t('bulk.apply')}
        </button>
      </div>
    </form>
  );
}

/** "Ana, Ben, Chloé and 2 others": the first three names, then how many more. */
function selectionNames(accounts: Account[], t: TFunction<'shifts'>): string {
  const names = accounts
    .slice(0, 3)
    .map((a) => a.name)
    .join(', ');
  const others = accounts.length - 3;
  return others > 0 ? t('bulk.namesAndOthers', { count: others, n: count(others), names }) : names;
}
