import { useState } from 'react';
import { ChevronLeft, ChevronRight, Download, ScrollText, Search } from 'lucide-react';
import { api, type AuditFilter } from '../api';
import { ExactTime } from '../components/RelativeTime';
import { Badge, EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { useDebounced, useLoad } from '../useLoad';

const PAGE_SIZE = 50;

const TYPES: { type: string; label: string; tone: 'neutral' | 'accent' | 'warn' | 'danger' | 'ok' }[] = [
  { type: 'signin', label: 'Signed in', tone: 'ok' },
  { type: 'signin.failed', label: 'Sign-in failed', tone: 'warn' },
  { type: 'signin.refused', label: 'Sign-in refused', tone: 'danger' },
  { type: 'signin.locked', label: 'Sign-in slowed down', tone: 'warn' },
  { type: 'signout', label: 'Signed out', tone: 'neutral' },
  { type: 'session.ended', label: 'Session ended', tone: 'danger' },
  { type: 'account.switched', label: 'Switched account', tone: 'neutral' },
  { type: 'password.changed', label: 'Password changed', tone: 'accent' },
  { type: 'account.created', label: 'Account created', tone: 'accent' },
  { type: 'account.updated', label: 'Account updated', tone: 'accent' },
  { type: 'settings.updated', label: 'Settings changed', tone: 'accent' },
  { type: 'key.created', label: 'Service key made', tone: 'accent' },
  { type: 'key.revoked', label: 'Service key revoked', tone: 'warn' },
  { type: 'token.created', label: 'Access token made', tone: 'accent' },
  { type: 'token.revoked', label: 'Access token revoked', tone: 'warn' },
  { type: 'second_factor.enrolled', label: 'Two-factor set up', tone: 'ok' },
  { type: 'second_factor.removed', label: 'Two-factor removed', tone: 'warn' },
  { type: 'second_factor.reset', label: 'Two-factor reset', tone: 'warn' },
  { type: 'second_factor.recovery_code_used', label: 'Recovery code used', tone: 'warn' },
  { type: 'second_factor.passkey_used', label: 'Passkey used', tone: 'ok' },
  { type: 'reauthenticated', label: 'Identity confirmed', tone: 'neutral' },
  { type: 'working_hours.updated', label: 'Working hours changed', tone: 'accent' },
  { type: 'shift.extended', label: 'Shift extended', tone: 'accent' },
];

export function typeInfo(type: string) {
  return TYPES.find((t) => t.type === type) ?? { type, label: type, tone: 'neutral' as const };
}

/** "Olivia Grant <owner@example.com>" as a name with the email beneath. */
function Who({ label }: { label: string | null | undefined }) {
  if (!label) return <span className="muted">—</span>;
  const m = /^(.*?)\s*<([^>]+)>$/.exec(label);
  if (!m) return <span>{label}</span>;
  return (
    <span>
      {m[1]}
      <span className="cell-sub">{m[2]}</span>
    </span>
  );
}

function dayStart(date: string): string | undefined {
  return date ? new Date(`${date}T00:00:00`).toISOString() : undefined;
}
function dayEnd(date: string): string | undefined {
  return date ? new Date(new Date(`${date}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined;
}

/** The audit log: who did what to whom, filterable, paged, and downloadable as CSV. */
export function AuditLog() {
  const [type, setType] = useState('');
  const [search, setSearch] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const q = useDebounced(search.trim(), 300);
  // Cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];

  const filter: AuditFilter = {};
  if (type) filter.type = type;
  if (q) filter.q = q;
  const f = dayStart(from);
  const t = dayEnd(to);
  if (f) filter.from = f;
  if (t) filter.to = t;
  const key = JSON.stringify(filter);
  const page = useLoad(() => api.audit({ ...filter, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }), [key, cursor]);
  const resetPaging = () => setCursors([]);
  const events = page.data?.events ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        description="Sign-ins, failed sign-ins, sign-outs, every ended session with who ended it and why, and settings changes."
        actions={
          <a className="btn" href={api.auditCsvUrl(filter)} download="gatehouse-audit.csv" data-testid="audit-csv">
            <Download size={15} aria-hidden /> Download CSV
          </a>
        }
      />
      <div className="toolbar filters" role="search" aria-label="Filter the audit log">
        <label className="field inline">
          <span className="field-label">Event</span>
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              resetPaging();
            }}
            data-testid="audit-type"
          >
            <option value="">All events</option>
            {TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span className="field-label">From</span>
          <input
            type="date"
            value={from}
            onChange={(e) => {
              setFrom(e.target.value);
              resetPaging();
            }}
          />
        </label>
        <label className="field inline">
          <span className="field-label">To</span>
          <input
            type="date"
            value={to}
            onChange={(e) => {
              setTo(e.target.value);
              resetPaging();
            }}
          />
        </label>
        <label className="search grow">
          <Search size={15} aria-hidden />
          <span className="sr-only">Search by person, email or IP address</span>
          <input
            type="search"
            placeholder="Search by person, email or IP"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              resetPaging();
            }}
          />
        </label>
      </div>
      <ErrorBanner error={page.error} />
      {/* Focusable so keyboard users can scroll the table sideways on narrow screens. */}
      <div className="card table-card stack-host" tabIndex={0} role="region" aria-label="Audit events table">
        {page.loading && !page.data ? (
          <SkeletonRows rows={8} />
        ) : events.length === 0 ? (
          <EmptyState icon={<ScrollText size={22} />} title="No event matches these filters" />
        ) : (
          <table className="table stack audit-table" aria-label="Audit events">
            <thead>
              <tr>
                <th>When</th>
                <th>Event</th>
                <th>By</th>
                <th>Account</th>
                <th className="hide-sm">IP address</th>
                <th className="hide-sm">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const info = typeInfo(e.type);
                return (
                  <tr key={e.id} data-type={e.type}>
                    <td className="nowrap" data-label="When">
                      <ExactTime iso={e.at} />
                    </td>
                    <td data-label="Event">
                      <Badge tone={info.tone}>{info.label}</Badge>
                    </td>
                    <td data-label="By">
                      <Who label={e.actor?.label} />
                    </td>
                    <td data-label="Account">
                      <Who label={e.target?.label} />
                    </td>
                    <td className="hide-sm mono" data-label="IP address">
                      {e.ip ?? ''}
                    </td>
                    <td className="hide-sm detail" data-label="Details">
                      {e.summary}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <nav className="pager" aria-label="Audit log pages">
        <span className="muted small">Page {cursors.length + 1}</span>
        <button type="button" className="btn btn-sm" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          <ChevronLeft size={14} aria-hidden /> Previous
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data!.nextCursor!])}
          data-testid="audit-next"
        >
          Next <ChevronRight size={14} aria-hidden />
        </button>
      </nav>
    </div>
  );
}
