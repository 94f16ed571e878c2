// The one place the console talks to the server: typed calls over the JSON API of docs/API.md.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import { currentLanguage, i18n } from './i18n';
import type {
  AccessToken,
  Account,
  AuditPage,
  BulkResult,
  Grant,
  Me,
  Passkey,
  Profile,
  Reauthenticated,
  Role,
  SecondFactorChallenge,
  SecondFactorEnrolment,
  SecondFactorStatus,
  SecurityPatch,
  SecurityPatchResult,
  SecuritySettings,
  ServiceKey,
  Session,
  SignedIn,
  TeamList,
  TeamQuery,
  TokenScope,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookPatch,
  WebhookRotated,
  WorkspaceSessionPage,
  WorkspaceSessionFilters,
  ActiveSessionFacets,
  SessionDetail,
  AgentHours,
  BulkHoursResult,
  HoursNow,
  ShiftInterval,
  WeekSchedule,
  WorkspaceHours,
} from './types';

/** A refusal from the API, in its one error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field a refusal is about, or null. */
  get field(): string | null {
    return fieldOf(this.details);
  }
}

/** A refusal's `field`, as the form field it is about: "grants[0]" and "schedule.monday" are the grants and the schedule. */
function fieldOf(details: Record<string, unknown>): string | null {
  return typeof details.field === 'string' ? details.field.replace(/[[.].*$/, '') : null;
}

/**
 * What a caller gets when the person cancels the "Confirm it's you" dialog: the act was not done,
 * and nothing failed. Callers show it as "Cancelled" (ErrorBanner does), never as a red failure.
 */
export class CancelledError extends ApiError {
  constructor() {
    super(0, 'cancelled', 'Cancelled');
    this.name = 'CancelledError';
  }
}

/** What the server accepts to confirm it is the person (the `methods` of a 403 `reauthentication_required`). */
export type ProofMethod = 'password' | 'totp' | 'passkey' | 'recovery_code';
/**
 * Asks the person to confirm it is them (the dialog in components/ReauthDialog.tsx): resolves once
 * `POST /api/auth/reauthenticate` succeeded, rejects with CancelledError when they cancel.
 * `opener`: what had focus when the act was asked for (the button clicked), for focus to return to.
 */
export type ReauthPrompt = (methods: ProofMethod[], opener: HTMLElement | null) => Promise<void>;
let reauthPrompt: ReauthPrompt | null = null;
// One dialog at a time: calls refused together wait for the same answer.
let reauthInFlight: Promise<void> | null = null;

/** Installs the dialog that answers 403 `reauthentication_required`; returns the uninstall. */
export function setReauthPrompt(prompt: ReauthPrompt): () => void {
  reauthPrompt = prompt;
  return () => {
    if (reauthPrompt === prompt) reauthPrompt = null;
  };
}

type Listener = (reason: string, message: string) => void;
const endedListeners = new Set<Listener>();

/** Called when any call learns that this tab's session has ended (401 session_expired). */
export function onSessionEnded(listener: Listener): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

/**
 * Every call goes through here. A dangerous act refused for want of a recent proof (403
 * `reauthentication_required`, issue 16) opens the "Confirm it's you" dialog, then is sent again
 * once and resolves with that answer; cancelling rejects with CancelledError.
 */
async function request<T>(method: string, path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  // Read before the answer comes: by then the button that started the act is often disabled ("Saving…") and has lost focus.
  const active = document.activeElement;
  const opener = active instanceof HTMLElement && active !== document.body ? active : null;
  try {
    return await send<T>(method, path, body, options);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'reauthentication_required' || !reauthPrompt) throw err;
    const methods = Array.isArray(err.details.methods) ? (err.details.methods as ProofMethod[]) : ['password' as const];
    const prompt = reauthPrompt;
    reauthInFlight ??= prompt(methods, opener).finally(() => {
      reauthInFlight = null;
    });
    await reauthInFlight;
    return send<T>(method, path, body, options);
  }
}

