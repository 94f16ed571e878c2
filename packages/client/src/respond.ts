import type { GatehouseGuard } from './guard.js';
import { tokenFrom } from './guard.js';
import type { ActiveIntrospection } from './types.js';

/** What a protected request gets: its session's claims, or the refusal to send. */
export type Verdict = { ok: true; session: ActiveIntrospection } | { ok: false; status: number; body: { error: { code: string; message: string } } };

/** Judges one request's headers and address; shared by the Express middleware and the Fastify plugin. */
export async function judge(guard: GatehouseGuard, headers: { cookie?: string | undefined; authorization?: string | undefined }, ip: string | undefined): Promise<Verdict> {
  const token = tokenFrom(headers);
  if (!token) return { ok: false, status: 401, body: { error: { code: 'unauthenticated', message: 'Sign in to Gatehouse to continue.' } } };
  let result;
  try {
    result = await guard.check(token, ip);
  } catch {
    // Gatehouse cannot be asked: nobody is let in on a guess.
    return { ok: false, status: 503, body: { error: { code: 'gatehouse_unavailable', message: 'Sessions cannot be checked right now. Try again in a few seconds.' } } };
  }
  if (!result.active) return { ok: false, status: 401, body: { error: { code: 'session_inactive', message: 'Your Gatehouse session has ended. Sign in again.' } } };
  return { ok: true, session: result };
}
