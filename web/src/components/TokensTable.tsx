import type { AccessToken } from '../types';
import { exactTime, expiryLabel, roleLabel } from '../format';
import { RelativeTime } from './RelativeTime';
import { Tip } from './Tip';
import { Badge } from './ui';

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

export const SCOPE_LABEL = { read: 'Read-only', full: 'Full access' } as const;

const REVOKE_REASON: Record<string, string> = {
  account_disabled: 'the account was disabled',
  password_changed: 'the password was changed',
};

function TokenStatus({ token }: { token: AccessToken }) {
  if (token.status === 'active') return <Badge tone="ok">Active</Badge>;
  if (token.status === 'expired') return <Badge>Expired</Badge>;
  const why = token.revokeReason ? REVOKE_REASON[token.revokeReason] : undefined;
  return (
    <span className="ended-state">
      <Badge>Revoked</Badge>
      <span className="cell-sub">
        <RelativeTime iso={token.revokedAt} />
        {why ? `: ${why}` : token.revokedBy?.name ? ` by ${token.revokedBy.name}` : ''}
      </span>
    </span>
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
  return (
    <table className="table stack" aria-label={label}>
      <thead>
        <tr>
          {owner === 'person' ? <th>Owner</th> : null}
          <th>Token</th>
          <th>Created</th>
          <th>Expires</th>
          <th>Last used</th>
          <th>Status</th>
          <th>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} data-token={t.name}>
            {owner === 'person' ? (
              <td data-label="Owner">
                <span className="cell-main">{t.account.name}</span>
                <span className="cell-sub person-email">{t.account.email}</span>
                <span className="cell-sub">{roleLabel(t.account.role)} account</span>
              </td>
            ) : null}
            <td data-label="Token">
              <span className="cell-main">{t.name}</span>
              <span className="token-meta">
                <Badge tone={t.scope === 'full' ? 'warn' : 'neutral'}>{SCOPE_LABEL[t.scope]}</Badge>
                <span className="mono muted" title="The first characters of the token">
                  {t.prefix}…
                </span>
              </span>
              {owner === 'account' ? <span className="cell-sub">Acts as your {roleLabel(t.account.role).toLowerCase()} account</span> : null}
            </td>
            <td data-label="Created">
              <RelativeTime iso={t.createdAt} />
            </td>
            <td data-label="Expires">
              <ExpiryTime iso={t.expiresAt} />
            </td>
            <td data-label="Last used">
              {t.lastUsedAt ? <RelativeTime iso={t.lastUsedAt} /> : <span className="muted">Never</span>}
              {t.lastUsedIp ? <span className="cell-sub mono">from {t.lastUsedIp}</span> : null}
            </td>
            <td data-label="Status">
              <TokenStatus token={t} />
            </td>
            <td className="col-action">
              {t.status === 'active' ? (
                <button
                  type="button"
                  className="btn btn-sm btn-danger-outline"
                  onClick={() => onRevoke(t)}
                  aria-label={owner === 'person' ? `Revoke ${t.account.name}’s token ${t.name}` : `Revoke the token ${t.name}`}
                >
                  Revoke
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
