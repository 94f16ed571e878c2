import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { History, RotateCw, Send } from 'lucide-react';
import { api } from '../api';
import { shortExactTime } from '../format';
import { useToast } from '../toast';
import type { WebhookDelivery, WebhookEndpoint } from '../types';
import { useLoad } from '../useLoad';
import { ExactTime, RelativeTime } from './RelativeTime';
import { Tip } from './Tip';
import { Badge, EmptyState, ErrorBanner, SkeletonRows } from './ui';

type Status = WebhookDelivery['status'];
const STATUS: Record<Status, { label: string; tone: 'ok' | 'warn' | 'danger' }> = {
  delivered: { label: 'Delivered', tone: 'ok' },
  pending: { label: 'Pending', tone: 'warn' },
  failed: { label: 'Failed', tone: 'danger' },
};

export function StatusBadge({ status }: { status: Status }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/** A row's delivery history: its own trigger, so closing returns focus to it. */
export function DeliveriesDialog({ webhook, onChange }: { webhook: WebhookEndpoint; onChange(): void }) {
  return (
    <Dialog.Root>
      <Tip content="Delivery history">
        <Dialog.Trigger asChild>
          <button type="button" className="icon-btn" aria-label={`Delivery history of ${webhook.url}`} data-testid="webhook-deliveries">
            <History size={15} aria-hidden />
          </button>
        </Dialog.Trigger>
      </Tip>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-wide" data-testid="deliveries-dialog">
          <Dialog.Title className="dialog-title">Deliveries to {webhook.url}</Dialog.Title>
          <Deliveries webhook={webhook} onChange={onChange} />
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="btn">
                Close
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Deliveries({ webhook, onChange }: { webhook: WebhookEndpoint; onChange(): void }) {
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
          <span>
            Newest first. A delivery that did not get a 2xx answer is retried for about a day and a half, then marked failed; “Re-send” sends the same message (same
            webhook-id) again now.
          </span>
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy !== null || !webhook.enabled}
            onClick={() => void act('test', () => api.testWebhook(webhook.id), 'A webhook.test message is on its way.')}
          >
            <Send size={14} aria-hidden /> Send test event
          </button>
        </div>
      </Dialog.Description>
      <ErrorBanner error={error ?? list.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows rows={3} />
        ) : deliveries.length === 0 ? (
          list.error ? null : (
            <EmptyState icon={<History size={20} aria-hidden />} title="Nothing sent yet">
              Each event this endpoint takes is listed here once it is sent, with your app’s answer.
            </EmptyState>
          )
        ) : (
          <table className="table stack" aria-label={`Deliveries to ${webhook.url}`}>
            <thead>
              <tr>
                <th>Event</th>
                <th>Status</th>
                <th>Response</th>
                <th>Attempts</th>
                <th>Time</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <td data-label="Event">
                    <span className="mono">{d.type}</span>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={d.status} />
                  </td>
                  <td data-label="Response">
                    {d.responseCode !== null ? (
                      <span className="mono" data-testid="response-code">
                        {d.responseCode}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                    {d.lastError ? <span className="cell-sub">{d.lastError}</span> : null}
                  </td>
                  <td data-label="Attempts">
                    {d.attempts}
                    {d.nextAttemptAt ? (
                      <span className="cell-sub">
                        next <RelativeTime iso={d.nextAttemptAt} />
                      </span>
                    ) : null}
                  </td>
                  <td data-label="Time">
                    <ExactTime iso={d.lastAttemptAt ?? d.createdAt} />
                  </td>
                  <td className="col-action">
                    <button
                      type="button"
                      className="btn btn-sm"
                      disabled={busy !== null}
                      onClick={() => void act(d.id, () => api.resendWebhookDelivery(webhook.id, d.id), `The ${d.type} message is sent again.`)}
                      aria-label={`Re-send the ${d.type} delivery of ${shortExactTime(d.createdAt)}`}
                    >
                      <RotateCw size={14} aria-hidden /> {busy === d.id ? 'Sending…' : 'Re-send'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
