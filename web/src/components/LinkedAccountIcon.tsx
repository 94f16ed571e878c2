import { Link2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router';
import type { AccountRef } from '../types';
import { Tip } from './Tip';

/**
 * The chain on an account that shares its login with an account of the other role. It opens the
 * linked profile; a viewer without the grant for that role sees it greyed, and the tooltip and
 * its accessible name say which grant opening it needs.
 */
export function LinkedAccountIcon({ linked, mayOpen }: { linked: AccountRef; mayOpen: boolean }) {
  const { t } = useTranslation('team');
  const admin = linked.role === 'admin';
  const text = t(admin ? 'linked.hasAdmin' : 'linked.hasAgent');
  if (!mayOpen) {
    const why = t(admin ? 'linked.needsAdmins' : 'linked.needsAgents');
    return (
      <Tip content={<span>{`${text}. ${why}.`}</span>}>
        <span className="linked-icon linked-icon-locked" tabIndex={0} role="img" aria-label={`${text}. ${why}`} data-testid="linked-icon" data-locked="true">
          <Link2 size={15} aria-hidden />
        </span>
      </Tip>
    );
  }
  return (
    <Tip content={<span>{`${text}. ${t('linked.clickToOpen')}`}</span>}>
      <Link
        href={`/team/accounts/${linked.id}`}
        className="linked-icon"
        aria-label={t(admin ? 'linked.openAdmin' : 'linked.openAgent', { name: linked.name })}
        data-testid="linked-icon"
      >
        <Link2 size={15} aria-hidden />
      </Link>
    </Tip>
  );
}
