import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState } from 'react';
import { KeyRound, Power, Trash2, Webhook } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { count } from '../format';
import { i18n } from '../i18n';
import { useToast } from '../toast';
import type { WebhookEndpoint, WebhookEvent } from '../types';
import type { Loaded } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { ConfirmDialog } from './ConfirmDialog';
import { DialogCancel } from './DialogCancel';
import { Field } from './Field';
import { NewSecretDialog, NewSecretForm, type SecretStep } from './NewSecretDialog';
import { RelativeTime } from './RelativeTime';
import { SecretOnceStep } from './SecretOnce';
import { Tip } from './Tip';
import { DeliveriesDialog, StatusBadge } from './WebhookDeliveries';
import { Badge, ErrorBanner, ListCard, SectionHead, TableHead } from './ui';

/**
 * The events an endpoint may take. A Record over the generated union: when the server adds an
 * event, the console stops compiling until it is listed here (and explained in settings.json,
 * under webhooks.events, where the event's dotted name is the key's path).
 */
const EVENT_KNOWN: Record<WebhookEvent, true> = {
  'session.started': true,
  'session.ended': true,
  'account.created': true,
  'account.disabled': true,
  'security.settings_changed': true,
  'key.revoked': true,
};
const EVENTS = Object.keys(EVENT_KNOWN) as WebhookEvent[];

/** What an event means, in words; the event's name itself is an identifier and stays as it is. */
const eventText = (event: WebhookEvent) => i18n.t(`settings:webhooks.events.${event}`);

// The example address is an address, not words: it reads the same in every language.
const URL_EXAMPLE = 'https://example.com/gatehouse-events';

/** Settings › Integrations › Webhooks: the endpoints Gatehouse tells about what happens, as it happens. */
export function WebhooksSection({ list }: { list: Loaded<{ webhooks: WebhookEndpoint[] }> }) {
  const { t } = useTranslation('settings');
  const toast = useToast();
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const webhooks = list.data?.webhooks ?? [];
  const enabled = webhooks.filter((w) => w.enabled).length;

  const toggle = async (w: WebhookEndpoint) => {
    try {
      await api.updateWebhook(w.id, { enabled: !w.enabled });
      toast(w.enabled ? t('webhooks.disabledToast', { url: w.url }) : t('webhooks.enabledToast', { url: w.url }));
    } catch (err) {
      toast(err instanceof Error ? err.message : t('webhooks.changeFailed'));
    }
    await list.reload();
  };

  return (
    <section className="section" aria-labelledby="webhooks-title" data-testid="webhooks">
      <SectionHead
        id="webhooks-title"
        title={t('webhooks.title')}
        pill={list.data ? t('webhooks.enabledCount', { count: enabled, n: count(enabled) }) : null}
        sub={t('webhooks.sub')}
        headingRef={heading}
        action={
          <NewSecretDialog
            label={t('webhooks.add')}
            title={t('webhooks.addTitle')}
            secretLabel={t('webhooks.secretLabel')}
            usage={t('webhooks.usage')}
            testId="new-webhook"
            form={(step) => <NewWebhookForm {...step} />}
            onMade={() => void list.reload()}
          />
        }
      />
      <ListCard
        list={list}
        rows={2}
        empty={webhooks.length === 0 ? { icon: <Webhook size={20} aria-hidden />, title: t('webhooks.emptyTitle'), text: t('webhooks.emptyText') } : null}
      >
        <table className="table stack" aria-label={t('webhooks.tableLabel')}>
          <TableHead columns={[t('webhooks.endpoint'), t('webhooks.eventsLabel'), t('webhooks.state'), t('webhooks.lastDelivery')]} />
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id} data-webhook={w.url}>
                <td data-label={t('webhooks.endpoint')}>
                  <span className="cell-main mono webhook-url">{w.url}</span>
                  {w.description ? <span className="cell-sub">{w.description}</span> : null}
                </td>
                <td data-label={t('webhooks.eventsLabel')}>
                  <span className="webhook-events">
                    {w.events.map((e) => (
                      <span key={e} className="mono webhook-event" title={eventText(e)}>
                        {e}
                      </span>
                    ))}
                  </span>
                </td>
                <td data-label={t('webhooks.state')}>{w.enabled ? <Badge tone="ok">{t('webhooks.enabled')}</Badge> : <Badge>{t('webhooks.disabled')}</Badge>}</td>
                <td data-label={t('webhooks.lastDelivery')}>
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
                    <span className="muted">{t('webhooks.noneYet')}</span>
                  )}
                </td>
                <td className="col-action">
                  <span className="row-actions">
                    <DeliveriesDialog webhook={w} onChange={() => void list.reload()} />
                    <Tip content={t('webhooks.rotateTip')}>
                      <button type="button" className="icon-btn" onClick={() => setRotating(w)} aria-label={t('webhooks.rotateLabel', { url: w.url })}>
                        <KeyRound size={15} aria-hidden />
                      </button>
                    </Tip>
                    <Tip content={w.enabled ? t('webhooks.disable') : t('webhooks.enable')}>
                      <button
                        type="button"
                        className="icon-btn"
                        onClick={() => void toggle(w)}
                        aria-label={w.enabled ? t('webhooks.disableLabel', { url: w.url }) : t('webhooks.enableLabel', { url: w.url })}
                      >
                        <Power size={15} aria-hidden />
                      </button>
                    </Tip>
                    <Tip content={t('webhooks.delete')}>
                      <button type="button" className="icon-btn icon-btn-danger" onClick={() => setDeleting(w)} aria-label={t('webhooks.deleteLabel', { url: w.url })}>
                        <Trash2 size={15} aria-hidden />
                      </button>
                    </Tip>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListCard>

      <RotateDialog webhook={rotating} onClose={() => setRotating(null)} fallbackFocus={() => heading.current} rotated={() => void list.reload()} />

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t('webhooks.deleteTitle')}
        confirmLabel={t('webhooks.deleteConfirm')}
        onConfirm={async () => {
          await api.deleteWebhook(deleting!.id);
          toast(t('webhooks.deletedToast', { url: deleting!.url }));
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        <p>
          <Trans t={t} i18nKey="webhooks.deleteBody" values={{ url: deleting?.url ?? '' }} components={{ b: <strong className="mono webhook-url" /> }} />
        </p>
        <p>{t('webhooks.deleteFinal')}</p>
      </ConfirmDialog>
    </section>
  );
}

