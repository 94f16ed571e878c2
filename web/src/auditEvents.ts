// An audit event in words, in the console's language: its kind as a badge and its detail as a
// line. It follows src/audit/summary.ts, which writes the same line in English for the CSV; the
// API's `summary` stays the fallback for a kind added on the server and not yet here.
import { count, dayLabel, dateTime, deviceLabel, durationLabel } from './format';
import { i18n } from './i18n';
import { resources } from './locales';

type Tone = 'neutral' | 'accent' | 'warn' | 'danger' | 'ok';

// `key` names the label in sessions.json (auditType.*); `listed` kinds are offered by the filter.
const TYPES = [
  { type: 'signin', key: 'signin', tone: 'ok' },
  { type: 'signin.failed', key: 'signinFailed', tone: 'warn' },
  { type: 'signin.refused', key: 'signinRefused', tone: 'danger' },
  { type: 'signin.locked', key: 'signinLocked', tone: 'warn' },
  { type: 'signout', key: 'signout', tone: 'neutral' },
  { type: 'session.ended', key: 'sessionEnded', tone: 'danger' },
  { type: 'account.switched', key: 'accountSwitched', tone: 'neutral' },
  { type: 'password.changed', key: 'passwordChanged', tone: 'accent' },
  { type: 'account.created', key: 'accountCreated', tone: 'accent' },
  { type: 'account.updated', key: 'accountUpdated', tone: 'accent' },
  { type: 'settings.updated', key: 'settingsUpdated', tone: 'accent' },
  { type: 'key.created', key: 'keyCreated', tone: 'accent' },
  { type: 'key.revoked', key: 'keyRevoked', tone: 'warn' },
  { type: 'token.created', key: 'tokenCreated', tone: 'accent' },
  { type: 'token.revoked', key: 'tokenRevoked', tone: 'warn' },
  { type: 'second_factor.enrolled', key: 'secondFactorEnrolled', tone: 'ok' },
  { type: 'second_factor.removed', key: 'secondFactorRemoved', tone: 'warn' },
  { type: 'second_factor.reset', key: 'secondFactorReset', tone: 'warn' },
  { type: 'second_factor.recovery_code_used', key: 'recoveryCodeUsed', tone: 'warn' },
  { type: 'second_factor.passkey_used', key: 'passkeyUsed', tone: 'ok' },
  { type: 'reauthenticated', key: 'reauthenticated', tone: 'neutral' },
  { type: 'working_hours.updated', key: 'workingHoursUpdated', tone: 'accent' },
  { type: 'shift.extended', key: 'shiftExtended', tone: 'accent' },
] as const satisfies readonly { type: string; key: string; tone: Tone }[];

// Webhook changes have a badge in words too, though the filter has never offered them.
const UNLISTED = [
  { type: 'webhook.created', key: 'webhookCreated', tone: 'accent' },
  { type: 'webhook.updated', key: 'webhookUpdated', tone: 'accent' },
  { type: 'webhook.deleted', key: 'webhookDeleted', tone: 'warn' },
  { type: 'webhook.secret_rotated', key: 'webhookSecretRotated', tone: 'accent' },
  { type: 'webhook.redelivered', key: 'webhookRedelivered', tone: 'neutral' },
] as const satisfies readonly { type: string; key: string; tone: Tone }[];

type TypeKey = (typeof TYPES)[number]['key'] | (typeof UNLISTED)[number]['key'];
const typeLabel = (key: TypeKey) => i18n.t(`sessions:auditType.${key}`);

/** The kinds the audit log's filter offers, labelled in the console's language. */
export function auditTypeChoices(): { type: string; label: string }[] {
  return TYPES.map((t) => ({ type: t.type, label: typeLabel(t.key) }));
}

/** An event kind's badge: its label and colour; an unknown kind shows as it is. */
export function auditTypeInfo(type: string): { label: string; tone: Tone } {
  const known = [...TYPES, ...UNLISTED].find((t) => t.type === type);
  return known ? { label: typeLabel(known.key), tone: known.tone } : { label: type, tone: 'neutral' };
}

