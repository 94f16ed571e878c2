// Small building blocks shared by the screens.
import type { ReactNode } from 'react';
import { AlertCircle } from 'lucide-react';
import { CancelledError } from '../api';
import { initials } from '../format';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Avatar({ name, size = 32 }: { name: string; size?: number }) {
  // A stable hue per name, so people are easy to tell apart in a long list.
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span className="avatar" aria-hidden style={{ width: size, height: size, fontSize: size * 0.38, ['--hue' as string]: String(hash % 360) }}>
      {initials(name)}
    </span>
  );
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'accent' | 'warn' | 'danger' | 'ok' }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function EmptyState({ icon, title, children }: { icon?: ReactNode; title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      {icon ? <div className="empty-icon">{icon}</div> : null}
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-text">{children}</div> : null}
    </div>
  );
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  // The person cancelled "Confirm it's you": nothing failed, the act was just not done.
  if (error instanceof CancelledError)
    return (
      <div className="banner banner-info" role="status" data-testid="cancelled">
        <span>Cancelled</span>
      </div>
    );
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="banner banner-error" role="alert">
      <AlertCircle size={16} aria-hidden />
      <span>{message}</span>
    </div>
  );
}

/** Grey bars where a list is loading, shaped like its rows. */
export function SkeletonRows({ rows = 6, columns = 5 }: { rows?: number; columns?: number }) {
  return (
    <div className="skeleton-list" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, r) => (
        <div className="skeleton-row" key={r}>
          {Array.from({ length: columns }, (_, c) => (
            <span className="skeleton" key={c} style={{ width: `${[28, 18, 12, 14, 10][c % 5]}%` }} />
          ))}
        </div>
      ))}
    </div>
  );
}

export function PresenceDot({ presence }: { presence: 'online' | 'offline' }) {
  return (
    <span className={`presence presence-${presence}`}>
      <span className="presence-dot" aria-hidden />
      {presence === 'online' ? 'Online' : 'Offline'}
    </span>
  );
}

/** The foot of a long list: how much is shown, and a button for the next page. */
export function ShowMore({ shown, total, noun, more, onMore }: { shown: number; total: number | undefined; noun: string; more: boolean; onMore(): void }) {
  if (!more) return null;
  return (
    <div className="show-more">
      <span className="muted small">
        Showing {shown}
        {total !== undefined ? ` of ${total}` : ''} {noun}
      </span>
      <button type="button" className="btn btn-ghost btn-sm" onClick={onMore} data-testid="show-more">
        Show more
      </button>
    </div>
  );
}
