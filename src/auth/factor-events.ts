import type { Actor } from '../access/actor.js';
import type { SessionContext } from '../access/context.js';
import type { AuditLog } from '../audit/service.js';
import type { AuditInput } from '../audit/types.js';
import type { AuthMethod } from '../db/schema.js';
import type { Executor } from '../db/types.js';
import type { SessionService } from '../sessions/service.js';

/**
 * The audit row of a person changing their own second factor (an authenticator app or a
 * passkey) from this session: they are both its actor and its target.
 */
export function ownFactorEvent(
  ctx: SessionContext,
  actor: Actor,
  type: Extract<AuditInput['type'], 'second_factor.enrolled' | 'second_factor.removed'>,
  at: number,
  detail: Record<string, unknown>,
): AuditInput {
  return { workspaceId: ctx.workspace.id, at, type, actor, targetAccountId: ctx.account.id, targetLabel: actor.label, sessionId: ctx.session.id, detail };
}

/**
 * What every enrolment of a second factor ends with, inside its transaction: a session limited
 * to enrolment becomes a full one, proven by `method`, and the `second_factor.enrolled` audit
 * row, marked `required` when the enrolment was owed.
 */
export async function recordEnrolment(
  { sessions, audit }: { sessions: Pick<SessionService, 'liftRestriction'>; audit: AuditLog },
  trx: Executor,
  enrolment: { ctx: SessionContext; actor: Actor; method: AuthMethod; now: number; detail: Record<string, unknown> },
): Promise<void> {
  const { ctx, actor, now } = enrolment;
  if (ctx.session.restriction !== null) await sessions.liftRestriction(trx, ctx.session.id, enrolment.method);
  const detail = { ...enrolment.detail, ...(ctx.session.restriction ? { required: true } : {}) };
  await audit.record(trx, [ownFactorEvent(ctx, actor, 'second_factor.enrolled', now, detail)]);
}
