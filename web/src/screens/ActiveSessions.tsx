import { useState } from 'react';
import { AlertTriangle, ArrowDown, ArrowUp, ArrowUpDown, MonitorX, Search } from 'lucide-react';
import { api } from '../api';
import { useMe } from '../auth';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { RelativeTime } from '../components/RelativeTime';
import { SessionFlagBadges, SessionLink, SessionPlace } from '../components/SessionBadges';
import { SessionFilters } from '../components/SessionFilters';
import { DeviceIcon } from '../components/SessionsTable';
import { Badge, EmptyState, ErrorBanner, PageHeader, ShowMore, SkeletonRows } from '../components/ui';
import { authMethodLabel, deviceLabel } from '../format';
import { Link } from '../router';
import { useToast } from '../toast';
import type { WorkspaceSession, WorkspaceSessionFilters } from '../types';
import { useLiveRefresh, usePollEvery } from '../liveConnection';
import { fetchPages, useDebounced, useLoad } from '../useLoad';

/** A sortable column's arrow: the order it is sorted in, or both ways when another column sorts. */
function SortIcon({ order }: { order: 'asc' | 'desc' | null }) {
  if (order === null) return <ArrowUpDown size={13} aria-hidden />;
  return order === 'asc' ? <ArrowUp size={13} aria-hidden /> : <ArrowDown size={13} aria-hidden />;
}

type SortKey = 'lastActiveAt' | 'startedAt';

/** Settings › Security › Active sessions: everyone signed in to the workspace, searched and filtered on the server, sortable, force close. */
export function ActiveSessionsPage() {
  const me = useMe();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [sort, setSort] = useState<SortKey>('lastActiveAt');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [filters, setFilters] = useState<WorkspaceSessionFilters>({});
  const [closing, setClosing] = useState<WorkspaceSession | null>(null);
  // How many pages of 100 are shown; a new search, filter or order starts again from one.
  const view = `${q}|${sort}|${order}|${JSON.stringify(filters)}`;
  const [paging, setPaging] = useState({ view, pages: 1 });
  const pages = paging.view === view ? paging.pages : 1;
  const list = useLoad(
    async () => {
      const { last, items } = await fetchPages(
        pages,
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
  const ariaSort = (key: SortKey) => (sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none');
  const sessions = list.data?.sessions ?? [];

  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>Settings</li>
          <li>
            <Link href="/settings/security">Security</Link>
          </li>
          <li aria-current="page">Active sessions</li>
        </ol>
      </nav>
      <PageHeader title="Active sessions" description="Every signed-in session in this workspace: who, on what, from where, and how they signed in." />
      <div className="section-head">
        <h2 className="section-title">
          {list.data ? (
            <span className="count-pill" data-testid="sessions-total">
              {list.data.total}
            </span>
          ) : null}
          <span className="section-sub">{filtered ? 'sessions match' : 'sessions now'}</span>
        </h2>
        <label className="search">
          <Search size={15} aria-hidden />
          <span className="sr-only">Filter sessions by name, email, IP or location</span>
          <input type="search" placeholder="Filter by name, email, IP, place" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <SessionFilters facets={facets.data} value={filters} onChange={setFilters} />
      <ErrorBanner error={list.error ?? facets.error} />
      <div className="card table-card stack-host">
        {list.loading && !list.data ? (
          <SkeletonRows />
        ) : sessions.length === 0 ? (
          <EmptyState
            icon={<MonitorX size={22} />}
            title={q ? `No active session matches “${q}”` : filtered ? 'No active session matches these filters' : 'Nobody is signed in'}
          />
        ) : (
          <table className="table stack" aria-label="Active sessions">
            <thead>
              <tr>
                <th>Person</th>
                <th>Device</th>
                <th>IP address and location</th>
                <th aria-sort={ariaSort('startedAt')} className="hide-sm">
                  <button type="button" className="sort" onClick={() => sortBy('startedAt')}>
                    Signed in <SortIcon order={sort === 'startedAt' ? order : null} />
                  </button>
                </th>
                <th aria-sort={ariaSort('lastActiveAt')} className="hide-sm">
                  <button type="button" className="sort" onClick={() => sortBy('lastActiveAt')}>
                    Last activity <SortIcon order={sort === 'lastActiveAt' ? order : null} />
                  </button>
                </th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} data-session={s.id} data-account={s.account.email}>
                  <td data-label="Person">
                    <Link href={`/team/accounts/${s.account.id}`} className="person-link">
                      {s.account.name}
                    </Link>
                    <span className="cell-sub">
                      {s.account.role === 'admin' ? 'Administrator' : 'Agent'} · {s.account.email}
                    </span>
                  </td>
                  <td data-label="Device">
                    <div className="device">
                      <span className="device-icon">
                        <DeviceIcon type={s.deviceType} />
                      </span>
                      <span>
                        <SessionLink session={s} whose={`${s.account.name}'s`} />
                        {s.id === me.session.id ? <Badge tone="accent">You</Badge> : null}
                        <SessionFlagBadges flags={s.flags} />
                      </span>
                    </div>
                  </td>
                  <td data-label="Where">
                    <SessionPlace session={s} />
                  </td>
                  <td className="hide-sm" data-label="Signed in">
                    <RelativeTime iso={s.startedAt} />
                    <span className="cell-sub">{authMethodLabel(s.authMethod)}</span>
                  </td>
                  <td className="hide-sm" data-label="Last activity">
                    <RelativeTime iso={s.lastActiveAt} />
                  </td>
                  <td className="col-action">
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-outline"
                      onClick={() => setClosing(s)}
                      aria-label={`Force close ${s.account.name}'s session on ${deviceLabel(s)}`}
                    >
                      Force close
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
          noun="sessions"
          more={Boolean(list.data?.nextCursor)}
          onMore={() => setPaging({ view, pages: pages + 1 })}
        />
      </div>
      <ConfirmDialog
        open={closing !== null}
        onOpenChange={(open) => !open && setClosing(null)}
        title={closing?.id === me.session.id ? 'Force close your own session?' : 'Force close this session?'}
        confirmLabel={closing?.id === me.session.id ? 'Force close and sign me out' : 'Force close'}
        onConfirm={async () => {
          await api.endSession(closing!.id);
          toast(`${closing!.account.name}'s session closed.`);
          list.set((d) => ({ ...d, sessions: d.sessions.filter((x) => x.id !== closing!.id), total: Math.max(0, d.total - 1) }));
          void list.reload();
        }}
      >
        <p>
          <strong>{closing?.account.name}</strong> ({closing?.account.email}) is signed out of {closing ? deviceLabel(closing) : ''} at {closing?.location.label} (
          <span className="mono">{closing?.ip}</span>) now. Their open tabs return to the sign-in page.
        </p>
        {closing?.id === me.session.id ? (
          <div className="banner banner-warn" data-testid="close-self-note">
            <AlertTriangle size={16} aria-hidden />
            <span>This is you: it is the session of this browser, and you will be signed out of this console at once.</span>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