// The reasons the console has words for: the keys of the English file, so the list is written once.
const REASONS = Object.keys(resources.en.sessions.auditDetail.reason) as (keyof typeof resources.en.sessions.auditDetail.reason)[];
const FIELDS = ['agentIdleMinutes', 'absoluteLifetimeMinutes', 'sessionLimit', 'ipAllowlist', 'requireSecondFactor', 'secondFactorGraceDays'] as const;
const REQUIRED_FOR = ['none', 'admins', 'agents', 'everyone'] as const;
const GRANTS = { 'team.agents': 'teamAgents', 'team.admins': 'teamAdmins', 'settings.security': 'settingsSecurity', audit: 'audit', integrations: 'integrations' } as const;

const t = i18n.t.bind(i18n);
const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
/** A count for a `_one` / `_other` key: the plural chosen by `count`, the digits written by `n`. */
const counted = (n: number) => ({ count: n, n: count(n) });
const quoted = (v: unknown) => `“${String(v)}”`;
/** "2026-12-24" as the viewer's day, read in the viewer's zone (not as midnight UTC). */
const day = (date: string) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? dayLabel(new Date(`${date}T00:00:00`)) : date);

function roleWord(role: unknown): string | null {
  if (role === 'admin') return t('sessions:auditDetail.roleWord.admin');
  if (role === 'agent') return t('sessions:auditDetail.roleWord.agent');
  return null;
}

function grantList(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0) return t('sessions:auditDetail.none');
  return v.map((g: unknown) => (typeof g === 'string' && g in GRANTS ? t(`sessions:auditDetail.grant.${GRANTS[g as keyof typeof GRANTS]}`) : String(g))).join(', ');
}

function settingValue(field: string, v: unknown): string {
  if (v === null || v === undefined) return field === 'sessionLimit' ? t('sessions:auditDetail.noLimit') : t('sessions:auditDetail.none');
  if ((field === 'agentIdleMinutes' || field === 'absoluteLifetimeMinutes') && typeof v === 'number') return durationLabel(v);
  if (field === 'requireSecondFactor') return isOneOf(REQUIRED_FOR, v) ? t(`sessions:auditDetail.requiredFor.${v}`) : String(v);
  if (field === 'secondFactorGraceDays' && typeof v === 'number') return t('duration.days', { count: v });
  if (Array.isArray(v)) return v.length ? v.join(', ') : t('sessions:auditDetail.anywhere');
  return typeof v === 'number' ? count(v) : String(v);
}

/** "agent idle timeout 72 hours → 2 hours", or "… changed" when the detail has no before and after. */
function change(label: string, c: unknown, show: (v: unknown) => string): string {
  if (c && typeof c === 'object' && 'from' in c && 'to' in c) return t('sessions:auditDetail.change', { label, from: show(c.from), to: show(c.to) });
  return t('sessions:auditDetail.changed', { label });
}

