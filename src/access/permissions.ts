import type { Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import type { SessionContext } from './context.js';

/** The console sections a sub-administrator can be granted. */
export const GRANTS = ['team.agents', 'team.admins', 'settings.security', 'audit', 'integrations'] as const;
export type Grant = (typeof GRANTS)[number];

/** Who holds grants: an account as a session context carries it, or as its row gives it. */
type Holder = Pick<SessionContext['account'], 'role' | 'isPrimary' | 'grants'>;

/**
 * The permissions model, in one place. Every team, security, audit and presence route, and
 * the live connections' events, ask these functions; nothing trusts what the console shows
 * or hides.
 *
 * - The primary administrator holds every grant.
 * - A sub-administrator holds the grants listed on its account.
 * - An agent holds none (it reaches only its own login's sessions, through My account or
 *   `DELETE /api/sessions/{id}` on a session of its own).
 */
export function holds(ctx: { account: Holder }, grant: Grant): boolean {
  if (ctx.account.role !== 'admin') return false;
  return ctx.account.isPrimary || ctx.account.grants.includes(grant);
}

/**
 * The roles whose accounts, sessions and presence an account may see: the same rule that
 * gates the team lists, applied to live events and to who is online.
 */
export function rolesVisibleTo(account: Holder): Set<Role> {
  const roles = new Set<Role>();
  for (const role of ['agent', 'admin'] as const) if (holds({ account }, grantFor(role))) roles.add(role);
  return roles;
}

/** The grant that covers reading and acting on accounts of a role. */
export function grantFor(role: Role): Grant {
  return role === 'admin' ? 'team.admins' : 'team.agents';
}

/** Refuses with 403 unless the caller holds at least one of the grants. */
export function requireAnyGrant(ctx: SessionContext, grants: readonly Grant[]): void {
  if (!grants.some((g) => holds(ctx, g))) throw new ApiError('forbidden', forbiddenMessage(ctx, grants));
}

/** How each grant reads in the console and the audit log. */
export const GRANT_LABELS: Record<Grant, string> = {
  'team.agents': 'Team › Agents',
  'team.admins': 'Team › Administrators',
  'settings.security': 'Settings › Security',
  audit: 'Audit log',
  integrations: 'Settings › Integrations',
};

/** Says which grant was missing, so the person knows what to ask the primary administrator for. */
export function forbiddenMessage(ctx: SessionContext, grants: readonly Grant[]): string {
  if (ctx.account.role !== 'admin') return 'Only administrators can do this; an agent account reaches only its own sessions.';
  const names = grants.map((g) => `${GRANT_LABELS[g]} (${g})`);
  const need = names.length === 1 ? `the ${names[0]!} grant` : `one of these grants: ${names.join(', ')}`;
  return `This needs ${need}; ask the primary administrator for it.`;
}

export type Refusal = 'forbidden' | 'primary_admin_protected';

/** An account a caller may act on: its role, and its login (which says whose it is). */
export interface Target {
  role: Role;
  login_id: string;
}

/**
 * Whether an account is the primary administrator's: its administrator account, or the agent
 * account linked to it (the same person, signed in to the other role).
 */
export function ofPrimaryAdministrator(ctx: SessionContext, target: Pick<Target, 'login_id'>): boolean {
  return target.login_id === ctx.workspace.primaryLoginId;
}

/**
 * Whether the caller may act on (read, end, edit, disable) a target account, reached through
 * one of `via` (by default the grant for the target's role). Rule 1: only the primary
 * administrator acts on the primary administrator, on either of its accounts, whatever grants
 * a sub-administrator holds.
 */
export function refusalOver(ctx: SessionContext, target: Target, via: readonly Grant[] = [grantFor(target.role)]): Refusal | null {
  if (!via.some((g) => holds(ctx, g))) return 'forbidden';
  if (ofPrimaryAdministrator(ctx, target) && !ctx.account.isPrimary) return 'primary_admin_protected';
  return null;
}

export function assertMayActOn(ctx: SessionContext, target: Target, via?: readonly Grant[]): void {
  const refusal = refusalOver(ctx, target, via);
  if (refusal === 'forbidden') throw new ApiError(refusal, forbiddenMessage(ctx, via ?? [grantFor(target.role)]));
  if (refusal) throw new ApiError(refusal);
}

/**
 * Sorts the accounts a bulk action names into those the caller may act on and those it may
 * not, each with its reason (rule 1 holds per account; an id of no account of this workspace
 * is `not_found`). Refuses the whole call with 403 when the caller holds neither team grant.
 */
export function judgeTargets(
  ctx: SessionContext,
  ids: readonly string[],
  found: readonly (Target & { id: string })[],
): { permitted: string[]; refused: Map<string, Refusal | 'not_found'> } {
  requireAnyGrant(ctx, ['team.agents', 'team.admins']);
  const byId = new Map(found.map((a) => [a.id, a]));
  const permitted: string[] = [];
  const refused = new Map<string, Refusal | 'not_found'>();
  for (const id of ids) {
    const target = byId.get(id);
    const refusal = target ? refusalOver(ctx, target) : 'not_found';
    if (refusal) refused.set(id, refusal);
    else permitted.push(id);
  }
  return { permitted, refused };
}
