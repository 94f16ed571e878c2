import { useMemo, useRef, useState } from 'react';
import { Search, UserRoundX, Users, X } from 'lucide-react';
import { api } from '../api';
import { can, useMe } from '../auth';
import { AddAccountDialog, type Added } from '../components/AddAccountDialog';
import { Checkbox } from '../components/Checkbox';
import { EndSessionsDialog, type EndOutcome } from '../components/EndSessionsDialog';
import { LinkedAccountIcon } from '../components/LinkedAccountIcon';
import { LastSeen, RelativeTime } from '../components/RelativeTime';
import { SessionStatusIcon } from '../components/SessionStatusIcon';
import { WorkingHoursDialog } from '../components/WorkingHoursDialog';
import { Avatar, Badge, EmptyState, ErrorBanner, PageHeader, PresenceDot, ShowMore, SkeletonRows } from '../components/ui';
import { deviceLabel, plural } from '../format';
import { Link } from '../router';
import { useToast } from '../toast';
import { GRANTS, type Account, type Role, type TeamList } from '../types';
import { useLiveRefresh, usePollEvery } from '../liveConnection';
import { fetchPages, useDebounced, useLoad } from '../useLoad';

type Filter = 'all' | 'active' | 'none';

/** Accounts per request; more come with "Show more". */
const PAGE = 100;

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

function lastActivity(account: Account): string | null {
  let latest: string | null = null;
  for (const s of account.activeSessions) if (!latest || s.lastActiveAt > latest) latest = s.lastActiveAt;
  return latest;
}

/** Team › Agents and Team › Administrators: who is signed in, and ending it. */
export function TeamPage({ role }: { role: Role }) {
  const me = useMe();
  const toast = useToast();
  const words = WORDS[role];
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
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

  // How many pages of PAGE accounts are shown; a new filter or search starts again from one.
  const view = `${role}|${filter}|${q}`;
  const [paging, setPaging] = useState({ view, pages: 1 });
  const pages = paging.view === view ? paging.pages : 1;
  // Kept current by the live connection's events, or by polling every 10 s without one.
  const list = useLoad<TeamList>(
    async () => {
      const params = { ...(filter !== 'all' ? { session: filter } : {}), q, limit: PAGE };
      const { last, items } = await fetchPages(
        pages,
        (cursor) => api.team(role, { ...params, ...(cursor ? { cursor } : {}) }),
        (p) => p.accounts,
      );
      return { ...last, accounts: items };
    },
    [role, filter, q, pages],
    { every: usePollEvery(10_000) },
  );
  useLiveRefresh(list.reload);
  const accounts = useMemo(() => list.data?.accounts ?? [], [list.data]);
  const visibleSelected = accounts.filter((a) => selected.has(a.id));
  const allChecked = accounts.length > 0 && visibleSelected.length === accounts.length ? true : visibleSelected.length > 0 ? 'indeterminate' : false;

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleAll = (on: boolean) => setSelected(on ? new Set(accounts.map((a) => a.id)) : new Set());

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

  const counts = list.data?.counts;
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
      </div>

      {visibleSelected.length > 0 ? (
        <div className="bulkbar" role="region" aria-label="Selection">
          <span className="bulkbar-count">{plural(visibleSelected.length, 'selected', 'selected')}</span>
          {visibleSelected.length >= 2 ? (
            <button type="button" className="btn btn-danger btn-sm" onClick={() => askToEnd(visibleSelected)} data-testid="bulk-end">
              End sessions ({visibleSelected.length})
            </button>
          ) : (
            <span className="muted small">Select one more to end sessions together</span>
          )}
          {role === 'agent' ? <WorkingHoursDialog accounts={visibleSelected} onDone={() => setSelected(new Set())} /> : null}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setSelected(new Set())}>
            <X size={14} aria-hidden /> Clear
          </button>
        </div>
      ) : null}

      <ErrorBanner error={list.error} />

      <div className="card table-card">
        {list.loading && !list.data ? (
          <SkeletonRows />
        ) : accounts.length === 0 ? (
          <EmptyState icon={filter === 'none' ? <UserRoundX size={22} /> : <Users size={22} />} title={emptyTitle(role, filter, q)}>
            {q ? 'Try another name or email.' : null}
          </EmptyState>
        ) : (
          <table className="table team-table" aria-label={words.title}>
            <thead>
              <tr>
                <th className="col-check">
                  <Checkbox checked={allChecked} onChange={toggleAll} label={`Select all ${accounts.length} ${words.many} shown`} />
                </th>
                <th>Name</th>
                <th className="col-status">Session</th>
                <th className="hide-sm">Presence</th>
                <th className="hide-sm">Device</th>
                <th className="hide-sm">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => {
                const latest = a.activeSessions[0];
                return (
                  <tr key={a.id} data-account={a.email} className={selected.has(a.id) ? 'selected' : undefined}>
                    <td className="col-check">
                      <Checkbox checked={selected.has(a.id)} onChange={(on) => toggle(a.id, on)} label={`Select ${a.name}`} />
                    </td>
                    <td>
                      <div className="person">
                        <Avatar name={a.name} />
                        <div className="person-text">
                          <div className="person-name">
                            <Link href={`/team/accounts/${a.id}`} className="person-link">
                              {a.name}
                            </Link>
                            {a.linkedAccount ? (
                              <LinkedAccountIcon linked={a.linkedAccount} mayOpen={can(me, a.linkedAccount.role === 'admin' ? 'team.admins' : 'team.agents')} />
                            ) : null}
                            {a.isPrimary ? <Badge tone="accent">Primary</Badge> : null}
                            {a.disabled ? <Badge tone="danger">Disabled</Badge> : null}
                            {a.id === me.account.id ? <Badge>You</Badge> : null}
                            {a.id === added ? <Badge tone="ok">New</Badge> : null}
                          </div>
                          <div className="person-email">{a.email}</div>
                        </div>
                      </div>
                    </td>
                    <td className="col-status">
                      <SessionStatusIcon
                        account={a}
                        onEnd={mayEnd(me.account, a) ? (acc) => askToEnd([acc]) : undefined}
                        refusal={mayEnd(me.account, a) ? undefined : PRIMARY_REFUSAL}
                      />
                    </td>
                    <td className="hide-sm">
                      <PresenceDot presence={a.presence} />
                      <LastSeen presence={a.presence} iso={a.lastSeenAt} />
                    </td>
                    <td className="hide-sm">
                      {latest ? (
                        <span>
                          {deviceLabel(latest)}
                          {a.activeSessions.length > 1 ? <span className="muted"> +{a.activeSessions.length - 1}</span> : null}
                          <span className="cell-sub">{latest.location.label}</span>
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="hide-sm">
                      <RelativeTime iso={lastActivity(a)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <ShowMore
          shown={accounts.length}
          total={counts ? counts[filter] : undefined}
          noun={words.many}
          more={Boolean(list.data?.nextCursor)}
          onMore={() => setPaging({ view, pages: pages + 1 })}
        />
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
