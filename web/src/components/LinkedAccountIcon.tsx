import { Link2 } from 'lucide-react';
import { Link } from '../router';
import type { AccountRef } from '../types';
import { Tip } from './Tip';

/** The chain on an account that shares its login with an account of the other role. */
export function LinkedAccountIcon({ linked }: { linked: AccountRef }) {
  const kind = linked.role === 'admin' ? 'administrator' : 'agent';
  const text = `Has a linked ${kind} account`;
  return (
    <Tip content={<span>{text}. Click to open its profile.</span>}>
      <Link href={`/team/accounts/${linked.id}`} className="linked-icon" aria-label={`${text}: open ${linked.name}'s ${kind} profile`} data-testid="linked-icon">
        <Link2 size={15} aria-hidden />
      </Link>
    </Tip>
  );
}
