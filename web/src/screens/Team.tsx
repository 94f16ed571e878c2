import { useCallback, useMemo, useRef, useState } from 'react';
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
import { plural } from '../format';
import { useToast } from '../toast';
import { GRANTS, type Account, type Role, type TeamList } from '../types';
import { useLiveRefresh, usePollEvery } from '../liveConnection';
import { fetchPages, useDebounced, useLoad } from '../useLoad';

type Filter = 'all' | 'active' | 'none';

/** Accounts per request; the next page loads as the list scrolls near its end. */
const PAGE = 200;

/** The order a column sorts in when first chosen: times newest first, the rest A to Z. */
const FIRST_ORDER: Record<TeamSort, SortOrder> = { name: 'asc', status: 'asc', location: 'asc', signedInAt: 'desc', lastActivity: 'desc' };

const WORDS = {
  agent: { title: 'Agents', one: 'agent', many: 'agents' },
  admin: { title: 'Administrators', one: 'administrator', many: 'administrators' },
} as const;

/** Whether this viewer may end the sessions of that account (rule 1 is enforced by the server too). */
function mayEnd(viewer: { isPrimary: boolean }, target: Account): boolean {
  return !target.isPrimary || viewer.isPrimary;
}

const PRIMARY_REFUSAL = 'Only the primary administrator can end their own sessions.';

/** The short confirmation after adding an account; a login that already existed is now linked. */
function addedMessage({ account, passwordUnused }: Added): string {
  const kind = account.role === 'admin' ? 'an administrator' : 'an agent';
  if (!account.linkedAccount) return `${account.name} added as ${kind}.`;
  const other = account.linkedAccount.role === 'admin' ? 'an administrator' : 'an agent';
  return `${account.name} added as ${kind} and now linked: this email already signed in as ${other}, so both accounts share that login and its password${passwordUnused ? ' (the password you typed was not used)' : ''}.`;
}

/** Team › Agents and Team › Administrators: who is signed in, and ending it. */
export function TeamPage({ role }: { role: Role }) {
  const me = useMe();
  const toast = useToast();
  const words = WORDS[role];
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [{ sort, order }, setSorting] = useState<{ sort: TeamSort; order: SortOrder }>({ sort: 'name', order: 'asc' });
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
        pages.current.count,
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
    void api.team(role, { ...params, cursor: nextCursor }).then(
      (page) =>
        setList((data) => {
          // A reload or another view came first: this page no longer follows what is shown.
          if (data.nextCursor !== nextCursor) return data;
          const accounts = [...data.accounts, ...page.accounts];
          pages.current = { view, count: Math.ceil(accounts.length / PAGE) };
          return { ...page, accounts };
        }),
      () => {
        loadingMore.current = null;
      },
    );
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
    setSorting((now) => (now.sort === column ? { sort: column, order: now.order === 'asc' ? 'desc' : 'asc' } : { sort: column, order: FIRST_ORDER[column] }));

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
      toast(`${plural(ended, 'session')} of ${target.name} ended.`);
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
    refusal: (a) => (mayEnd(me.account, a) ? undefined : PRIMARY_REFUSAL),
    added,
  };

  const counts = list.data?.counts;
  const total = counts ? counts[filter] : accounts.length;
  const filters: { value: Filter; label: string; count: number | undefined }[] = [
    { value: 'all', label: 'All', count: counts?.all },
    { value: 'active', label: 'Active session', count: counts?.active },
    { value: 'none', label: 'No session', count: counts?.none },
  ];

  return (
    <div className="page">
      <PageHeader
        title={words.title}
        description={
          role === 'agent' ? 'Everyone who works in the agent workspace, and where they are signed in.' : 'Everyone who can open this console, and where they are signed in.'
        }
        actions={mayAdd ? <AddAccountDialog role={role} givable={me.account.isPrimary ? GRANTS.map((g) => g.grant) : me.account.grants} onAdded={onAdded} /> : null}
      />

      <div className="toolbar">
        <div className="segmented" role="radiogroup" aria-label="Filter by session">
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
              {f.count !== undefined ? <span className="segment-count">{f.count}</span> : null}
            </button>
          ))}
        </div>
        <label className="search">
          <Search size={15} aria-hidden />
          <span className="sr-only">Search {words.many} by name or email</span>
          <input type="search" placeholder="Search by name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <DensitySwitch density={density} onChange={setDensity} />
      </div>

      <TeamBulkBar selected={visibleSelected} loaded={accounts.length} total={counts?.[filter]} noun={words.many} onEnd={askToEnd} onClear={() => setSelected(new Set())}>
        {role === 'agent' ? <WorkingHoursDialog accounts={visibleSelected} onDone={() => setSelected(new Set())} /> : null}
      </TeamBulkBar>

      <ErrorBanner error={list.error} />

      <div className="card table-card team-card">
        {list.loading && !list.data ? (
          <SkeletonRows />
        ) : accounts.length === 0 ? (
          <EmptyState icon={filter === 'none' ? <UserRoundX size={22} /> : <Users size={22} />} title={emptyTitle(role, filter, q)}>
            {q ? 'Try another name or email.' : null}
          </EmptyState>
        ) : (
          <TeamTable
            label={words.title}
            noun={words.many}
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
            {nextCursor ? `${accounts.length} of ${total} ${words.many} loaded; more load as you scroll` : `All ${plural(accounts.length, words.one, words.many)}`}
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
  const many = WORDS[role].many;
  const one = WORDS[role].one;
  if (q) return `No ${one} matches “${q}”`;
  if (filter === 'active') return `No ${one} has an active session`;
  if (filter === 'none') return `Every ${one} has an active session`;
  return `No ${many} yet`;
}