/** What happened, in the parts that describe the event's kind. */
function parts(type: string, d: Record<string, unknown>): string[] | null {
  const out: string[] = [];
  const name = text(d.name);
  switch (type) {
    // Their reason and the sessions they ended, added below, say it all.
    case 'signin.refused':
      if (text(d.nextShiftStartsAt)) out.push(t('sessions:auditDetail.nextShift', { time: dateTime(d.nextShiftStartsAt as string) }));
      return out;
    case 'signout':
    case 'session.ended':
    case 'password.changed':
      return out;
    case 'signin': {
      const role = roleWord(d.role);
      if (role) out.push(t('sessions:auditDetail.signin.asRole', { role }));
      if (d.method === 'password+totp') out.push(t('sessions:auditDetail.signin.withTotp'));
      if (d.method === 'recovery_code') out.push(t('sessions:auditDetail.signin.withRecoveryCode'));
      if (d.method === 'password+passkey') out.push(t('sessions:auditDetail.signin.withPasskey'));
      if (d.restriction === 'second_factor_enrolment') out.push(t('sessions:auditDetail.signin.enrolmentOnly'));
      if (text(d.browser)) out.push(deviceLabel({ browser: d.browser as string, os: text(d.os) ?? '' }));
      const place = [text(d.city), text(d.country)].filter(Boolean).join(', ');
      if (place) out.push(place);
      if (Array.isArray(d.flags))
        for (const f of d.flags as unknown[]) out.push(f === 'new_device' || f === 'new_location' ? t(`sessions:auditDetail.signin.${f}`) : String(f).replaceAll('_', ' '));
      return out;
    }
    case 'signin.failed':
      if (d.reauthentication === true) out.push(t('sessions:auditDetail.failed.reauthentication'));
      if (d.trustedDevice === true) out.push(t('sessions:auditDetail.failed.trustedDevice'));
      return out;
    case 'reauthenticated':
      out.push(t('sessions:auditDetail.reauthenticated.confirmed'));
      if (d.method === 'password' || d.method === 'totp' || d.method === 'passkey' || d.method === 'recovery_code')
        out.push(t(`sessions:auditDetail.reauthenticated.${d.method}`));
      return out;
    case 'signin.locked':
      if (typeof d.failures === 'number') out.push(t('sessions:auditDetail.locked.failures', counted(d.failures)));
      out.push(t('sessions:auditDetail.locked.slowed'));
      return out;
    case 'account.switched': {
      const from = roleWord(d.from);
      const to = roleWord(d.to);
      if (from && to) out.push(t('sessions:auditDetail.switched', { from, to }));
      return out;
    }
    case 'account.created': {
      const role = roleWord(d.role);
      if (role) out.push(t('sessions:auditDetail.created.role', { role }));
      if (Array.isArray(d.grants) && d.grants.length > 0) out.push(t('sessions:auditDetail.created.grants', { grants: grantList(d.grants) }));
      if (text(d.linkedTo)) out.push(t('sessions:auditDetail.created.linked'));
      return out;
    }
    case 'account.updated':
      if (d.name) out.push(change(t('sessions:auditDetail.updated.name'), d.name, quoted));
      if (d.disabled === true) out.push(t('sessions:auditDetail.updated.disabled'));
      if (d.disabled === false) out.push(t('sessions:auditDetail.updated.enabled'));
      if (d.grants) out.push(change(t('sessions:auditDetail.updated.grants'), d.grants, grantList));
      if (typeof d.revokedTokens === 'number') out.push(t('sessions:auditDetail.updated.revokedTokens', counted(d.revokedTokens)));
      return out;
    case 'settings.updated':
      if (d.changes && typeof d.changes === 'object')
        for (const [field, c] of Object.entries(d.changes as Record<string, unknown>))
          out.push(change(isOneOf(FIELDS, field) ? t(`sessions:auditDetail.field.${field}`) : field, c, (v) => settingValue(field, v)));
      return out;
    case 'key.created':
    case 'key.revoked':
      if (name) out.push(text(d.prefix) ? t('sessions:auditDetail.key.withPrefix', { name, prefix: d.prefix as string }) : t('sessions:auditDetail.key.named', { name }));
      return out;
    case 'token.created':
    case 'token.revoked':
      if (name) out.push(t('sessions:auditDetail.token.named', { name }));
      if (d.scope === 'read') out.push(t('sessions:auditDetail.token.read'));
      if (d.scope === 'full') out.push(t('sessions:auditDetail.token.full'));
      if (text(d.expiresAt)) out.push(t('sessions:auditDetail.token.expires', { date: dayLabel(d.expiresAt as string) }));
      return out;
    case 'second_factor.enrolled':
      if (d.kind === 'passkey') out.push(name ? t('sessions:auditDetail.factor.passkeyAddedNamed', { name }) : t('sessions:auditDetail.factor.passkeyAdded'));
      else out.push(t('sessions:auditDetail.factor.appSetUp'));
      if (typeof d.recoveryCodes === 'number') out.push(t('sessions:auditDetail.factor.codesIssued', counted(d.recoveryCodes)));
      if (d.required === true) out.push(t('sessions:auditDetail.factor.required'));
      return out;
    case 'second_factor.removed':
      if (d.kind === 'passkey') out.push(name ? t('sessions:auditDetail.factor.passkeyRemovedNamed', { name }) : t('sessions:auditDetail.factor.passkeyRemoved'));
      else out.push(t('sessions:auditDetail.factor.appRemoved'));
      if (d.provenWith === 'password') out.push(t('sessions:auditDetail.factor.provenWithPassword'));
      if (d.provenWith === 'code') out.push(t('sessions:auditDetail.factor.provenWithCode'));
      return out;
    case 'second_factor.reset':
      out.push(t('sessions:auditDetail.factor.reset'));
      out.push(d.wasEnrolled === false ? t('sessions:auditDetail.factor.enrolmentCancelled') : t('sessions:auditDetail.factor.noLongerWork'));
      out.push(t('sessions:auditDetail.factor.setUpAgain'));
      return out;
    case 'second_factor.passkey_used':
      out.push(name ? t('sessions:auditDetail.factor.passkeyUsedNamed', { name }) : t('sessions:auditDetail.factor.passkeyUsed'));
      return out;
    case 'second_factor.recovery_code_used':
      out.push(d.reauthentication === true ? t('sessions:auditDetail.factor.codeToConfirm') : t('sessions:auditDetail.factor.codeToSignIn'));
      if (typeof d.left === 'number') out.push(t('sessions:auditDetail.factor.codesLeft', counted(d.left)));
      return out;
    case 'working_hours.updated':
      if (d.scope === 'workspace') out.push(t('sessions:auditDetail.hours.workspace'));
      if (text(d.timeZone)) out.push(t('sessions:auditDetail.hours.timeZone', { zone: d.timeZone as string }));
      if (d.scope === 'agent') out.push(d.schedule === 'own' ? t('sessions:auditDetail.hours.own') : t('sessions:auditDetail.hours.default'));
      if (d.scope === 'exception' && text(d.date)) out.push(`${day(d.date as string)}: ${exceptionHours(d.hours)}`);
      return out;
    case 'shift.extended':
      if (text(d.untilLocal))
        out.push(
          text(d.timeZone)
            ? t('sessions:auditDetail.hours.extendedIn', { time: d.untilLocal as string, zone: d.timeZone as string })
            : t('sessions:auditDetail.hours.extended', { time: d.untilLocal as string }),
        );
      return out;
    default:
      return webhookParts(type, d);
  }
}

