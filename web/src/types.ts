// The shapes of docs/API.md, as the console reads them. The answers come from the generated
// api-types.gen.ts (the server's route schemas, through /api/openapi.json): when the server
// changes a shape, the console stops compiling until it follows.
import type { components, operations } from './api-types.gen';

type Schemas = components['schemas'];
/** The JSON body of an operation's answer with this status. */
type Answer<Op extends keyof operations, Status extends keyof operations[Op]['responses']> = operations[Op]['responses'][Status] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;
/** The JSON body an operation takes. */
type RequestBody<Op extends keyof operations> = operations[Op]['requestBody'] extends { content: { 'application/json': infer Body } } | undefined ? Body : never;

export type Role = Schemas['Session']['role'];
export type Grant = Schemas['Me']['account']['grants'][number];
// The grants the console hands out: `integrations` is given from Settings › Integrations. `label`
// is the grant's name in the team namespace (web/src/locales/<language>/team.json): `t(g.label)`.
export const GRANTS = [
  { grant: 'team.agents', label: 'grant.teamAgents' },
  { grant: 'team.admins', label: 'grant.teamAdmins' },
  { grant: 'settings.security', label: 'grant.security' },
  { grant: 'audit', label: 'grant.audit' },
  { grant: 'integrations', label: 'grant.integrations' },
] as const satisfies readonly { grant: Grant; label: `grant.${string}` }[];

export type Session = Schemas['Session'];
export type AccountRef = Schemas['AccountRef'];
export type Account = Schemas['Account'];
export type Me = Schemas['Me'];
export type SignedIn = Schemas['SignedIn'];
/** A right password for a login with a second factor: the challenge for the second step. */
export type SecondFactorChallenge = Schemas['SecondFactorChallenge'];
export type Reauthenticated = Schemas['Reauthenticated'];
export type SecondFactorStatus = Schemas['SecondFactorStatus'];
export type SecondFactorEnrolment = Schemas['SecondFactorEnrolment'];
/** A passkey or security key of the login (never its key). */
export type Passkey = Schemas['Passkey'];
export type TeamList = Schemas['TeamList'];
/** The query of the team lists: filter, search, sort and page. */
export type TeamQuery = NonNullable<operations['listAgents']['parameters']['query']>;
export type Profile = Schemas['Profile'];
/** One account's outcome in a bulk end: the generated shape, narrowed by its status. */
export type BulkResult =
  (Schemas['BulkEndResult'] & { status: 'ended'; ended: number }) | (Schemas['BulkEndResult'] & { status: 'refused'; error: NonNullable<Schemas['BulkEndResult']['error']> });
export type SecuritySettings = Schemas['SecuritySettingsView'];
export type SecurityPatch = RequestBody<'updateSecuritySettings'>;
export type SecurityPatchResult = Schemas['SecuritySettingsChange'];
export type WorkspaceSession = Schemas['WorkspaceSession'];
export type WorkspaceSessionPage = Answer<'listActiveSessions', 200>;
/** Active sessions' filters, as the list takes them; their choices come from the facets. */
export type WorkspaceSessionFilters = Omit<NonNullable<operations['listActiveSessions']['parameters']['query']>, 'sort' | 'order' | 'cursor' | 'limit' | 'q'>;
export type ActiveSessionFacets = Schemas['ActiveSessionFacets'];
/** One session with everything known about it, its history, and whether the viewer may end it. */
export type SessionDetail = Schemas['SessionDetail'];
export type AuditPage = Answer<'listAuditEvents', 200>;

/** A service key of Settings › Integrations; its secret is shown once, when it is made. */
export type ServiceKey = Schemas['ServiceKey'];
/** A personal access token (an "authorized app"); its secret is shown once, when it is made. */
export type AccessToken = Schemas['AccessToken'];
export type TokenScope = AccessToken['scope'];

/**
 * A webhook endpoint of Settings › Integrations, with how its latest delivery went. The server's
 * schema has no component name, so it is read off the list's answer; its secret is never in it.
 */
export type WebhookEndpoint = Answer<'listWebhooks', 200>['webhooks'][number];
export type WebhookEvent = WebhookEndpoint['events'][number];
export type WebhookCreate = RequestBody<'createWebhook'>;
export type WebhookCreated = Answer<'createWebhook', 201>;
export type WebhookPatch = RequestBody<'updateWebhook'>;
export type WebhookRotated = Answer<'rotateWebhookSecret', 200>;
/** One attempt record of a message to an endpoint: pending, delivered or failed. */
export type WebhookDelivery = Answer<'listWebhookDeliveries', 200>['deliveries'][number];
export type WebhookDeliveryPage = Answer<'listWebhookDeliveries', 200>;

/** Working hours (shifts): a weekly schedule, one interval, an agent's hours, the caller's hours now. */
export type WeekSchedule = Schemas['WeekSchedule'];
export type ShiftInterval = Schemas['ShiftInterval'];
export type AgentHours = Schemas['AgentHours'];
export type WorkspaceHours = Schemas['WorkspaceHours'];
export type HoursNow = Schemas['HoursNow'];
export type BulkHoursResult = Schemas['BulkHoursResult'];
