import { GRANT_LABELS, type Grant } from '../access/permissions.js';

/**
 * What an audit event's detail says, in words (a capitalised line, its parts joined by " · ") an auditor reads without knowing the schema: no
 * JSON, no internal ids. The API sends it beside the raw detail; the console and the CSV show it.
 */

const REASONS: Record<string, string> = {
  signed_out: 'signed out',
  idle_timeout: 'idle timeout',
  lifetime_expired: 'lifetime reached',
  ended_by_admin: 'ended by an administrator',
  ended_by_user: 'closed by the user',
  password_changed: 'password changed',
  account_disabled: 'account disabled',
  ip_not_allowed: 'outside the allowed networks',
  session_limit: 'session limit reached',
  switched: 'switched account',
  factors_reset: 'two-factor sign-in reset',
  shift_ended: 'shift ended',
  outside_working_hours: 'outside working hours',
  wrong_code: 'wrong two-factor code',
  wrong_recovery_code: 'wrong recovery code',
  wrong_passkey: 'passkey not accepted',
  wrong_password: 'wrong password',
  unknown_email: 'no such login',
  revoked: 'revoked',
};

const FIELDS: Record<string, string> = {
  agentIdleMinutes: 'agent idle timeout',
  absoluteLifetimeMinutes: 'absolute lifetime',
  sessionLimit: 'session limit',
  ipAllowlist: 'IP allow list',
  requireSecondFactor: 'two-factor required for',
  secondFactorGraceDays: 'two-factor grace period',
};

const REQUIRED_FOR: Record<string, string> = { none: 'nobody', admins: 'administrators', agents: 'agents', everyone: 'everyone' };

const roleWord = (role: unknown) => (role === 'admin' ? 'administrator' : role === 'agent' ? 'agent' : null);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function grantList(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0) return 'none';
  return v.map((g) => GRANT_LABELS[g as Grant] ?? String(g)).join(', ');
}

function minutes(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (v % 1440 === 0) return plural(v / 1440, 'day');
  if (v % 60 === 0) return plural(v / 60, 'hour');
  return plural(v, 'minute');
}

function settingValue(field: string, v: unknown): string {
  if (v === null || v === undefined) return field === 'sessionLimit' ? 'no limit' : 'none';
  if (field === 'agentIdleMinutes' || field === 'absoluteLifetimeMinutes') return minutes(v);
  if (field === 'requireSecondFactor') return REQUIRED_FOR[String(v)] ?? String(v);
  if (field === 'secondFactorGraceDays' && typeof v === 'number') return plural(v, 'day');
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'anywhere';
  return String(v);
}

function change(label: string, c: unknown, show: (v: unknown) => string): string {
  if (c && typeof c === 'object' && 'from' in c && 'to' in c) return `${label} ${show((c as { from: unknown }).from)} → ${show((c as { to: unknown }).to)}`;
  return `${label} changed`;
}

