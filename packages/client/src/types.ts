/**
 * The parts of Gatehouse's API this package calls, written out by hand and checked against the
 * served description (`/api/openapi.json`) by test/openapi.test.ts: every call below must exist
 * there, and the introspection fields must be the ones it documents.
 */

/** An active session's claims (RFC 7662), as `POST /api/introspect` answers them. */
export interface ActiveIntrospection {
  active: true;
  /** The account id. */
  sub: string;
  /** The session id. */
  sid: string;
  role: 'agent' | 'admin';
  /** The workspace's slug. */
  workspace: string;
  /** When the session started, in seconds since the epoch. */
  iat: number;
  /** When it expires unless used again, in seconds since the epoch. */
  exp: number;
  name: string;
  email: string;
}

/** RFC 7662's answer for a token that is not (or no longer) a valid session: nothing else is said. */
export interface InactiveIntrospection {
  active: false;
}

export type Introspection = ActiveIntrospection | InactiveIntrospection;

/** The fields an active introspection carries (the test compares them with the OpenAPI document). */
export const INTROSPECTION_FIELDS = ['active', 'sub', 'sid', 'role', 'workspace', 'iat', 'exp', 'name', 'email'] as const;

/** `event: session.ended` on the revocation stream. */
export interface SessionEndedEvent {
  sid: string;
  sub: string;
  reason: string;
}

/** Gatehouse's one error shape. */
export interface GatehouseErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}

/** Every call this package makes, by OpenAPI operation: method and path as the document names them. */
export const CALLS = {
  introspect: { method: 'post', path: '/api/introspect' },
  streamRevocations: { method: 'get', path: '/api/integrations/stream' },
  me: { method: 'get', path: '/api/me' },
  endSession: { method: 'delete', path: '/api/sessions/{id}' },
} as const;
