// The one place the console talks to the server: typed calls over the JSON API of docs/API.md.
import type {
  AccessToken,
  Account,
  AuditPage,
  BulkResult,
  Grant,
  Me,
  Profile,
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
}

type Listener = (reason: string, message: string) => void;
const endedListeners = new Set<Listener>();

/** Called when any call learns that this tab's session has ended (401 session_expired). */
export function onSessionEnded(listener: Listener): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

async function request<T>(method: string, path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
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
    throw new ApiError(0, 'network_error', 'Gatehouse cannot be reached. Check your connection and try again.');
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
  const failure = new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `The server answered ${res.status}.`, err ?? {});
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

export interface AuditFilter {
  type?: string;
  q?: string;
  from?: string;
  to?: string;
}

export const api = {
  login: (body: { workspace: string; email: string; password: string; account?: Role }) => request<SignedIn | SecondFactorChallenge>('POST', '/api/auth/login', body),
  loginSecondFactor: (body: { challenge: string; code?: string; recoveryCode?: string }) => request<SignedIn>('POST', '/api/auth/login/second-factor', body),
  mySecondFactor: () => request<SecondFactorStatus>('GET', '/api/me/second-factor'),
  startTotp: () => request<SecondFactorEnrolment>('POST', '/api/me/second-factor/totp'),
  confirmTotp: (code: string) => request<{ recoveryCodes: string[] }>('POST', '/api/me/second-factor/totp/confirm', { code }),
  removeSecondFactor: (proof: { password: string } | { code: string }) => request<void>('POST', '/api/me/second-factor/remove', proof),
  resetSecondFactor: (accountId: string) => request<{ ended: number }>('POST', `/api/team/accounts/${encodeURIComponent(accountId)}/reset-second-factor`),
  logout: () => request<void>('POST', '/api/auth/logout'),
  switchTo: (account: Role) => request<SignedIn>('POST', '/api/auth/switch', { account }),
  changePassword: (current: string, next: string) => request<{ endedSessions: number }>('POST', '/api/auth/password', { current, next }),
  me: (options: { quiet401?: boolean } = {}) => request<Me>('GET', '/api/me', undefined, options),
  mySessions: () => request<{ sessions: Session[] }>('GET', '/api/me/sessions'),
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
  workspaceSessions: (params: { q?: string; sort?: 'lastActiveAt' | 'startedAt'; order?: 'asc' | 'desc'; cursor?: string; limit?: number }) =>
    request<WorkspaceSessionPage>('GET', `/api/security/sessions${query(params)}`),

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
  testWebhook: (id: string) => request<{ delivery: WebhookDelivery }>('POST', `/api/integrations/webhooks/${encodeURIComponent(id)}/test`),
};