async function send<T>(method: string, path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  // Only send a content type with a body: the server refuses an empty JSON body.
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('errors.network_error'));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: handled below
  }
  if (res.ok) return data as T;
  const err = (data as { error?: { code?: string; message?: string } & Record<string, unknown> } | undefined)?.error;
  const code = err?.code ?? 'http_error';
  const failure = new ApiError(res.status, code, messageOf(code, err?.message, res.status, err ?? {}), err ?? {});
  if (failure.code === 'session_expired' && !options.quiet401) {
    const reason = typeof failure.details.reason === 'string' ? failure.details.reason : 'unknown';
    for (const listener of endedListeners) listener(reason, failure.message);
  }
  throw failure;
}

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * What the person reads for a refusal. The server writes English, sometimes with specifics (which
 * field, which time): in English its words stand; in another language the code's translation
 * does, and a request the server found invalid is told from its `field` and `rule`.
 */
function messageOf(code: string, serverMessage: string | undefined, status: number, details: Record<string, unknown>): string {
  if (serverMessage && currentLanguage() === 'en') return serverMessage;
  // A refusal with a rule (the schema's, or one of the checks beyond it) is said again from its
  // field and rule.
  if (code === 'invalid_request' && typeof details.rule === 'string') return invalidRequest(details);
  const key = `errors.${code}`;
  if (serverMessage && !i18n.exists(key)) return serverMessage;
  return i18n.exists(key) ? i18n.t(key as 'errors.http_error', { status }) : i18n.t('errors.http_error', { status });
}

/** "The field "password" must be…" in the reader's language, from the refusal's field, rule and bound. */
function invalidRequest(details: Record<string, unknown>): string {
  const field = fieldOf(details);
  if (field === null) return i18n.t('errors.invalid_request');
  const name = i18n.exists(`fields.${field}`) ? i18n.t(`fields.${field}` as 'fields.name') : field;
  const { rule, limit } = details;
  if (rule === 'minLength' && limit === 1) return i18n.t('errors.invalid.empty', { field: name });
  // A rule with a sentence of its own in the locale (errors.invalid.<rule>: the schema's, and the
  // server's own checks such as password_unchanged) is said with it; any other says the value is not valid.
  const sentence = rule === 'additionalProperties' ? 'unknown' : i18n.exists(`errors.invalid.${String(rule)}`) ? String(rule) : 'value';
  return i18n.t(`errors.invalid.${sentence}` as 'errors.invalid.value', { field: name, limit });
}

export interface AuditFilter {
  type?: string;
  q?: string;
  from?: string;
  to?: string;
}

