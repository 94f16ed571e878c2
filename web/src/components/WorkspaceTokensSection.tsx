import { useRef, useState } from 'react';
import { AppWindow } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { count } from '../format';
import { useToast } from '../toast';
import type { AccessToken } from '../types';
import type { Loaded } from '../useLoad';
import { ConfirmDialog } from './ConfirmDialog';
import { scopeLabel, TokensTable } from './TokensTable';
import { ListCard, SectionHead } from './ui';

/** Settings › Integrations › Personal access tokens: every token of the workspace, revocable. */
export function WorkspaceTokensSection({ list }: { list: Loaded<{ tokens: AccessToken[] }> }) {
  const { t } = useTranslation('settings');
  const toast = useToast();
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const tokens = list.data?.tokens ?? [];
  const active = tokens.filter((token) => token.status === 'active').length;

  return (
    <section className="section" aria-labelledby="tokens-title" data-testid="workspace-tokens">
      <SectionHead
        id="tokens-title"
        title={t('tokens.title')}
        pill={list.data ? t('tokens.activeCount', { count: active, n: count(active) }) : null}
        sub={t('tokens.sub')}
        headingRef={heading}
      />
      <ListCard
        list={list}
        rows={3}
        empty={tokens.length === 0 ? { icon: <AppWindow size={20} aria-hidden />, title: t('tokens.emptyTitle'), text: t('tokens.emptyText') } : null}
      >
        <TokensTable tokens={tokens} label={t('tokens.tableLabel')} owner="person" onRevoke={setRevoking} />
      </ListCard>

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={t('tokens.revokeTitle', { owner: revoking?.account.name ?? '' })}
        confirmLabel={t('tokens.revokeConfirm')}
        onConfirm={async () => {
          await api.revokeWorkspaceToken(revoking!.id);
          toast(t('tokens.revokedToast', { owner: revoking!.account.name, name: revoking!.name }));
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        {revoking ? (
          <p>
            <Trans
              t={t}
              i18nKey="tokens.revokeBody"
              values={{
                name: revoking.name,
                scope: scopeLabel(revoking.scope).toLowerCase(),
                prefix: revoking.prefix,
                owner: revoking.account.name,
                email: revoking.account.email,
              }}
              components={{ b: <strong />, mono: <span className="mono" /> }}
            />
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
