import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState, type FormEvent } from 'react';
import { KeyRound, Power, Trash2, Webhook } from 'lucide-react';
import { api } from '../api';
import { useToast } from '../toast';
import type { WebhookEndpoint, WebhookEvent } from '../types';
import type { Loaded } from '../useLoad';
import { ConfirmDialog } from './ConfirmDialog';
import { DialogCancel } from './DialogCancel';
import { NewSecretDialog, type Made } from './NewSecretDialog';
import { RelativeTime } from './RelativeTime';
import { SecretOnce } from './SecretOnce';
import { Tip } from './Tip';
import { DeliveriesDialog, StatusBadge } from './WebhookDeliveries';
import { Badge, EmptyState, ErrorBanner, SkeletonRows } from './ui';

/**
 * The events an endpoint may take, in words. A Record over the generated union: when the server
 * adds an event, the console stops compiling until it is explained here.
 */
const EVENT_TEXT: Record<WebhookEvent, string> = {
  'session.started': 'Someone signs in: a new session starts',
  'session.ended': 'A session ends: signed out, ended by an administrator or timed out',
  'account.created': 'An agent or administrator account is added',
  'account.disabled': 'An account is disabled (its sessions end with it)',
  'security.settings_changed': 'Settings › Security is changed',
  'key.revoked': 'A service key is revoked',
};
const EVENTS = Object.keys(EVENT_TEXT) as WebhookEvent[];

const USAGE = 'Verify each delivery’s webhook-signature header with it (HMAC-SHA256, the Standard Webhooks convention).';

