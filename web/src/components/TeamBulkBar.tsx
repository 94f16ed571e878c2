import type { ReactNode } from 'react';
import { X } from 'lucide-react';
import { plural } from '../format';
import type { Account } from '../types';

interface Props {
  /** The selected accounts among those loaded. */
  selected: Account[];
  /** How many accounts are loaded, and how many the list holds: "select all" takes the loaded ones. */
  loaded: number;
  total: number | undefined;
  noun: string;
  onEnd(accounts: Account[]): void;
  onClear(): void;
  /** More actions on the selection (Working hours… on Team › Agents). */
  children?: ReactNode;
}

/** Team › Agents and Administrators: what can be done to the selected accounts. */
export function TeamBulkBar({ selected, loaded, total, noun, onEnd, onClear, children }: Props) {
  if (selected.length === 0) return null;
  const allLoaded = selected.length === loaded && total !== undefined && total > loaded;
  return (
    <div className="bulkbar" role="region" aria-label="Selection">
      <span className="bulkbar-count">{plural(selected.length, 'selected', 'selected')}</span>
      {allLoaded ? (
        <span className="muted small" data-testid="selection-scope">
          All {loaded} loaded {noun} of {total}; scroll to load more
        </span>
      ) : null}
      {selected.length >= 2 ? (
        <button type="button" className="btn btn-danger btn-sm" onClick={() => onEnd(selected)} data-testid="bulk-end">
          End sessions ({selected.length})
        </button>
      ) : (
        <span className="muted small">Select one more to end sessions together</span>
      )}
      {children}
      <button type="button" className="btn btn-ghost btn-sm" onClick={onClear}>
        <X size={14} aria-hidden /> Clear
      </button>
    </div>
  );
}
