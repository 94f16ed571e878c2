/** Who did something: an account, or the system itself (timeouts, the sweep). */
export interface Actor {
  accountId: string | null;
  /** "Name <email>", kept on audit rows so they read well after the account is gone. */
  label: string | null;
  ip: string | null;
}

export const SYSTEM: Actor = { accountId: null, label: 'Gatehouse', ip: null };

/** How an account is named wherever one line must say who: "Name <email>". */
export function label(name: string, email: string): string {
  return `${name} <${email}>`;
}

/** The account acting through a request, from the address the request came from. */
export function actorOf(ctx: { account: { id: string; name: string; email: string } }, ip: string): Actor {
  return { accountId: ctx.account.id, label: label(ctx.account.name, ctx.account.email), ip };
}
