import { useRef, useState } from 'react';
import { AlertTriangle, MonitorX, Search } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { RelativeTime } from '../components/RelativeTime';
import { SessionFlagBadges, SessionLink, SessionPlace } from '../components/SessionBadges';
import { SessionFilters } from '../components/SessionFilters';
import { SortHeader, type SortOrder } from '../components/SortHeader';
import { DeviceIcon, EndSessionConfirmBody } from '../components/SessionsTable';
import { Badge, EmptyState, ErrorBanner, PageHeader, ShowMore, SkeletonRows } from '../components/ui';
import { authMethodLabel, count, deviceLabel, roleLabel } from '../format';
import { Link } from '../router';
import { useToast } from '../toast';
import type { WorkspaceSession, WorkspaceSessionFilters } from '../types';
import { useLiveRefresh, usePollEvery } from '../liveConnection';
import { fetchPages, useDebounced, useLoad } from '../useLoad';

type SortKey = 'lastActiveAt' | 'startedAt';

/** Settings › Security › Active sessions: everyone signed in to the workspace, searched and filtered on the server, sortable, force close. */
export function ActiveSessionsPage() {
  const { t } = useTranslation(['sessions', 'common']);
  const me = useMe();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [sort, setSort] = useState<SortKey>('lastActiveAt');
  const [order, setOrder] = useState<SortOrder>('desc');
  const [filters, setFilters] = useState<WorkspaceSessionFilters>({});
  const [closing, setClosing] = useState<WorkspaceSession | null>(null);
  // How many pages of 100 are shown; a new search, filter or order starts again from one.
  const view = `${q}|${sort}|${order}|${JSON.stringify(filters)}`;
  const [paging, setPaging] = useState({ view, pages: 1 });
  const pages = paging.view === view ? paging.pages : 1;
  const list = useLoad(
    async () => {
      const { last, items } = await fetchPages(
        () => pages,
        (cursor) => api.workspaceSessions({ ...filters, q, sort, order, limit: 100, ...(cursor ? { cursor } : {}) }),
        (p) => p.sessions,
      );
      return { ...last, sessions: items };
    },
    [view, pages],
    { every: usePollEvery(10_000) },
  );
  const facets = useLoad(() => api.workspaceSessionFacets(), [], { every: usePollEvery(30_000) });
  useLiveRefresh(list.reload);
  const filtered = q !== '' || Object.keys(filters).length > 0;

  const sortBy = (key: SortKey) => {
    if (key === sort) setOrder(order === 'desc' ? 'asc' : 'desc');
    else {
      setSort(key);
      setOrder('desc');
    }
  };
  const sessions = list.data?.sessions ?? [];

  // A force-closed row takes its button away: focus goes to the Force close of the row that took
  // its place (or the one before, at the end of the list), else to the search.
  const tableRef = useRef<HTMLTableElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const closedAt = useRef(0);
  const nextForceClose = () => {
    const buttons = [...(tableRef.current?.querySelectorAll<HTMLButtonElement>('td.col-action button:not(:disabled)') ?? [])];
    return buttons[Math.min(closedAt.current, buttons.length - 1)] ?? searchRef.current;
  };

  return (
    <div className="page">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <ol>
          <li>{t('common:nav.settings')}</li>
          <li>
            <Link href="/settings/security">{t('common:nav.security')}</Link>
          </li>
          <li aria-current="page">{t('common:titles.activeSessions')}</li>
        </ol>
      </nav>
      <PageHeader title={t('common:titles.activeSessions')} description={t('active.description')} />
      <div className="section-head">
        <h2 className="section-title">
          {list.data ? (
            <span className="count-pill" data-testid="sessions-total">
              {count(list.data.total)}
            </span>
          ) : null}
          <span className="section-sub">{filtered ? t('active.match', { count: list.data?.total ?? 0 }) : t('active.now', { count: list.data?.total ?? 0 })}</span>
        </h2>
        <label className="search wide">
          <Search size={15} aria-hidden />
          <span className="sr-only">{t('active.searchLabel')}</span>
          <input ref={searchRef} type="search" placeholder={t('active.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <SessionFilters facets={facets.data} value={filters} onChange={setFilters} />
      <ErrorBanner error={list.error ?? facets.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows />
        ) : sessions.length === 0 ? (
          <EmptyState icon={<MonitorX size={22} />} title={q ? t('active.emptyQuery', { q }) : filtered ? t('active.emptyFiltered') : t('active.emptyNobody')} />
        ) : (
          <table ref={tableRef} className="table stack" aria-label={t('common:titles.activeSessions')}>
            <thead>
              <tr>
                <th>{t('col.person')}</th>
                <th>{t('col.device')}</th>
                <th>{t('col.where')}</th>
                <SortHeader column="startedAt" label={t('col.signedIn')} sort={sort} order={order} onSort={sortBy} className="hide-sm" />
                <SortHeader column="lastActiveAt" label={t('col.lastActivity')} sort={sort} order={order} onSort={sortBy} className="hide-sm" />
                <th>
                  <span className="sr-only">{t('col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} data-session={s.id} data-account={s.account.email}>
                  <td data-label={t('col.person')}>
                    <Link href={`/team/accounts/${s.account.id}`} className="person-link">
                      {s.account.name}
                    </Link>
                    <span className="cell-sub">
                      {roleLabel(s.account.role)} · {s.account.email}
                    </span>
                  </td>
                  <td data-label={t('col.device')}>
                    <div className="device">
                      <span className="device-icon">
                        <DeviceIcon type={s.deviceType} />
                      </span>
                      <span>
                        <SessionLink session={s} owner={s.account.name} />
                        {s.id === me.session.id ? <Badge tone="accent">{t('active.you')}</Badge> : null}
                        <SessionFlagBadges flags={s.flags} />
                      </span>
                    </div>
                  </td>
                  <td data-label={t('col.whereShort')}>
                    <SessionPlace session={s} />
                  </td>
                  <td className="hide-sm" data-label={t('col.signedIn')}>
                    <RelativeTime iso={s.startedAt} />
                    <span className="cell-sub">{authMethodLabel(s.authMethod)}</span>
                  </td>
                  <td className="hide-sm" data-label={t('col.lastActivity')}>
                    <RelativeTime iso={s.lastActiveAt} />
                  </td>
                  <td className="col-action">
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-outline"
                      onClick={() => setClosing(s)}
                      // Rule 1: the server refuses a sub-administrator the primary administrator's sessions; say so here.
                      disabled={!s.mayEnd}
                      title={s.mayEnd ? undefined : t('active.forceCloseRefused')}
                      aria-label={
                        s.mayEnd
                          ? t('active.forceCloseLabel', { name: s.account.name, device: deviceLabel(s) })
                          : `${t('active.forceCloseLabel', { name: s.account.name, device: deviceLabel(s) })}: ${t('active.forceCloseRefused')}`
                      }
                    >
                      {t('active.forceClose')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ShowMore
          shown={sessions.length}
          total={list.data?.total}
          noun={t('active.noun')}
          more={Boolean(list.data?.nextCursor)}
          onMore={() => setPaging({ view, pages: pages + 1 })}
        />
      </div>
      <ConfirmDialog
        open={closing !== null}
        onOpenChange={(open) => !open && setClosing(null)}
        title={closing?.id === me.session.id ? t('active.closeOwnTitle') : t('active.closeTitle')}
        confirmLabel={closing?.id === me.session.id ? t('active.closeOwnConfirm') : t('active.forceClose')}
        fallbackFocus={nextForceClose}
        onConfirm={async () => {
          await api.endSession(closing!.id);
          closedAt.current = sessions.filter((x) => x.mayEnd).findIndex((x) => x.id === closing!.id);
          toast(t('active.closedToast', { name: closing!.account.name }));
          list.set((d) => ({ ...d, sessions: d.sessions.filter((x) => x.id !== closing!.id), total: Math.max(0, d.total - 1) }));
          void list.reload();
          // The filters' counts include the closed session until the facets are asked for again.
          void facets.reload();
        }}
      >
        {closing ? <EndSessionConfirmBody session={closing} /> : null}
        {closing?.id === me.session.id ? (
          <div className="banner banner-warn" data-testid="close-self-note">
            <AlertTriangle size={16} aria-hidden />
            <span>{t('confirmEnd.selfNote')}</span>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
