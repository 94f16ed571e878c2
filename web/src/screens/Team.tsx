import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Search, UserRoundX, Users } from 'lucide-react';
import { api } from '../api';
import { can, useMe } from '../auth';
import { AddAccountDialog, type Added } from '../components/AddAccountDialog';
import { DensitySwitch, useDensity } from '../components/DensitySwitch';
import { EndSessionsDialog, type EndOutcome } from '../components/EndSessionsDialog';
import type { SortOrder } from '../components/SortHeader';
import { TeamBulkBar } from '../components/TeamBulkBar';
import type { RowContext } from '../components/TeamRow';
import { TeamTable, type TeamSort } from '../components/TeamTable';
import { WorkingHoursDialog } from '../components/WorkingHoursDialog';
import { EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { count } from '../format';
import { i18n } from '../i18n';
import { navigate, useLocation } from '../router';
import { useToast } from '../toast';
import { GRANTS, type Account, type Role, type TeamList } from '../types';
import { useLiveRefresh, usePollEvery } from '../liveConnection';
import { fetchPages, useDebounced, useLoad } from '../useLoad';

type Filter = 'all' | 'active' | 'none';

/** Accounts per request; the next page loads as the list scrolls near its end. */
const PAGE = 200;

/** The order a column sorts in when first chosen: times newest first, the rest A to Z. */
const FIRST_ORDER: Record<TeamSort, SortOrder> = { name: 'asc', status: 'asc', location: 'asc', signedInAt: 'desc', lastActivity: 'desc' };

const SORTS = Object.keys(FIRST_ORDER) as TeamSort[];
const DEFAULT_SORT: { sort: TeamSort; order: SortOrder } = { sort: 'name', order: 'asc' };

/** The sort the address asks for (`?sort=lastActivity&order=desc`), so a reload and Back keep it. */
function sortOf(search: URLSearchParams): { sort: TeamSort; order: SortOrder } {
  const sort = SORTS.find((s) => s === search.get('sort'));
  if (!sort) return DEFAULT_SORT;
  const order = search.get('order');
  return { sort, order: order === 'asc' || order === 'desc' ? order : FIRST_ORDER[sort] };
}

/** The same address with another sort; the default one leaves the address clean. */
function withSort(path: string, search: URLSearchParams, next: { sort: TeamSort; order: SortOrder }): string {
  const query = new URLSearchParams(search);
  query.delete('sort');
  query.delete('order');
  if (next.sort !== DEFAULT_SORT.sort || next.order !== DEFAULT_SORT.order) {
    query.set('sort', next.sort);
    query.set('order', next.order);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Whether this viewer may end the sessions of that account (rule 1 is enforced by the server too). */
function mayEnd(viewer: { isPrimary: boolean }, target: Account): boolean {
  return !target.ofPrimaryAdministrator || viewer.isPrimary;
}

/** The short confirmation after adding an account; a login that already existed is now linked. */
function addedMessage({ account, passwordUnused }: Added): string {
  const name = account.name;
  // A linked account is always of the other role, so the role says both.
  if (!account.linkedAccount) return i18n.t(account.role === 'admin' ? 'team:added.admin' : 'team:added.agent', { name });
  if (account.role === 'admin') return i18n.t(passwordUnused ? 'team:added.linkedAdminUnused' : 'team:added.linkedAdmin', { name });
  return i18n.t(passwordUnused ? 'team:added.linkedAgentUnused' : 'team:added.linkedAgent', { name });
}

/** Team › Agents and Team › Administrators: who is signed in, and ending it. */
export function TeamPage({ role }: { role: Role }) {
  const me = useMe();
  const toast = useToast();
  const { t } = useTranslation('team');
  const title = t(role === 'admin' ? 'title.admin' : 'title.agent');
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  // The sort lives in the address (replaced, not pushed): a reload and Back come back to it.
  const here = useLocation();
  const { sort, order } = sortOf(here.search);
  const [density, setDensity] = useDensity();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [ending, setEnding] = useState<Account[] | null>(null);
  // The accounts of the last confirmation, for where focus goes once it closes.
  const endingFocus = useRef<Account[]>([]);
  const askToEnd = (targets: Account[]) => {
    endingFocus.current = targets;
    setEnding(targets);
  };
  // The icon that opened it turned red, or the selection bar left with the selection: focus that
  // account's icon, or the "select all" box.
  const focusAfterEnd = () => {
    const [first, ...rest] = endingFocus.current;
    if (first && rest.length === 0) return document.querySelector<HTMLElement>(`tr[data-account="${CSS.escape(first.email)}"] .status-icon`);
    return document.querySelector<HTMLElement>('.team-table thead .checkbox');
  };
  const [added, setAdded] = useState<string | null>(null);
  const mayAdd = can(me, role === 'admin' ? 'team.admins' : 'team.agents');

  const params = useMemo(() => ({ ...(filter !== 'all' ? { session: filter } : {}), q, sort, order, limit: PAGE }), [filter, q, sort, order]);
  // How many pages of this view are loaded, so that a reload (a live event, a poll) refreshes all
  // of them; a new filter, search or sort starts again from the first page.
  const view = `${role}|${JSON.stringify(params)}`;
  const pages = useRef({ view, count: 1 });
  const list = useLoad<TeamList>(
    async () => {
      if (pages.current.view !== view) pages.current = { view, count: 1 };
      const { last, items } = await fetchPages(
        () => pages.current.count,
        (cursor) => api.team(role, { ...params, ...(cursor ? { cursor } : {}) }),
        (p) => p.accounts,
      );
      return { ...last, accounts: items };
    },
    [role, params],
    { every: usePollEvery(10_000) },
  );
  useLiveRefresh(list.reload);

  // The next page, appended, when the rows on screen come near the last loaded one.
  const loadingMore = useRef<string | null>(null);
  const nextCursor = list.data?.nextCursor ?? null;
  const setList = list.set;
  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore.current === nextCursor) return;
    loadingMore.current = nextCursor;
    void api
      .team(role, { ...params, cursor: nextCursor })
      .then(
        (page) =>
          setList((data) => {
            // A reload or another view came first: this page no longer follows what is shown.
            if (data.nextCursor !== nextCursor) return data;
            const accounts = [...data.accounts, ...page.accounts];
            pages.current = { view, count: Math.ceil(accounts.length / PAGE) };
            return { ...page, accounts };
          }),
        // A page that failed is asked for again when the rows on screen next move near the end.
        () => undefined,
      )
      // Not only after a failure: a reload that began before this page came, and lands after it,
      // shows the pages it knew of and ends again at this cursor, which must then load once more.
      .finally(() => {
        loadingMore.current = null;
      });
  }, [nextCursor, role, params, view, setList]);

  const accounts = useMemo(() => list.data?.accounts ?? [], [list.data]);
  const visibleSelected = accounts.filter((a) => selected.has(a.id));

  const toggle = useCallback(
    (id: string, on: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  // "Select all" takes the loaded accounts: the rest are not known until they are scrolled to.
  const toggleAll = (on: boolean) => setSelected(on ? new Set(accounts.map((a) => a.id)) : new Set());

  const sortBy = (column: TeamSort) =>
    navigate(withSort(here.path, here.search, sort === column ? { sort, order: order === 'asc' ? 'desc' : 'asc' } : { sort: column, order: FIRST_ORDER[column] }), {
      replace: true,
    });

  const markEnded = (ids: string[]) =>
    list.set((data) => ({
      ...data,
      accounts: data.accounts.map((a) => (ids.includes(a.id) ? { ...a, sessionStatus: 'none', activeSessions: [], idle: false } : a)),
    }));

  const end = async (targets: Account[]): Promise<EndOutcome> => {
    if (targets.length === 1) {
      const target = targets[0]!;
      const { ended } = await api.endAccountSessions(target.id);
      markEnded([target.id]);
      toast(t('sessionsOfEnded', { count: ended, name: target.name }));
      void list.reload();
      return { ended };
    }
    const outcome = await api.endSessionsBulk(targets.map((a) => a.id));
    markEnded(outcome.results.filter((r) => r.status === 'ended').map((r) => r.accountId));
    setSelected(new Set());
    void list.reload();
    return outcome;
  };

  const onAdded = (result: Added) => {
    toast(addedMessage(result));
    setAdded(result.account.id);
    // A new account has no session and may not match the search: show the whole list again.
    setFilter('all');
    setSearch('');
    void list.reload();
  };

  const rowContext: RowContext = {
    viewerId: me.account.id,
    mayOpen: (r) => can(me, r === 'admin' ? 'team.admins' : 'team.agents'),
    onEnd: (a) => (mayEnd(me.account, a) ? (acc) => askToEnd([acc]) : undefined),
    refusal: (a) => (mayEnd(me.account, a) ? undefined : t('primaryRefusal')),
    added,
  };

  const counts = list.data?.counts;
  const total = counts ? counts[filter] : accounts.length;
  const filters: { value: Filter; label: string; count: number | undefined }[] = [
    { value: 'all', label: t('filter.all'), count: counts?.all },
    { value: 'active', label: t('filter.active'), count: counts?.active },
    { value: 'none', label: t('filter.none'), count: counts?.none },
  ];

  return (
    <div className="page">
      <PageHeader
        title={title}
        description={t(role === 'agent' ? 'description.agent' : 'description.admin')}
        actions={mayAdd ? <AddAccountDialog role={role} givable={me.account.isPrimary ? GRANTS.map((g) => g.grant) : me.account.grants} onAdded={onAdded} /> : null}
      />

      <div className="toolbar">
        <div className="segmented team-filter" role="radiogroup" aria-label={t('filter.label')}>
          {filters.map((f) => (
            <button
              key={f.value}
              type="button"
              role="radio"
              aria-checked={filter === f.value}
              className={`segment${filter === f.value ? ' on' : ''}`}
              onClick={() => setFilter(f.value)}
              data-testid={`filter-${f.value}`}
            >
              {f.label}
              {f.count !== undefined ? <span className="segment-count">{count(f.count)}</span> : null}
            </button>
          ))}
        </div>
        <label className="search">
          <Search size={15} aria-hidden />
          <span className="sr-only">{t(role === 'admin' ? 'search.admin' : 'search.agent')}</span>
          <input type="search" placeholder={t('search.placeholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <DensitySwitch density={density} onChange={setDensity} />
      </div>

      <TeamBulkBar selected={visibleSelected} loaded={accounts.length} total={counts?.[filter]} role={role} onEnd={askToEnd} onClear={() => setSelected(new Set())}>
        {role === 'agent' ? <WorkingHoursDialog accounts={visibleSelected} onDone={() => setSelected(new Set())} /> : null}
      </TeamBulkBar>

      <ErrorBanner error={list.error} />

      <div className="card table-card team-card">
        {list.loading && !list.data ? (
          <SkeletonRows />
        ) : accounts.length === 0 ? (
          <EmptyState icon={filter === 'none' ? <UserRoundX size={22} /> : <Users size={22} />} title={emptyTitle(role, filter, q)}>
            {q ? t('search.tryAnother') : null}
          </EmptyState>
        ) : (
          <TeamTable
            label={title}
            role={role}
            accounts={accounts}
            total={total}
            sort={sort}
            order={order}
            onSort={sortBy}
            density={density}
            selected={selected}
            onSelect={toggle}
            onSelectAll={toggleAll}
            onNearEnd={loadMore}
            ctx={rowContext}
          />
        )}
        {accounts.length > 0 ? (
          <div className="list-foot muted small" aria-live="polite" data-testid="list-foot">
            {nextCursor
              ? t(role === 'admin' ? 'foot.someAdmins' : 'foot.someAgents', { count: total, loaded: count(accounts.length), total: count(total) })
              : t(role === 'admin' ? 'foot.allAdmins' : 'foot.allAgents', { count: accounts.length, n: count(accounts.length) })}
          </div>
        ) : null}
      </div>

      <EndSessionsDialog
        accounts={ending}
        onClose={() => setEnding(null)}
        onEnd={end}
        viewer={{ accountId: me.account.id, isPrimary: me.account.isPrimary }}
        fallbackFocus={focusAfterEnd}
      />
    </div>
  );
}

function emptyTitle(role: Role, filter: Filter, q: string): string {
  const admin = role === 'admin';
  if (q) return i18n.t(admin ? 'team:empty.adminMatch' : 'team:empty.agentMatch', { q });
  if (filter === 'active') return i18n.t(admin ? 'team:empty.adminActive' : 'team:empty.agentActive');
  if (filter === 'none') return i18n.t(admin ? 'team:empty.adminNone' : 'team:empty.agentNone');
  return i18n.t(admin ? 'team:empty.adminAll' : 'team:empty.agentAll');
}
