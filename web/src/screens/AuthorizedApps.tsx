import { useRef, useState } from 'react';
import { AppWindow } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { NewSecretDialog, NewSecretForm, type SecretStep } from '../components/NewSecretDialog';
import { TokensTable } from '../components/TokensTable';
import { ListCard, PageHeader } from '../components/ui';
import { durationLabel } from '../format';
import { i18n } from '../i18n';
import { useToast } from '../toast';
import type { AccessToken, Me, TokenScope } from '../types';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';

// The API takes 1 to 365 days; a token always expires, so "never" is not offered.
const EXPIRY_DAYS = [7, 30, 90, 365];
const expiryLabel = (days: number) => (days === 365 ? i18n.t('sessions:apps.oneYear') : durationLabel(days * 1440));

const SCOPES: TokenScope[] = ['read', 'full'];

/** My account › Authorized apps: the tokens this login made for scripts and other apps. */
export function AuthorizedApps() {
  const { t } = useTranslation(['sessions', 'common']);
  const me = useMe();
  const toast = useToast();
  const list = useLoad(() => api.myTokens(), []);
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const tokens = list.data?.tokens ?? [];

  return (
    <div className="page">
      <PageHeader
        title={t('common:titles.authorizedApps')}
        description={t('apps.description')}
        actions={
          <NewSecretDialog
            label={t('apps.newToken')}
            title={t('apps.newTitle')}
            secretLabel={t('apps.secretLabel')}
            usage={t('apps.usage')}
            testId="new-token"
            form={(step) => <NewTokenForm account={me.account} {...step} />}
            onMade={() => void list.reload()}
          />
        }
      />
      <h2 className="sr-only" ref={heading} tabIndex={-1}>
        {t('apps.yourTokens')}
      </h2>
      <ListCard list={list} rows={3} empty={tokens.length === 0 ? { icon: <AppWindow size={20} aria-hidden />, title: t('apps.empty'), text: t('apps.emptyText') } : null}>
        <TokensTable tokens={tokens} label={t('apps.tableLabel')} owner={me.linkedAccount ? 'account' : 'none'} onRevoke={setRevoking} />
      </ListCard>

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={revoking ? t('apps.revokeTitle', { name: revoking.name }) : t('apps.revokeThisTitle')}
        confirmLabel={t('apps.revokeConfirm')}
        onConfirm={async () => {
          await api.revokeMyToken(revoking!.id);
          toast(t('apps.revokedToast', { name: revoking!.name }));
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        {revoking ? (
          <p>
            <Trans
              t={t}
              i18nKey="apps.revokeBody"
              values={{ name: revoking.name, scope: t(`apps.scopeInline.${revoking.scope}`), prefix: revoking.prefix }}
              components={{ b: <strong />, prefix: <span className="mono" /> }}
            />
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

/** The first step of "New token": name, scope and expiry. */
function NewTokenForm({ account, ...step }: { account: Me['account'] } & SecretStep) {
  const { t } = useTranslation(['sessions', 'common']);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [days, setDays] = useState(30);
  const submit = useSubmit(step);
  const create = async () => {
    const { token, secret } = await api.createMyToken({ name, scope, expiresInDays: days });
    step.made({ name: token.name, secret });
  };
  return (
    <NewSecretForm
      intro={account.role === 'admin' ? t('apps.actsAsAdmin', { email: account.email }) : t('apps.actsAsAgent', { email: account.email })}
      errorId="new-token-error"
      submit={submit}
      action={create}
      ready={name.trim() !== ''}
      submitLabel={t('apps.create')}
      busyLabel={t('apps.creating')}
    >
      <fieldset className="fieldset-plain" disabled={submit.busy}>
        <Field
          label={t('apps.name')}
          type="text"
          name="name"
          autoComplete="off"
          placeholder={t('apps.namePlaceholder')}
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.target.value)}
          invalid={Boolean(submit.error)}
          errorId="new-token-error"
        />
        <fieldset className="fieldset-plain field">
          <legend className="field-label legend">{t('apps.scopeLegend')}</legend>
          <div className="scope-choices">
            {SCOPES.map((s) => (
              <label key={s} className="grant scope-choice">
                <input type="radio" name="scope" value={s} checked={scope === s} onChange={() => setScope(s)} aria-describedby={`scope-${s}-help`} />
                <span>
                  <span className="scope-name">{t(`apps.scope.${s}`)}</span>
                  <span id={`scope-${s}-help`} className="field-help scope-help">
                    {t(`apps.scopeHelp.${s}`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor="token-expiry">
            {t('apps.expiresAfter')}
          </label>
          <select id="token-expiry" value={days} onChange={(e) => setDays(Number(e.target.value))} aria-describedby="token-expiry-help">
            {EXPIRY_DAYS.map((days) => (
              <option key={days} value={days}>
                {expiryLabel(days)}
              </option>
            ))}
          </select>
          <span id="token-expiry-help" className="field-help">
            {t('apps.expiryHelp')}
          </span>
        </div>
      </fieldset>
    </NewSecretForm>
  );
}
