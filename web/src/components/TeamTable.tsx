import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { count } from '../format';
import type { Account, Role, TeamQuery } from '../types';
import { Checkbox } from './Checkbox';
import type { Density } from './DensitySwitch';
import { SortHeader, type SortOrder } from './SortHeader';
import { TeamRow, type RowContext } from './TeamRow';

export type TeamSort = NonNullable<TeamQuery['sort']>;

interface Props {
  label: string;
  /** Whose list it is: the checkbox that selects all names them. */
  role: Role;
  accounts: Account[];
  /** How many accounts the list holds, loaded or not (`aria-rowcount`). */
  total: number;
  sort: TeamSort;
  order: SortOrder;
  onSort(column: TeamSort): void;
  density: Density;
  selected: ReadonlySet<string>;
  onSelect(id: string, on: boolean): void;
  onSelectAll(on: boolean): void;
  /** Called when the rows shown come near the last loaded one, and more can be loaded. */
  onNearEnd(): void;
  ctx: RowContext;
}

/** Rows rendered beyond the screen on each side: enough that a list of a few dozen is whole in the page. */
const OVERSCAN = 30;
/** Load the next page when this few loaded rows remain below the screen. */
const AHEAD = 60;
const COLUMNS = 8;

/**
 * The accounts of Team › Agents or Administrators as one table, scrolled with the page: only the
 * rows near the screen are in the document (TanStack Virtual), the others are spacer rows of
 * their measured height. To screen readers it stays a table of `total` rows: `aria-rowcount`
 * counts every account, and each row says its place with `aria-rowindex`.
 */
export function TeamTable({ label, role, accounts, total, sort, order, onSort, density, selected, onSelect, onSelectAll, onNearEnd, ctx }: Props) {
  const { t } = useTranslation('team');
  const body = useRef<HTMLTableSectionElement>(null);
  // Where the rows start in the page: the virtualizer counts from there.
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setMargin(body.current ? body.current.getBoundingClientRect().top + window.scrollY : 0);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: accounts.length,
    estimateSize: () => (density === 'compact' ? 37 : 61),
    overscan: OVERSCAN,
    scrollMargin: margin,
    getItemKey: (i) => accounts[i]?.id ?? i,
  });
  // A new density changes every row's height: measure again.
  useEffect(() => virtualizer.measure(), [density, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (accounts.length > 0 && lastShown >= accounts.length - AHEAD) onNearEnd();
  }, [lastShown, accounts.length, onNearEnd]);

  const top = items.length > 0 ? items[0]!.start - virtualizer.options.scrollMargin : 0;
  const bottom = items.length > 0 ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;
  const selectedShown = accounts.filter((a) => selected.has(a.id)).length;
  const allChecked = selectedShown > 0 && selectedShown === accounts.length ? true : selectedShown > 0 ? 'indeterminate' : false;
  const header = { sort, order, onSort };

  return (
    <table className={`table team-table density-${density}`} aria-label={label} aria-rowcount={total + 1}>
      <thead>
        <tr aria-rowindex={1}>
          <th className="col-check">
            <Checkbox
              checked={allChecked}
              onChange={onSelectAll}
              label={t(role === 'admin' ? 'table.selectAllAdmins' : 'table.selectAllAgents', { count: accounts.length, n: count(accounts.length) })}
            />
          </th>
          <SortHeader column="name" label={t('table.name')} {...header} className="col-name" />
          <SortHeader column="status" label={t('table.session')} {...header} className="col-status" />
          <th className="col-presence">{t('table.presence')}</th>
          <th className="col-ip">{t('table.ip')}</th>
          <SortHeader column="location" label={t('table.location')} {...header} className="col-location" />
          <SortHeader column="signedInAt" label={t('table.signedIn')} {...header} className="col-time" />
          <SortHeader column="lastActivity" label={t('table.lastActivity')} {...header} className="col-time" />
        </tr>
      </thead>
      <tbody ref={body}>
        {top > 0 ? (
          <tr className="spacer" aria-hidden="true">
            <td colSpan={COLUMNS} style={{ height: top }} />
          </tr>
        ) : null}
        {items.map((item) => {
          const account = accounts[item.index]!;
          return (
            <TeamRow
              key={account.id}
              ref={virtualizer.measureElement}
              index={item.index}
              rowIndex={item.index + 2}
              account={account}
              selected={selected.has(account.id)}
              onSelect={onSelect}
              ctx={ctx}
            />
          );
        })}
        {bottom > 0 ? (
          <tr className="spacer" aria-hidden="true">
            <td colSpan={COLUMNS} style={{ height: bottom }} />
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