/** An exception's hours as the server wrote them: "removed", "day off" or "09:00–13:00, 14:00–18:00". */
function exceptionHours(v: unknown): string {
  if (v === 'removed') return t('sessions:auditDetail.hours.removed');
  if (v === 'day off') return t('sessions:auditDetail.hours.dayOff');
  return String(v);
}

function webhookParts(type: string, d: Record<string, unknown>): string[] | null {
  const out: string[] = [];
  const enabled = (v: unknown) => (v ? t('sessions:auditDetail.webhook.enabled') : t('sessions:auditDetail.webhook.disabled'));
  const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  switch (type) {
    case 'webhook.created':
      if (text(d.url)) out.push(d.url as string);
      if (Array.isArray(d.events)) out.push(t('sessions:auditDetail.webhook.events', { events: list(d.events) }));
      if (typeof d.enabled === 'boolean') out.push(enabled(d.enabled));
      return out;
    case 'webhook.updated':
      if (d.changes && typeof d.changes === 'object') {
        const c = d.changes as Record<string, unknown>;
        if (c.url) out.push(change(t('sessions:auditDetail.webhook.url'), c.url, String));
        if (c.events) out.push(change(t('sessions:auditDetail.webhook.eventsLabel'), c.events, list));
        if (c.description) out.push(change(t('sessions:auditDetail.webhook.description'), c.description, quoted));
        if (c.enabled && typeof c.enabled === 'object' && 'to' in c.enabled) out.push(enabled(c.enabled.to));
      }
      return out;
    case 'webhook.deleted':
      if (text(d.url)) out.push(d.url as string);
      return out;
    case 'webhook.secret_rotated':
      if (text(d.previousValidUntil)) out.push(t('sessions:auditDetail.webhook.previousValidUntil', { time: dateTime(d.previousValidUntil as string) }));
      return out;
    case 'webhook.redelivered':
      if (text(d.type)) out.push(t('sessions:auditDetail.webhook.redelivered', { type: d.type as string }));
      return out;
    default:
      return null;
  }
}

/**
 * An event's detail as one line, its parts joined by " · ": "Ended by an administrator",
 * "As agent · Chrome 131 on Windows 10 · Berlin, DE". `fallback` is the server's English line,
 * shown for a kind this console does not know.
 */
export function describeAudit(type: string, detail: Record<string, unknown>, fallback = ''): string {
  const d = detail;
  const list = parts(type, d);
  if (list === null) return fallback;
  const reason = text(d.reason);
  if (reason) list.unshift(isOneOf(REASONS, reason) ? t(`sessions:auditDetail.reason.${reason}`) : reason.replaceAll('_', ' '));
  for (const key of ['endedSessions', 'ended'] as const) {
    const n = d[key];
    if (typeof n === 'number' && n > 0) list.push(t('sessions:auditDetail.sessionsEnded', counted(n)));
  }
  const line = list.join(' · ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}
