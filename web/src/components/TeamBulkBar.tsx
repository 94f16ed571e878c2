import type { ReactNode } from 'react';
import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { count } from '../format';
import type { Account, Role } from '../types';

interface Props {
  /** The selected accounts among those loaded. */
  selected: Account[];
  /** How many accounts are loaded, and how many the list holds: "select all" takes the loaded ones. */
  loaded: number;
  total: number | undefined;
  /** Whose list it is: the scope of a whole-page selection names them. */
  role: Role;
  onEnd(accounts: Account[]): void;
  onClear(): void;
  /** More actions on the selection (Working hours… on Team › Agents). */
  children?: ReactNode;
}

/** Team › Agents and Administrators: what can be done to the selected accounts. */
export function TeamBulkBar({ selected, loaded, total, role, onEnd, onClear, children }: Props) {
  const { t } = useTranslation('team');
  if (selected.length === 0) return null;
  const allLoaded = selected.length === loaded && total !== undefined && total > loaded;
  return (
    <div className="bulkbar" role="region" aria-label={t('bulk.label')}>
      <span className="bulkbar-count">{t('bulk.selected', { count: selected.length, n: count(selected.length) })}</span>
      {allLoaded ? (
        <span className="muted small" data-testid="selection-scope">
          {t(role === 'admin' ? 'bulk.scopeAdmins' : 'bulk.scopeAgents', { count: loaded, loaded: count(loaded), total: count(total) })}
        </span>
      ) : null}
      {selected.length >= 2 ? (
        <button type="button" className="btn btn-danger btn-sm" onClick={() => onEnd(selected)} data-testid="bulk-end">
          {t('bulk.end', { count: selected.length })}
        </button>
      ) : (
        <span className="muted small">{t('bulk.selectOneMore')}</span>
      )}
      {children}
      <button type="button" className="btn btn-ghost btn-sm" onClick={onClear}>
        <X size={14} aria-hidden /> {t('bulk.clear')}
      </button>
    </div>
  );
}
