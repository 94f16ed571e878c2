import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState, type FormEvent } from 'react';
import { KeyRound } from 'lucide-react';
import { api } from '../api';
import { useToast } from '../toast';
import type { ServiceKey } from '../types';
import type { Loaded } from '../useLoad';
import { ConfirmDialog } from './ConfirmDialog';
import { DialogCancel } from './DialogCancel';
import { NewSecretDialog, type Made } from './NewSecretDialog';
import { RelativeTime } from './RelativeTime';
import { Badge, EmptyState, ErrorBanner, SkeletonRows } from './ui';

/** Settings › Integrations › Service keys: what other apps use to ask Gatehouse about a session. */
export function ServiceKeysSection({ list }: { list: Loaded<{ keys: ServiceKey[] }> }) {
  const toast = useToast();
  const [revoking, setRevoking] = useState<ServiceKey | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const keys = list.data?.keys ?? [];
  const active = keys.filter((k) => k.status === 'active').length;

  return (
    <section className="section" aria-labelledby="keys-title" data-testid="service-keys">
      <div className="section-head">
        <h2 id="keys-title" className="section-title" ref={heading} tabIndex={-1}>
          Service keys {list.data ? <span className="count-pill">{active} active</span> : null}
          <span className="section-sub">for your other apps to check a person’s session</span>
        </h2>
        <NewSecretDialog
          label="New key"
          title="New service key"
          secretLabel="Service key"
          usage="Your app sends it as Authorization: Bearer <key> to POST /api/introspect."
          testId="new-key"
          form={({ busy, setBusy, made }) => (
            <NewKeyForm
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
          <SkeletonRows rows={3} />
        ) : keys.length === 0 ? (
          list.error ? null : (
            <EmptyState icon={<KeyRound size={20} aria-hidden />} title="No service key yet">
              An app of your workspace (an inbox, a chat widget, a reporting tool) needs a key to ask Gatehouse whether the session cookie a person sent it is still valid.
              Make one with “New key” and give it to that app.
            </EmptyState>
          )
        ) : (
          <table className="table stack" aria-label="Service keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-key={k.name}>
                  <td data-label="Name">
                    <span className="cell-main">{k.name}</span>
                    <span className="cell-sub mono" title="The first characters of the key">
                      {k.prefix}…
                    </span>
                  </td>
                  <td data-label="Created">
                    <RelativeTime iso={k.createdAt} />
                    {k.createdBy ? <span className="cell-sub">by {k.createdBy.name ?? 'a removed account'}</span> : null}
                  </td>
                  <td data-label="Last used">
                    {k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} /> : <span className="muted">Never</span>}
                    {k.lastUsedIp ? <span className="cell-sub mono">from {k.lastUsedIp}</span> : null}
                  </td>
                  <td data-label="Status">
                    {k.status === 'active' ? (
                      <Badge tone="ok">Active</Badge>
                    ) : (
                      <span className="ended-state">
                        <Badge>Revoked</Badge>
                        <span className="cell-sub">
                          <RelativeTime iso={k.revokedAt} />
                          {k.revokedBy?.name ? ` by ${k.revokedBy.name}` : ''}
                        </span>
                      </span>
                    )}
                  </td>
                  <td className="col-action">
                    {k.status === 'active' ? (
                      <button type="button" className="btn btn-sm btn-danger-outline" onClick={() => setRevoking(k)} aria-label={`Revoke the key ${k.name}`}>
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'this key'}?`}
        confirmLabel="Revoke key"
        onConfirm={async () => {
          await api.revokeServiceKey(revoking!.id);
          toast(`${revoking!.name} revoked.`);
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        <p>
          Every app that uses <strong>{revoking?.name}</strong> (<span className="mono">{revoking?.prefix}…</span>) is refused from now on, by every Gatehouse node: its
          session checks answer 401 and the people it serves may be turned away until it has a new key.
        </p>
        <p>This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}

function NewKeyForm({ busy, setBusy, made }: { busy: boolean; setBusy(busy: boolean): void; made(made: Made): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { key, secret } = await api.createServiceKey(name);
      made({ name: key.name, secret });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <Dialog.Description className="dialog-body">
        A key lets one of your apps ask Gatehouse whether a person’s session is valid. Name it after the app that will use it, so you know what stops working if you revoke it.
      </Dialog.Description>
      <div id="new-key-error">
        <ErrorBanner error={error} />
      </div>
      <label className="field">
        <span className="field-label">Name</span>
        <input
          type="text"
          name="name"
          autoComplete="off"
          placeholder="Help desk inbox"
          maxLength={120}
          value={name}
          disabled={busy}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-key-error' : undefined}
        />
      </label>
      <div className="dialog-actions">
        <DialogCancel busy={busy} />
        <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
