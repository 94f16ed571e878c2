import { useState } from 'react';
import { ChevronLeft, ChevronRight, Download, ScrollText, Search } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { api, type AuditFilter } from '../api';
import { auditTypeChoices, auditTypeInfo, describeAudit } from '../auditEvents';
import { ExactTime } from '../components/RelativeTime';
import { count } from '../format';
import { Badge, EmptyState, ErrorBanner, PageHeader, SkeletonRows } from '../components/ui';
import { useDebounced, useLoad } from '../useLoad';

const PAGE_SIZE = 50;

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
  const { t } = useTranslation(['sessions', 'common']);
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
  const until = dayEnd(to);
  if (f) filter.from = f;
  if (until) filter.to = until;
  const key = JSON.stringify(filter);
  const page = useLoad(() => api.audit({ ...filter, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }), [key, cursor]);
  const resetPaging = () => setCursors([]);
  const events = page.data?.events ?? [];

  return (
    <div className="page">
      <PageHeader
        title={t('common:titles.audit')}
        description={t('audit.description')}
        actions={
          <a className="btn" href={api.auditCsvUrl(filter)} download="gatehouse-audit.csv" data-testid="audit-csv">
            <Download size={15} aria-hidden /> {t('audit.downloadCsv')}
          </a>
        }
      />
      <div className="toolbar filters" role="search" aria-label={t('audit.filterLabel')}>
        <label className="field inline">
          <span className="field-label">{t('audit.event')}</span>
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              resetPaging();
            }}
            data-testid="audit-type"
          >
            <option value="">{t('audit.allEvents')}</option>
            {auditTypeChoices().map((choice) => (
              <option key={choice.type} value={choice.type}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span className="field-label">{t('audit.from')}</span>
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
          <span className="field-label">{t('audit.to')}</span>
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
          <span className="sr-only">{t('audit.searchLabel')}</span>
          <input
            type="search"
            placeholder={t('audit.searchPlaceholder')}
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
      <div className="card table-card stack-host" tabIndex={0} role="region" aria-label={t('audit.region')}>
        {page.loading && !page.data ? (
          <SkeletonRows rows={8} />
        ) : events.length === 0 ? (
          <EmptyState icon={<ScrollText size={22} />} title={t('audit.empty')} />
        ) : (
          <table className="table stack audit-table" aria-label={t('audit.table')}>
            <thead>
              <tr>
                <th>{t('audit.when')}</th>
                <th>{t('audit.event')}</th>
                <th>{t('audit.by')}</th>
                <th>{t('audit.account')}</th>
                <th className="hide-sm">{t('audit.ip')}</th>
                <th className="hide-sm">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const info = auditTypeInfo(e.type);
                return (
                  <tr key={e.id} data-type={e.type}>
                    <td className="nowrap" data-label={t('audit.when')}>
                      <ExactTime iso={e.at} />
                    </td>
                    <td data-label={t('audit.event')}>
                      <Badge tone={info.tone}>{info.label}</Badge>
                    </td>
                    <td data-label={t('audit.by')}>
                      <Who label={e.actor?.label} />
                    </td>
                    <td data-label={t('audit.account')}>
                      <Who label={e.target?.label} />
                    </td>
                    <td className="hide-sm mono" data-label={t('audit.ip')}>
                      {e.ip ?? ''}
                    </td>
                    <td className="hide-sm detail" data-label={t('audit.details')}>
                      {describeAudit(e.type, e.detail, e.summary)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <nav className="pager" aria-label={t('audit.pager')}>
        <span className="muted small">{t('audit.page', { n: count(cursors.length + 1) })}</span>
        <button type="button" className="btn btn-sm" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          <ChevronLeft size={14} aria-hidden /> {t('audit.previous')}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data!.nextCursor!])}
          data-testid="audit-next"
        >
          {t('audit.next')} <ChevronRight size={14} aria-hidden />
        </button>
      </nav>
    </div>
  );
}
