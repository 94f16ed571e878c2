import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';

export type SortOrder = 'asc' | 'desc';

interface Props<K extends string> {
  column: K;
  label: string;
  sort: K;
  order: SortOrder;
  onSort(column: K): void;
  className?: string | undefined;
}

/**
 * A column header that sorts the list: a button inside the header cell, which carries `aria-sort`
 * while the list is sorted by it. The arrow shows the order, or both ways while another column sorts.
 */
export function SortHeader<K extends string>({ column, label, sort, order, onSort, className }: Props<K>) {
  const on = sort === column;
  // A header that wraps (a long word in a narrow column) keeps its arrow beside its last word.
  const lastWord = label.lastIndexOf(' ') + 1;
  return (
    <th aria-sort={on ? (order === 'asc' ? 'ascending' : 'descending') : 'none'} className={className} data-sort={column}>
      <button type="button" className={`sort${on ? ' on' : ''}`} onClick={() => onSort(column)}>
        {label.slice(0, lastWord)}
        <span className="sort-tail">
          {label.slice(lastWord)}
          {on ? order === 'asc' ? <ArrowUp size={13} aria-hidden /> : <ArrowDown size={13} aria-hidden /> : <ArrowUpDown size={13} aria-hidden />}
        </span>
      </button>
    </th>
  );
}
