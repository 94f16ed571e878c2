// Small building blocks shared by the screens.
import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertCircle } from 'lucide-react';
import { CancelledError } from '../api';
import { count, initials } from '../format';
import type { Loaded } from '../useLoad';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {/* Focusable from script, not by Tab: where focus goes when the page changes under it. */}
        <h1 tabIndex={-1}>{title}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/** A settings section's heading: its title, a count pill once loaded, a line under it, and its action. */
export function SectionHead({
  id,
  title,
  pill,
  sub,
  headingRef,
  action,
}: {
  id: string;
  title: string;
  pill: string | null;
  sub: string;
  headingRef: Ref<HTMLHeadingElement>;
  action?: ReactNode;
}) {
  return (
    <div className="section-head">
      <h2 id={id} className="section-title" ref={headingRef} tabIndex={-1}>
        {title} {pill !== null ? <span className="count-pill">{pill}</span> : null}
        <span className="section-sub">{sub}</span>
      </h2>
      {action}
    </div>
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
  const { t } = useTranslation();
  if (!error) return null;
  // The person cancelled "Confirm it's you": nothing failed, the act was just not done.
  if (error instanceof CancelledError)
    return (
      <div className="banner banner-info" role="status" data-testid="cancelled">
        <span>{t('cancelled')}</span>
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

/**
 * A list in its card: grey rows while it first loads, its empty state, or its table; the error of
 * the load (or of `error`, an action on it) above. A list that failed to load shows no empty state.
 */
export function ListCard({
  list,
  rows,
  error,
  empty,
  children,
}: {
  list: Loaded<unknown>;
  rows: number;
  error?: unknown;
  /** Shown when the loaded list has no rows; null while it has some. */
  empty: { icon: ReactNode; title: string; text: string } | null;
  children: ReactNode;
}) {
  return (
    <>
      <ErrorBanner error={error ?? list.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows rows={rows} />
        ) : empty ? (
          list.error ? null : (
            <EmptyState icon={empty.icon} title={empty.title}>
              {empty.text}
            </EmptyState>
          )
        ) : (
          children
        )}
      </div>
    </>
  );
}

/** A table's header row: its columns, then the unnamed column of each row's buttons. */
export function TableHead({ columns }: { columns: string[] }) {
  const { t } = useTranslation('settings');
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column}>{column}</th>
        ))}
        <th>
          <span className="sr-only">{t('shared.actions')}</span>
        </th>
      </tr>
    </thead>
  );
}

/** Grey bars where a list is loading, shaped like its rows. */
export function SkeletonRows({ rows = 6, columns = 5 }: { rows?: number; columns?: number }) {
  const { t } = useTranslation();
  return (
    <div className="skeleton-list" aria-busy="true" aria-label={t('loading.list')}>
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
  const { t } = useTranslation();
  return (
    <span className={`presence presence-${presence}`}>
      <span className="presence-dot" aria-hidden />
      {presence === 'online' ? t('presence.online') : t('presence.offline')}
    </span>
  );
}

/** The foot of a long list: how much is shown, and a button for the next page. */
export function ShowMore({ shown, total, noun, more, onMore }: { shown: number; total: number | undefined; noun: string; more: boolean; onMore(): void }) {
  const { t } = useTranslation();
  if (!more) return null;
  return (
    <div className="show-more">
      <span className="muted small">
        {total !== undefined ? t('showingOf', { shown: count(shown), total: count(total), noun }) : t('showing', { shown: count(shown), noun })}
      </span>
      <button type="button" className="btn btn-ghost btn-sm" onClick={onMore} data-testid="show-more">
        {t('actions.showMore')}
      </button>
    </div>
  );
}