export function summarizeAudit(type: string, detail: Record<string, unknown>): string {
  const d = detail;
  const parts: string[] = [];
  const reason = text(d.reason);
  const place = [text(d.city), text(d.country)].filter(Boolean).join(', ');
  switch (type) {
    case 'signin': {
      const device = text(d.browser) ? (text(d.os) ? `${d.browser as string} on ${d.os as string}` : (d.browser as string)) : null;
      const role = roleWord(d.role);
      if (role) parts.push(`as ${role}`);
      if (d.method === 'password+totp') parts.push('password and authenticator code');
      if (d.method === 'recovery_code') parts.push('password and recovery code');
      if (d.method === 'password+passkey') parts.push('password and passkey');
      if (d.restriction === 'second_factor_enrolment') parts.push('limited to setting up two-factor sign-in');
      if (device) parts.push(device);
      if (place) parts.push(place);
      if (Array.isArray(d.flags))
        for (const f of d.flags) parts.push(f === 'new_device' ? 'new device' : f === 'new_location' ? 'new location' : String(f).replaceAll('_', ' '));
      break;
    }
    case 'signin.failed':
      if (d.reauthentication === true) parts.push('confirming it was them for a protected action');
      if (d.trustedDevice === true) parts.push('from a browser that signed in before');
      break;
    case 'reauthenticated':
      parts.push('confirmed it was them for protected actions');
      if (d.method === 'password') parts.push('with the password');
      if (d.method === 'totp') parts.push('with an authenticator code');
      if (d.method === 'passkey') parts.push('with a passkey');
      if (d.method === 'recovery_code') parts.push('with a recovery code');
      break;
    case 'signin.locked':
      if (typeof d.failures === 'number') parts.push(`${plural(d.failures, 'failed sign-in')} in a row`);
      parts.push('browsers that never signed in to this login are slowed down');
      break;
    case 'account.switched':
      if (roleWord(d.from) && roleWord(d.to)) parts.push(`from the ${roleWord(d.from)!} account to the ${roleWord(d.to)!} account`);
      break;
    case 'account.created': {
      const role = roleWord(d.role);
      if (role) parts.push(`${role} account`);
      if (Array.isArray(d.grants) && d.grants.length > 0) parts.push(`grants: ${grantList(d.grants)}`);
      if (text(d.linkedTo)) parts.push('linked to the same login’s other account');
      break;
    }
    case 'account.updated':
      if (d.name) parts.push(change('name', d.name, (v) => `“${String(v)}”`));
      if (d.disabled === true) parts.push('disabled');
      if (d.disabled === false) parts.push('enabled again');
      if (d.grants) parts.push(change('grants', d.grants, grantList));
      if (typeof d.revokedTokens === 'number') parts.push(`${plural(d.revokedTokens, 'access token')} revoked`);
      break;
    case 'settings.updated':
      if (d.changes && typeof d.changes === 'object') {
        for (const [field, c] of Object.entries(d.changes as Record<string, unknown>)) parts.push(change(FIELDS[field] ?? field, c, (v) => settingValue(field, v)));
      }
      break;
    case 'key.created':
    case 'key.revoked':
      if (text(d.name)) parts.push(`service key “${d.name as string}”${text(d.prefix) ? ` (${d.prefix as string}…)` : ''}`);
      break;
    case 'token.created':
    case 'token.revoked':
      if (text(d.name)) parts.push(`access token “${d.name as string}”`);
      if (d.scope === 'read') parts.push('read-only');
      if (d.scope === 'full') parts.push('full access');
      if (text(d.expiresAt)) parts.push(`expires ${(d.expiresAt as string).slice(0, 10)}`);
      break;
    case 'second_factor.enrolled':
      parts.push(d.kind === 'passkey' ? `passkey${text(d.name) ? ` “${d.name as string}”` : ''} added` : 'authenticator app set up');
      if (typeof d.recoveryCodes === 'number') parts.push(`${plural(d.recoveryCodes, 'recovery code')} issued`);
      if (d.required === true) parts.push('required by the workspace');
      break;
    case 'second_factor.removed':
      parts.push(d.kind === 'passkey' ? `passkey${text(d.name) ? ` “${d.name as string}”` : ''} removed` : 'authenticator app removed');
      if (d.provenWith === 'password') parts.push('confirmed with the password');
      if (d.provenWith === 'code') parts.push('confirmed with a code');
      break;
    case 'second_factor.reset':
      parts.push('two-factor sign-in reset by an administrator');
      parts.push(d.wasEnrolled === false ? 'the enrolment in progress was cancelled' : 'the authenticator app, passkeys and recovery codes no longer work');
      parts.push('the next sign-in sets it up again');
      break;
    case 'second_factor.passkey_used':
      parts.push(`signed in with the passkey${text(d.name) ? ` “${d.name as string}”` : ''}`);
      break;
    case 'working_hours.updated':
      if (d.scope === 'workspace') parts.push("the workspace's working hours");
      if (text(d.timeZone)) parts.push(`time zone ${d.timeZone as string}`);
      if (d.scope === 'agent') parts.push(d.schedule === 'own' ? 'own weekly schedule' : "back to the workspace's default");
      if (d.scope === 'exception' && text(d.date)) parts.push(`${d.date as string}: ${String(d.hours)}`);
      break;
    case 'shift.extended':
      if (text(d.untilLocal)) parts.push(`shift extended until ${d.untilLocal as string}${text(d.timeZone) ? ` (${d.timeZone as string})` : ''}`);
      break;
    case 'second_factor.recovery_code_used':
      parts.push(d.reauthentication === true ? 'used a recovery code to confirm it was them' : 'signed in with a recovery code');
      if (typeof d.left === 'number') parts.push(`${plural(d.left, 'recovery code')} left`);
      break;
    default:
      // Event types added later (webhooks…) read their plain fields, never nested JSON.
      for (const [k, v] of Object.entries(d)) {
        if (k === 'reason' || v === null || typeof v === 'object') continue;
        if (/(^|[a-z])(Id|id)$/.test(k) || /^(key|token|endpoint|delivery)$/.test(k)) continue;
        parts.push(`${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${String(v)}`);
      }
  }
  if (reason) parts.unshift(REASONS[reason] ?? reason.replaceAll('_', ' '));
  for (const key of ['endedSessions', 'ended'] as const) {
    if (typeof d[key] === 'number' && (d[key] as number) > 0) parts.push(`${plural(d[key] as number, 'session')} ended`);
  }
  const line = parts.join(' · ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}
