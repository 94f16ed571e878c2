import { useRef, useState } from 'react';
import { KeyRound } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { count } from '../format';
import { useToast } from '../toast';
import type { ServiceKey } from '../types';
import type { Loaded } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { ConfirmDialog } from './ConfirmDialog';
import { Field } from './Field';
import { NewSecretDialog, NewSecretForm, type SecretStep } from './NewSecretDialog';
import { RelativeTime } from './RelativeTime';
import { LastUsedCell, RevokeButton } from './TokensTable';
import { Badge, ListCard, SectionHead, TableHead } from './ui';

/** Settings › Integrations › Service keys: what other apps use to ask Gatehouse about a session. */
export function ServiceKeysSection({ list }: { list: Loaded<{ keys: ServiceKey[] }> }) {
  const { t } = useTranslation('settings');
  const toast = useToast();
  const [revoking, setRevoking] = useState<ServiceKey | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const keys = list.data?.keys ?? [];
  const active = keys.filter((k) => k.status === 'active').length;

  return (
    <section className="section" aria-labelledby="keys-title" data-testid="service-keys">
      <SectionHead
        id="keys-title"
        title={t('keys.title')}
        pill={list.data ? t('keys.activeCount', { count: active, n: count(active) }) : null}
        sub={t('keys.sub')}
        headingRef={heading}
        action={
          <NewSecretDialog
            label={t('keys.new')}
            title={t('keys.newTitle')}
            secretLabel={t('keys.secretLabel')}
            usage={t('keys.usage')}
            testId="new-key"
            form={(step) => <NewKeyForm {...step} />}
            onMade={() => void list.reload()}
          />
        }
      />
      <ListCard list={list} rows={3} empty={keys.length === 0 ? { icon: <KeyRound size={20} aria-hidden />, title: t('keys.emptyTitle'), text: t('keys.emptyText') } : null}>
        <table className="table stack" aria-label={t('keys.tableLabel')}>
          <TableHead columns={[t('shared.name'), t('shared.created'), t('shared.lastUsed'), t('shared.status')]} />
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key={k.name}>
                <td data-label={t('shared.name')}>
                  <span className="cell-main">{k.name}</span>
                  <span className="cell-sub mono" title={t('keys.prefixTitle')}>
                    {k.prefix}…
                  </span>
                </td>
                <td data-label={t('shared.created')}>
                  <RelativeTime iso={k.createdAt} />
                  {k.createdBy ? <span className="cell-sub">{t('shared.byName', { name: k.createdBy.name ?? t('keys.removedAccount') })}</span> : null}
                </td>
                <LastUsedCell at={k.lastUsedAt} ip={k.lastUsedIp} />
                <td data-label={t('shared.status')}>
                  {k.status === 'active' ? (
                    <Badge tone="ok">{t('keys.statusActive')}</Badge>
                  ) : (
                    <span className="ended-state">
                      <Badge>{t('keys.statusRevoked')}</Badge>
                      <span className="cell-sub">
                        <RelativeTime iso={k.revokedAt} />
                        {k.revokedBy?.name ? ` ${t('shared.byName', { name: k.revokedBy.name })}` : ''}
                      </span>
                    </span>
                  )}
                </td>
                <td className="col-action">
                  {k.status === 'active' ? <RevokeButton label={t('keys.revokeLabel', { name: k.name })} onClick={() => setRevoking(k)} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListCard>

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={t('keys.revokeTitle', { name: revoking?.name ?? t('keys.thisKey') })}
        confirmLabel={t('keys.revokeConfirm')}
        onConfirm={async () => {
          await api.revokeServiceKey(revoking!.id);
          toast(t('keys.revokedToast', { name: revoking!.name }));
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        <p>
          <Trans
            t={t}
            i18nKey="keys.revokeBody"
            values={{ name: revoking?.name ?? '', prefix: revoking?.prefix ?? '' }}
            components={{ b: <strong />, mono: <span className="mono" /> }}
          />
        </p>
        <p>{t('shared.cannotUndo')}</p>
      </ConfirmDialog>
    </section>
  );
}

function NewKeyForm(step: SecretStep) {
  const { t } = useTranslation('settings');
  const [name, setName] = useState('');
  const submit = useSubmit(step);
  const create = async () => {
    const { key, secret } = await api.createServiceKey(name);
    step.made({ name: key.name, secret });
  };
  return (
    <NewSecretForm
      intro={t('keys.formIntro')}
      errorId="new-key-error"
      submit={submit}
      action={create}
      ready={name.trim() !== ''}
      submitLabel={t('keys.create')}
      busyLabel={t('keys.creating')}
    >
      <Field
        label={t('shared.name')}
        type="text"
        name="name"
        autoComplete="off"
        placeholder={t('keys.namePlaceholder')}
        maxLength={120}
        value={name}
        disabled={submit.busy}
        onChange={(e) => setName(e.target.value)}
        invalid={Boolean(submit.error)}
        errorId="new-key-error"
      />
    </NewSecretForm>
  );
}