function NewWebhookForm(step: SecretStep) {
  const { t } = useTranslation('settings');
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const submit = useSubmit(step);
  const create = async () => {
    const { webhook, secret } = await api.createWebhook({ url: url.trim(), events, description: description.trim() });
    step.made({ name: webhook.url, secret });
  };
  return (
    <NewSecretForm
      intro={t('webhooks.formIntro')}
      errorId="new-webhook-error"
      submit={submit}
      action={create}
      ready={url.trim() !== '' && events.length > 0}
      submitLabel={t('webhooks.add')}
      busyLabel={t('webhooks.adding')}
    >
      <Field
        label={t('webhooks.url')}
        help={t('webhooks.urlHelp')}
        id="new-webhook-url"
        type="url"
        name="url"
        autoComplete="off"
        placeholder={URL_EXAMPLE}
        value={url}
        disabled={submit.busy}
        onChange={(e) => setUrl(e.target.value)}
        invalid={Boolean(submit.error)}
        errorId="new-webhook-error"
      />
      <Field
        label={t('webhooks.description')}
        type="text"
        name="description"
        autoComplete="off"
        placeholder={t('webhooks.descriptionPlaceholder')}
        maxLength={200}
        value={description}
        disabled={submit.busy}
        onChange={(e) => setDescription(e.target.value)}
      />
      <fieldset className="fieldset-plain field" aria-describedby="new-webhook-events-help" disabled={submit.busy}>
        <legend className="field-label legend">{t('webhooks.eventsLabel')}</legend>
        <span id="new-webhook-events-help" className="field-help">
          {t('webhooks.eventsHelp')}
        </span>
        <div className="grants webhook-event-choices">
          {EVENTS.map((e) => (
            <label key={e} className="grant">
              <input type="checkbox" checked={events.includes(e)} onChange={(ev) => setEvents((all) => (ev.target.checked ? [...all, e] : all.filter((x) => x !== e)))} />
              <span className="choice-text">
                <span>{eventText(e)}</span>
                <span className="choice-sub mono">{e}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </NewSecretForm>
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
  const { t } = useTranslation('settings');
  const { busy, error, setError, run } = useSubmit();
  const [secret, setSecret] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const onOpenChange = (open: boolean) => {
    if (busy || open) return;
    setSecret(null);
    setError(null);
    onClose();
  };
  const rotate = () =>
    run(async () => {
      const answer = await api.rotateWebhookSecret(webhook!.id);
      setSecret(answer.secret);
      rotated();
    });
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
            <SecretOnceStep
              title={t('webhooks.rotate.newTitle', { url: webhook?.url })}
              text={t('webhooks.rotate.newText')}
              secret={secret}
              label={t('webhooks.secretLabel')}
              usage={t('webhooks.usage')}
            />
          ) : (
            <>
              <Dialog.Title className="dialog-title">{t('webhooks.rotate.title')}</Dialog.Title>
              <Dialog.Description asChild>
                <div className="dialog-body">
                  <p>
                    <Trans t={t} i18nKey="webhooks.rotate.body" values={{ url: webhook?.url ?? '' }} components={{ b: <strong className="mono webhook-url" /> }} />
                  </p>
                </div>
              </Dialog.Description>
              <ErrorBanner error={error} />
              <div className="dialog-actions">
                <DialogCancel busy={busy} />
                <button type="button" className="btn btn-primary" onClick={() => void rotate()} disabled={busy}>
                  {busy ? t('webhooks.rotate.rotating') : t('webhooks.rotate.rotate')}
                </button>
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
