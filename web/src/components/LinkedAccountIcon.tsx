import { Link2 } from 'lucide-react';
import { Link } from '../router';
import type { AccountRef } from '../types';
import { Tip } from './Tip';

/**
 * The chain on an account that shares its login with an account of the other role. It opens the
 * linked profile; a viewer without the grant for that role sees it greyed, and the tooltip and
 * its accessible name say which grant opening it needs.
 */
export function LinkedAccountIcon({ linked, mayOpen }: { linked: AccountRef; mayOpen: boolean }) {
  const kind = linked.role === 'admin' ? 'administrator' : 'agent';
  const text = `Has a linked ${kind} account`;
  if (!mayOpen) {
    const why = `Opening it needs the Team › ${linked.role === 'admin' ? 'Administrators' : 'Agents'} grant`;
    return (
      <Tip content={<span>{`${text}. ${why}.`}</span>}>
        <span className="linked-icon linked-icon-locked" tabIndex={0} role="img" aria-label={`${text}. ${why}`} data-testid="linked-icon" data-locked="true">
          <Link2 size={15} aria-hidden />
        </span>
      </Tip>
    );
  }
  return (
    <Tip content={<span>{text}. Click to open its profile.</span>}>
      <Link href={`/team/accounts/${linked.id}`} className="linked-icon" aria-label={`${text}: open ${linked.name}'s ${kind} profile`} data-testid="linked-icon">
        <Link2 size={15} aria-hidden />
      </Link>
    </Tip>
  );
}
