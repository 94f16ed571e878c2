/**
 * The catalogue of every error code the API answers with. `docs/errors.md` lists the same
 * codes; `src/errors.test.ts` keeps the two in step.
 */
export const ERRORS = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  unauthenticated: { status: 401, message: 'Sign in to continue.' },
  session_expired: { status: 401, message: 'Your session has ended. Sign in again.' },
  invalid_credentials: { status: 401, message: 'The workspace, email or password is not correct.' },
  wrong_password: { status: 403, message: 'The current password is not correct.' },
  forbidden: { status: 403, message: 'Your account does not hold the grant this needs; ask the primary administrator.' },
  cross_site_request: { status: 403, message: 'Cross-site requests are refused.' },
  account_disabled: { status: 403, message: 'This account is disabled. Ask an administrator.' },
  ip_not_allowed: { status: 403, message: 'Sign-in is not allowed from this network.' },
  outside_working_hours: { status: 403, message: 'Your working hours have ended; sign in again when your next shift starts.' },
  primary_admin_protected: { status: 403, message: 'A sub-administrator cannot end, disable or edit the primary administrator, nor end its sessions.' },
  cannot_disable_self: { status: 409, message: 'You cannot disable your own account.' },
  not_found: { status: 404, message: 'Not found.' },
  method_not_allowed: { status: 405, message: 'This path does not take that method; the Allow header lists those it takes.' },
  account_choice_required: { status: 409, message: 'This login has an agent and an administrator account; sign in again with "account": "agent" or "admin".' },
  no_linked_account: { status: 409, message: 'This login has no linked account to switch to.' },
  email_taken: { status: 409, message: 'This email already has an account of this role in the workspace.' },
  confirmation_required: { status: 409, message: 'This change would end your own session; confirm it to go on.' },
  misdirected_request: { status: 421, message: 'This server does not answer for that host name.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  range_not_satisfiable: { status: 416, message: 'The requested range is outside the file.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  second_factor_required: { status: 403, message: 'Your workspace requires two-factor sign-in: set up an authenticator app to continue.' },
  reauthentication_required: {
    status: 403,
    message: 'Confirm it’s you: this needs your password, or a second factor when you have one, given in the last 10 minutes.',
  },
  invalid_code: { status: 401, message: 'The code is not correct, or it was already used.' },
  challenge_expired: { status: 401, message: 'This sign-in expired or was already completed. Sign in again with your password.' },
  second_factor_enrolled: { status: 409, message: 'Two-factor sign-in is already set up for this login; remove it first to set it up again.' },
  no_second_factor: { status: 409, message: 'Two-factor sign-in is not set up for this login.' },
  no_enrolment: { status: 409, message: 'Start setting up the authenticator app first; the enrolment may have expired.' },
  no_passkey: { status: 409, message: 'This login has no passkey; confirm it’s you another way.' },
  passkey_refused: { status: 400, message: 'The browser’s answer for the passkey could not be verified. Try again.' },
  too_many_attempts: { status: 429, message: 'Too many sign-in attempts. Try again later.' },
  too_many_streams: { status: 429, message: 'This service key holds too many open revocation streams; close one first.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  database_unavailable: { status: 503, message: 'The database is not available right now. Try again in a few seconds.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An expected refusal, answered as `{"error": {"code", "message", ...details}}`. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERRORS[code].message);
    this.name = 'ApiError';
    this.status = ERRORS[code].status;
  }
}

export function errorBody(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
  return { error: { code, message: message ?? ERRORS[code].message, ...details } };
}
