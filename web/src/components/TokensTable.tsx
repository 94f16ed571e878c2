import { useTranslation } from 'react-i18next';
import type { AccessToken } from '../types';
import { exactTime, expiryLabel } from '../format';
import { i18n } from '../i18n';
import { RelativeTime } from './RelativeTime';
import { Tip } from './Tip';
import { Badge, TableHead } from './ui';

/** "in 5 days" when close, else the day ("5 Jan 2027"); the exact time on hover. */
function ExpiryTime({ iso }: { iso: string }) {
  return (
    <Tip content={exactTime(iso)}>
      <time dateTime={iso} className="reltime">
        {expiryLabel(iso)}
      </time>
    </Tip>
  );
}

/** What a token may do, in words: "Read-only", "Full access". */
export function scopeLabel(scope: AccessToken['scope']): string {
  return i18n.t(`settings:tokensTable.scope.${scope}`);
}

// Why the server revoked a token itself; any other reason shows who revoked it instead.
const REVOKE_REASONS = ['account_disabled', 'password_changed'] as const;

function TokenStatus({ token }: { token: AccessToken }) {
  const { t } = useTranslation('settings');
  if (token.status === 'active') return <Badge tone="ok">{t('tokensTable.active')}</Badge>;
  if (token.status === 'expired') return <Badge>{t('tokensTable.expired')}</Badge>;
  const reason = REVOKE_REASONS.find((r) => r === token.revokeReason);
  const why = reason ? t(`tokensTable.revokeReason.${reason}`) : undefined;
  return (
    <span className="ended-state">
      <Badge>{t('tokensTable.revoked')}</Badge>
      <span className="cell-sub">
        <RelativeTime iso={token.revokedAt} />
        {why ? `: ${why}` : token.revokedBy?.name ? ` ${t('shared.byName', { name: token.revokedBy.name })}` : ''}
      </span>
    </span>
  );
}

/** When a secret was last used and from where, or "Never". */
export function LastUsedCell({ at, ip }: { at: string | null; ip: string | null }) {
  const { t } = useTranslation('settings');
  return (
    <td data-label={t('shared.lastUsed')}>
      {at ? <RelativeTime iso={at} /> : <span className="muted">{t('shared.never')}</span>}
      {ip ? <span className="cell-sub mono">{t('shared.fromIp', { ip })}</span> : null}
    </td>
  );
}

/** A row's "Revoke" button; `label` names what it revokes. */
export function RevokeButton({ label, onClick }: { label: string; onClick(): void }) {
  const { t } = useTranslation('settings');
  return (
    <button type="button" className="btn btn-sm btn-danger-outline" onClick={onClick} aria-label={label}>
      {t('shared.revoke')}
    </button>
  );
}

interface Props {
  tokens: AccessToken[];
  label: string;
  /** Show whose token each is (the workspace's list), or which of the login's accounts it acts as. */
  owner: 'person' | 'account' | 'none';
  /** Opens the confirmation to revoke an active token. */
  onRevoke(token: AccessToken): void;
}

/** Personal access tokens: whose, what they may do, until when, and where they were last used. */
export function TokensTable({ tokens, label, owner, onRevoke }: Props) {
  const { t } = useTranslation('settings');
  return (
    <table className="table stack" aria-label={label}>
      <TableHead
        columns={[
          ...(owner === 'person' ? [t('tokensTable.owner')] : []),
          t('tokensTable.token'),
          t('shared.created'),
          t('tokensTable.expires'),
          t('shared.lastUsed'),
          t('shared.status'),
        ]}
      />
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id} data-token={token.name}>
            {owner === 'person' ? (
              <td data-label={t('tokensTable.owner')}>
                <span className="cell-main">{token.account.name}</span>
                <span className="cell-sub person-email">{token.account.email}</span>
                <span className="cell-sub">{t(`tokensTable.ownerAccount.${token.account.role}`)}</span>
              </td>
            ) : null}
            <td data-label={t('tokensTable.token')}>
              <span className="cell-main">{token.name}</span>
              <span className="token-meta">
                <Badge tone={token.scope === 'full' ? 'warn' : 'neutral'}>{scopeLabel(token.scope)}</Badge>
                <span className="mono muted" title={t('tokensTable.prefixTitle')}>
                  {token.prefix}…
                </span>
              </span>
              {owner === 'account' ? <span className="cell-sub">{t(`tokensTable.actsAs.${token.account.role}`)}</span> : null}
            </td>
            <td data-label={t('shared.created')}>
              <RelativeTime iso={token.createdAt} />
            </td>
            <td data-label={t('tokensTable.expires')}>
              <ExpiryTime iso={token.expiresAt} />
            </td>
            <LastUsedCell at={token.lastUsedAt} ip={token.lastUsedIp} />
            <td data-label={t('shared.status')}>
              <TokenStatus token={token} />
            </td>
            <td className="col-action">
              {token.status === 'active' ? (
                <RevokeButton
                  label={
                    owner === 'person'
                      ? t('tokensTable.revokePersonLabel', { owner: token.account.name, name: token.name })
                      : t('tokensTable.revokeLabel', { name: token.name })
                  }
                  onClick={() => onRevoke(token)}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