/** Settings › Integrations › Webhooks: the endpoints Gatehouse tells about what happens, as it happens. */
export function WebhooksSection({ list }: { list: Loaded<{ webhooks: WebhookEndpoint[] }> }) {
  const toast = useToast();
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const webhooks = list.data?.webhooks ?? [];
  const enabled = webhooks.filter((w) => w.enabled).length;

  const toggle = async (w: WebhookEndpoint) => {
    try {
      await api.updateWebhook(w.id, { enabled: !w.enabled });
      toast(w.enabled ? `${w.url} disabled: nothing is sent to it until it is enabled again.` : `${w.url} enabled.`);
    } catch (err) {
      toast(err instanceof Error ? err.message : 'The endpoint could not be changed.');
    }
    await list.reload();
  };

  return (
    <section className="section" aria-labelledby="webhooks-title" data-testid="webhooks">
      <div className="section-head">
        <h2 id="webhooks-title" className="section-title" ref={heading} tabIndex={-1}>
          Webhooks {list.data ? <span className="count-pill">{enabled} enabled</span> : null}
          <span className="section-sub">for your other apps to hear about sign-ins, ended sessions and changes as they happen</span>
        </h2>
        <NewSecretDialog
          label="Add endpoint"
          title="Add a webhook endpoint"
          secretLabel="Signing secret"
          usage={USAGE}
          testId="new-webhook"
          form={({ busy, setBusy, made }) => (
            <NewWebhookForm
              busy={busy}
              setBusy={setBusy}
              made={(m) => {
                made(m);
                void list.reload();
              }}
            />
          )}
        />
      </div>
      <ErrorBanner error={list.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows rows={2} />
        ) : webhooks.length === 0 ? (
          list.error ? null : (
            <EmptyState icon={<Webhook size={20} aria-hidden />} title="No webhook endpoint yet">
              An endpoint is an address of one of your apps (a chat bot, a SIEM, an HR tool) that Gatehouse sends a signed HTTPS POST to whenever one of the events it takes
              happens. Add one with “Add endpoint”.
            </EmptyState>
          )
        ) : (
          <table className="table stack" aria-label="Webhook endpoints">
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>Events</th>
                <th>State</th>
                <th>Last delivery</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {webhooks.map((w) => (
                <tr key={w.id} data-webhook={w.url}>
                  <td data-label="Endpoint">
                    <span className="cell-main mono webhook-url">{w.url}</span>
                    {w.description ? <span className="cell-sub">{w.description}</span> : null}
                  </td>
                  <td data-label="Events">
                    <span className="webhook-events">
                      {w.events.map((e) => (
                        <span key={e} className="mono webhook-event" title={EVENT_TEXT[e]}>
                          {e}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td data-label="State">{w.enabled ? <Badge tone="ok">Enabled</Badge> : <Badge>Disabled</Badge>}</td>
                  <td data-label="Last delivery">
                    {w.lastDelivery ? (
                      <span className="ended-state">
                        <span>
                          <StatusBadge status={w.lastDelivery.status} />
                          {w.lastDelivery.responseCode !== null ? <span className="mono webhook-code">{w.lastDelivery.responseCode}</span> : null}
                        </span>
                        <span className="cell-sub">
                          <RelativeTime iso={w.lastDelivery.at} />
                        </span>
                      </span>
                    ) : (
                      <span className="muted">None yet</span>
                    )}
                  </td>
                  <td className="col-action">
                    <span className="row-actions">
                      <DeliveriesDialog webhook={w} onChange={() => void list.reload()} />
                      <Tip content="Rotate secret">
                        <button type="button" className="icon-btn" onClick={() => setRotating(w)} aria-label={`Rotate the signing secret of ${w.url}`}>
                          <KeyRound size={15} aria-hidden />
                        </button>
                      </Tip>
                      <Tip content={w.enabled ? 'Disable' : 'Enable'}>
                        <button type="button" className="icon-btn" onClick={() => void toggle(w)} aria-label={`${w.enabled ? 'Disable' : 'Enable'} ${w.url}`}>
                          <Power size={15} aria-hidden />
                        </button>
                      </Tip>
                      <Tip content="Delete">
                        <button type="button" className="icon-btn icon-btn-danger" onClick={() => setDeleting(w)} aria-label={`Delete ${w.url}`}>
                          <Trash2 size={15} aria-hidden />
                        </button>
                      </Tip>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <RotateDialog webhook={rotating} onClose={() => setRotating(null)} fallbackFocus={() => heading.current} rotated={() => void list.reload()} />

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        onConfirm={async () => {
          await api.deleteWebhook(deleting!.id);
          toast(`${deleting!.url} deleted.`);
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        <p>
          Gatehouse stops sending events to <strong className="mono webhook-url">{deleting?.url}</strong> now. Its delivery history goes with it, and anything still waiting to
          be sent to it is dropped.
        </p>
        <p>This cannot be undone: to receive events there again, add it again and give the app its new secret.</p>
      </ConfirmDialog>
    </section>
  );
}

function NewWebhookForm({ busy, setBusy, made }: { busy: boolean; setBusy(busy: boolean): void; made(made: Made): void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { webhook, secret } = await api.createWebhook({ url: url.trim(), events, description: description.trim() });
      made({ name: webhook.url, secret });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <Dialog.Description className="dialog-body">
        Gatehouse sends a signed HTTPS POST to this address whenever one of the events you pick happens. It is retried for about a day and a half if your app does not answer
        2xx.
      </Dialog.Description>
      <div id="new-webhook-error">
        <ErrorBanner error={error} />
      </div>
      <label className="field">
        <span className="field-label">URL</span>
        <input
          type="url"
          name="url"
          autoComplete="off"
          placeholder="https://example.com/gatehouse-events"
          value={url}
          disabled={busy}
          onChange={(e) => setUrl(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-webhook-error new-webhook-url-help' : 'new-webhook-url-help'}
        />
        <span id="new-webhook-url-help" className="field-help">
          An https:// address on the public internet.
        </span>
      </label>
      <label className="field">
        <span className="field-label">Description (optional)</span>
        <input
          type="text"
          name="description"
          autoComplete="off"
          placeholder="Security team’s alert bot"
          maxLength={200}
          value={description}
          disabled={busy}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <fieldset className="fieldset-plain field" aria-describedby="new-webhook-events-help" disabled={busy}>
        <legend className="field-label legend">Events</legend>
        <span id="new-webhook-events-help" className="field-help">
          What this endpoint is told about. Pick at least one.
        </span>
        <div className="grants webhook-event-choices">
          {EVENTS.map((e) => (
            <label key={e} className="grant">
              <input type="checkbox" checked={events.includes(e)} onChange={(ev) => setEvents((all) => (ev.target.checked ? [...all, e] : all.filter((x) => x !== e)))} />
              <span className="choice-text">
                <span>{EVENT_TEXT[e]}</span>
                <span className="choice-sub mono">{e}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="dialog-actions">
        <DialogCancel busy={busy} />
        <button type="submit" className="btn btn-primary" disabled={busy || url.trim() === '' || events.length === 0}>
          {busy ? 'Adding…' : 'Add endpoint'}
        </button>
      </div>
    </form>
  );
}

/**
 * "Rotate secret": a confirmation, then the new secret shown once, in one dialog (as "Add
 * endpoint" does), so focus goes back to the row's button when it closes.
 */
function RotateDialog({
  webhook,
  onClose,
  fallbackFocus,
  rotated,
}: {
  webhook: WebhookEndpoint | null;
  onClose(): void;
  fallbackFocus(): HTMLElement | null;
  rotated(): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const onOpenChange = (open: boolean) => {
    if (busy || open) return;
    setSecret(null);
    setError(null);
    onClose();
  };
  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.rotateWebhookSecret(webhook!.id);
      setSecret(answer.secret);
      rotated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open={webhook !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog"
          data-testid="rotate-webhook-dialog"
          onPointerDownOutside={(e) => secret && e.preventDefault()}
          onOpenAutoFocus={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            (opener.current?.isConnected ? opener.current : fallbackFocus())?.focus();
            opener.current = null;
          }}
        >
          {secret ? (
            <>
              <Dialog.Title className="dialog-title">A new secret for {webhook?.url}</Dialog.Title>
              <Dialog.Description className="dialog-body">
                This is the only time it is shown. The old secret keeps signing beside it for 24 hours, while you give your app this one.
              </Dialog.Description>
              <SecretOnce secret={secret} label="Signing secret" usage={USAGE} />
              <div className="dialog-actions">
                <Dialog.Close asChild>
                  <button type="button" className="btn btn-primary">
                    Done
                  </button>
                </Dialog.Close>
              </div>
            </>
          ) : (
            <>
              <Dialog.Title className="dialog-title">Rotate the signing secret?</Dialog.Title>
              <Dialog.Description asChild>
                <div className="dialog-body">
                  <p>
                    Gatehouse makes a new secret for <strong className="mono webhook-url">{webhook?.url}</strong> and shows it once. For the next 24 hours each delivery
                    carries two signatures, one with the old secret and one with the new, so your app keeps accepting them while you change it.
                  </p>
                </div>
              </Dialog.Description>
              <ErrorBanner error={error} />
              <div className="dialog-actions">
                <DialogCancel busy={busy} />
                <button type="button" className="btn btn-primary" onClick={() => void rotate()} disabled={busy}>
                  {busy ? 'Rotating…' : 'Rotate secret'}
                </button>
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
