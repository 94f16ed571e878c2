import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { History, RotateCw, Send } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { count, shortExactTime } from '../format';
import { useToast } from '../toast';
import type { WebhookDelivery, WebhookEndpoint } from '../types';
import { useLoad } from '../useLoad';
import { ExactTime, RelativeTime } from './RelativeTime';
import { Tip } from './Tip';
import { Badge, ListCard, TableHead } from './ui';

type Status = WebhookDelivery['status'];
const TONE: Record<Status, 'ok' | 'warn' | 'danger'> = { delivered: 'ok', pending: 'warn', failed: 'danger' };

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation('settings');
  return <Badge tone={TONE[status]}>{t(`deliveries.status.${status}`)}</Badge>;
}

/** A row's delivery history: its own trigger, so closing returns focus to it. */
export function DeliveriesDialog({ webhook, onChange }: { webhook: WebhookEndpoint; onChange(): void }) {
  const { t } = useTranslation(['settings', 'common']);
  return (
    <Dialog.Root>
      <Tip content={t('deliveries.historyTip')}>
        <Dialog.Trigger asChild>
          <button type="button" className="icon-btn" aria-label={t('deliveries.historyLabel', { url: webhook.url })} data-testid="webhook-deliveries">
            <History size={15} aria-hidden />
          </button>
        </Dialog.Trigger>
      </Tip>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-wide" data-testid="deliveries-dialog">
          <Dialog.Title className="dialog-title">{t('deliveries.title', { url: webhook.url })}</Dialog.Title>
          <Deliveries webhook={webhook} onChange={onChange} />
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="btn">
                {t('common:actions.close')}
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Deliveries({ webhook, onChange }: { webhook: WebhookEndpoint; onChange(): void }) {
  const { t } = useTranslation('settings');
  const toast = useToast();
  // Polled while open: a re-send or a retry shows up without a click.
  const list = useLoad(() => api.webhookDeliveries(webhook.id, { limit: 50 }), [webhook.id], { every: 3000 });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const deliveries = list.data?.deliveries ?? [];

  const act = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setError(null);
    try {
      await action();
      toast(done);
      await list.reload();
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Dialog.Description asChild>
        <div className="dialog-body deliveries-head">
          <span>{t('deliveries.intro')}</span>
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy !== null || !webhook.enabled}
            onClick={() => void act('test', () => api.testWebhook(webhook.id), t('deliveries.testSent'))}
          >
            <Send size={14} aria-hidden /> {t('deliveries.sendTest')}
          </button>
        </div>
      </Dialog.Description>
      <ListCard
        list={list}
        rows={3}
        error={error}
        empty={deliveries.length === 0 ? { icon: <History size={20} aria-hidden />, title: t('deliveries.emptyTitle'), text: t('deliveries.emptyText') } : null}
      >
        <table className="table stack" aria-label={t('deliveries.title', { url: webhook.url })}>
          <TableHead columns={[t('deliveries.event'), t('shared.status'), t('deliveries.response'), t('deliveries.attempts'), t('deliveries.time')]} />
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-delivery={d.id}>
                <td data-label={t('deliveries.event')}>
                  <span className="mono">{d.type}</span>
                </td>
                <td data-label={t('shared.status')}>
                  <StatusBadge status={d.status} />
                </td>
                <td data-label={t('deliveries.response')}>
                  {d.responseCode !== null ? (
                    <span className="mono" data-testid="response-code">
                      {d.responseCode}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                  {d.lastError ? <span className="cell-sub">{d.lastError}</span> : null}
                </td>
                <td data-label={t('deliveries.attempts')}>
                  {count(d.attempts)}
                  {d.nextAttemptAt ? (
                    <span className="cell-sub">
                      <Trans t={t} i18nKey="deliveries.next" components={{ time: <RelativeTime iso={d.nextAttemptAt} /> }} />
                    </span>
                  ) : null}
                </td>
                <td data-label={t('deliveries.time')}>
                  <ExactTime iso={d.lastAttemptAt ?? d.createdAt} />
                </td>
                <td className="col-action">
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={busy !== null}
                    onClick={() => void act(d.id, () => api.resendWebhookDelivery(webhook.id, d.id), t('deliveries.resentToast', { type: d.type }))}
                    aria-label={t('deliveries.resendLabel', { type: d.type, time: shortExactTime(d.createdAt) })}
                  >
                    <RotateCw size={14} aria-hidden /> {busy === d.id ? t('deliveries.sending') : t('deliveries.resend')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListCard>
    </>
  );
}
