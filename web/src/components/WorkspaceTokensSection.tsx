import { useRef, useState } from 'react';
import { AppWindow } from 'lucide-react';
import { api } from '../api';
import { useToast } from '../toast';
import type { AccessToken } from '../types';
import type { Loaded } from '../useLoad';
import { ConfirmDialog } from './ConfirmDialog';
import { SCOPE_LABEL, TokensTable } from './TokensTable';
import { EmptyState, ErrorBanner, SkeletonRows } from './ui';

/** Settings › Integrations › Personal access tokens: every token of the workspace, revocable. */
export function WorkspaceTokensSection({ list }: { list: Loaded<{ tokens: AccessToken[] }> }) {
  const toast = useToast();
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const tokens = list.data?.tokens ?? [];
  const active = tokens.filter((t) => t.status === 'active').length;

  return (
    <section className="section" aria-labelledby="tokens-title" data-testid="workspace-tokens">
      <div className="section-head">
        <h2 id="tokens-title" className="section-title" ref={heading} tabIndex={-1}>
          Personal access tokens {list.data ? <span className="count-pill">{active} active</span> : null}
          <span className="section-sub">made by people of the workspace under My account › Authorized apps</span>
        </h2>
      </div>
      <ErrorBanner error={list.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows rows={3} />
        ) : tokens.length === 0 ? (
          list.error ? null : (
            <EmptyState icon={<AppWindow size={20} aria-hidden />} title="Nobody has made a token">
              A person makes a token in My account › Authorized apps to let a script or another app call the API as them. Every token of the workspace shows here, and you can
              revoke any of them.
            </EmptyState>
          )
        ) : (
          <TokensTable tokens={tokens} label="Personal access tokens of the workspace" owner="person" onRevoke={setRevoking} />
        )}
      </div>

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke ${revoking?.account.name ?? ''}’s token?`}
        confirmLabel="Revoke token"
        onConfirm={async () => {
          await api.revokeWorkspaceToken(revoking!.id);
          toast(`${revoking!.account.name}’s token ${revoking!.name} revoked.`);
          await list.reload();
        }}
        fallbackFocus={() => heading.current}
      >
        <p>
          <strong>{revoking?.name}</strong> ({revoking ? SCOPE_LABEL[revoking.scope].toLowerCase() : ''}, <span className="mono">{revoking?.prefix}…</span>) stops working now:
          whatever script or app uses it to act as {revoking?.account.name} ({revoking?.account.email}) is refused from its next call. {revoking?.account.name} can make a new
          one.
        </p>
      </ConfirmDialog>
    </section>
  );
}