export const api = {
  login: (body: { workspace: string; email: string; password: string; account?: Role }) => request<SignedIn | SecondFactorChallenge>('POST', '/api/auth/login', body),
  loginSecondFactor: (body: { challenge: string; code?: string; recoveryCode?: string; passkey?: AuthenticationResponseJSON }) =>
    request<SignedIn>('POST', '/api/auth/login/second-factor', body),
  mySecondFactor: () => request<SecondFactorStatus>('GET', '/api/me/second-factor'),
  startTotp: () => request<SecondFactorEnrolment>('POST', '/api/me/second-factor/totp'),
  confirmTotp: (code: string) => request<{ recoveryCodes: string[] }>('POST', '/api/me/second-factor/totp/confirm', { code }),
  removeSecondFactor: (proof: { password: string } | { code: string }) => request<void>('POST', '/api/me/second-factor/remove', proof),
  myPasskeys: () => request<{ passkeys: Passkey[] }>('GET', '/api/me/second-factor/passkeys'),
  passkeyOptions: () => request<{ challenge: string }>('POST', '/api/me/second-factor/passkeys/options'),
  addPasskey: (name: string, response: RegistrationResponseJSON) =>
    request<{ passkey: Passkey; recoveryCodes: string[] }>('POST', '/api/me/second-factor/passkeys', { name, response }),
  renamePasskey: (id: string, name: string) => request<{ passkey: Passkey }>('PATCH', `/api/me/second-factor/passkeys/${encodeURIComponent(id)}`, { name }),
  removePasskey: (id: string) => request<void>('DELETE', `/api/me/second-factor/passkeys/${encodeURIComponent(id)}`),
  resetSecondFactor: (accountId: string) => request<{ ended: number }>('POST', `/api/team/accounts/${encodeURIComponent(accountId)}/reset-second-factor`),
  logout: () => request<void>('POST', '/api/auth/logout'),
  reauthenticate: (proof: { password: string } | { code: string } | { passkey: AuthenticationResponseJSON }) =>
    request<Reauthenticated>('POST', '/api/auth/reauthenticate', proof),
  reauthPasskeyOptions: () => request<{ challenge: string }>('POST', '/api/auth/reauthenticate/passkey-options'),
  switchTo: (account: Role) => request<SignedIn>('POST', '/api/auth/switch', { account }),
  changePassword: (current: string, next: string) => request<{ endedSessions: number }>('POST', '/api/auth/password', { current, next }),
  me: (options: { quiet401?: boolean } = {}) => request<Me>('GET', '/api/me', undefined, options),
  /** The whole list My account › Sessions shows: its pages followed to the end, 200 at a time. */
  mySessions: async () => {
    const sessions: Session[] = [];
    let cursor: string | null = null;
    do {
      const page: { sessions: Session[]; nextCursor: string | null } = await request('GET', `/api/me/sessions${query({ limit: 200, cursor })}`);
      sessions.push(...page.sessions);
      cursor = page.nextCursor;
    } while (cursor);
    return { sessions };
  },
  closeMySession: (id: string) => request<{ ended: number }>('DELETE', `/api/me/sessions/${encodeURIComponent(id)}`),
  closeOtherSessions: () => request<{ ended: number }>('POST', '/api/me/sessions/end-others'),

  team: (role: Role, params: TeamQuery) => request<TeamList>('GET', `/api/team/${role === 'agent' ? 'agents' : 'admins'}${query(params)}`),
  createAccount: (role: Role, body: { name: string; email: string; password?: string; grants?: Grant[] }) =>
    request<{ account: Account }>('POST', `/api/team/${role === 'agent' ? 'agents' : 'admins'}`, body),
  profile: (id: string) => request<Profile>('GET', `/api/team/accounts/${encodeURIComponent(id)}`),
  updateAccount: (id: string, body: { name?: string; disabled?: boolean; grants?: Grant[] }) =>
    request<{ account: Account; endedSessions: number }>('PATCH', `/api/team/accounts/${encodeURIComponent(id)}`, body),
  endAccountSessions: (id: string) => request<{ ended: number }>('POST', `/api/team/accounts/${encodeURIComponent(id)}/end-sessions`),
  endSessionsBulk: (accountIds: string[]) => request<{ ended: number; results: BulkResult[] }>('POST', '/api/team/end-sessions', { accountIds }),
  endSession: (id: string) => request<{ ended: number }>('DELETE', `/api/sessions/${encodeURIComponent(id)}`),

  securitySettings: () => request<SecuritySettings>('GET', '/api/settings/security'),
  updateSecurity: (patch: SecurityPatch) => request<SecurityPatchResult>('PATCH', '/api/settings/security', patch),
  workspaceSessions: (params: WorkspaceSessionFilters & { q?: string; sort?: 'lastActiveAt' | 'startedAt'; order?: 'asc' | 'desc'; cursor?: string; limit?: number }) =>
    request<WorkspaceSessionPage>('GET', `/api/security/sessions${query(params)}`),
  workspaceSessionFacets: () => request<ActiveSessionFacets>('GET', '/api/security/sessions/facets'),
  session: (id: string) => request<SessionDetail>('GET', `/api/sessions/${encodeURIComponent(id)}`),

  audit: (filter: AuditFilter & { cursor?: string; limit?: number }) => request<AuditPage>('GET', `/api/audit${query({ ...filter })}`),
  auditCsvUrl: (filter: AuditFilter) => `/api/audit.csv${query({ ...filter })}`,

  serviceKeys: () => request<{ keys: ServiceKey[] }>('GET', '/api/integrations/keys'),
  createServiceKey: (name: string) => request<{ key: ServiceKey; secret: string }>('POST', '/api/integrations/keys', { name }),
  revokeServiceKey: (id: string) => request<{ revoked: number }>('DELETE', `/api/integrations/keys/${encodeURIComponent(id)}`),
  workspaceTokens: () => request<{ tokens: AccessToken[] }>('GET', '/api/integrations/tokens'),
  revokeWorkspaceToken: (id: string) => request<{ revoked: number }>('DELETE', `/api/integrations/tokens/${encodeURIComponent(id)}`),
  myTokens: () => request<{ tokens: AccessToken[] }>('GET', '/api/me/tokens'),
  createMyToken: (body: { name: string; scope: TokenScope; expiresInDays: number }) => request<{ token: AccessToken; secret: string }>('POST', '/api/me/tokens', body),
  revokeMyToken: (id: string) => request<{ revoked: number }>('DELETE', `/api/me/tokens/${encodeURIComponent(id)}`),

  webhooks: () => request<{ webhooks: WebhookEndpoint[] }>('GET', '/api/integrations/webhooks'),
  createWebhook: (body: WebhookCreate) => request<WebhookCreated>('POST', '/api/integrations/webhooks', body),
  updateWebhook: (id: string, patch: WebhookPatch) => request<{ webhook: WebhookEndpoint }>('PATCH', `/api/integrations/webhooks/${encodeURIComponent(id)}`, patch),
  deleteWebhook: (id: string) => request<{ deleted: number }>('DELETE', `/api/integrations/webhooks/${encodeURIComponent(id)}`),
  rotateWebhookSecret: (id: string) => request<WebhookRotated>('POST', `/api/integrations/webhooks/${encodeURIComponent(id)}/rotate-secret`),
  webhookDeliveries: (id: string, params: { cursor?: string; limit?: number } = {}) =>
    request<WebhookDeliveryPage>('GET', `/api/integrations/webhooks/${encodeURIComponent(id)}/deliveries${query(params)}`),
  resendWebhookDelivery: (id: string, deliveryId: string) =>
    request<{ delivery: WebhookDelivery }>('POST', `/api/integrations/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/resend`),
  myWorkingHours: () => request<HoursNow>('GET', '/api/me/working-hours'),
  workspaceHours: () => request<WorkspaceHours>('GET', '/api/settings/working-hours'),
  updateWorkspaceHours: (body: { timeZone?: string; schedule?: WeekSchedule | null }) => request<WorkspaceHours>('PATCH', '/api/settings/working-hours', body),
  agentHours: (id: string) => request<AgentHours>('GET', `/api/team/accounts/${encodeURIComponent(id)}/working-hours`),
  setAgentSchedule: (id: string, schedule: WeekSchedule | null) => request<AgentHours>('PATCH', `/api/team/accounts/${encodeURIComponent(id)}/working-hours`, { schedule }),
  setAgentSchedules: (accountIds: string[], schedule: WeekSchedule | null) =>
    request<{ updated: number; results: BulkHoursResult[] }>('POST', '/api/team/working-hours', { accountIds, schedule }),
  setShiftException: (id: string, date: string, hours: ShiftInterval[]) =>
    request<{ date: string; hours: ShiftInterval[] }>('POST', `/api/team/accounts/${encodeURIComponent(id)}/working-hours/exceptions`, { date, hours }),
  deleteShiftException: (id: string, date: string) =>
    request<void>('DELETE', `/api/team/accounts/${encodeURIComponent(id)}/working-hours/exceptions/${encodeURIComponent(date)}`),
  extendShift: (id: string, until: string) =>
    request<{ extendedUntil: string; timeZone: string }>('POST', `/api/team/accounts/${encodeURIComponent(id)}/working-hours/extend`, { until }),
  testWebhook: (id: string) => request<{ delivery: WebhookDelivery }>('POST', `/api/integrations/webhooks/${encodeURIComponent(id)}/test`),
};
