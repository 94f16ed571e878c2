import type { StoredAuditEvent } from './store.js';
import { iso } from '../lib/clock.js';
import { summarizeAudit } from './summary.js';

/**
 * `detail` is the event's detail as JSON, for programs; `details`, added last so that readers of
 * the first ten columns keep working, is the same in words, for people.
 */
export const CSV_HEADER = ['id', 'at', 'type', 'actor_id', 'actor', 'target_id', 'target', 'session_id', 'ip', 'detail', 'details'] as const;

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) gets a leading apostrophe: labels come from names people typed, so an exported log
 * must not become a way to run formulas on an auditor's machine.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function auditCsvLine(e: StoredAuditEvent): string {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(e.detail) as Record<string, unknown>;
  } catch {
    // As in the API: a corrupt detail reads as empty.
  }
  return csvLine([
    e.id,
    iso(e.at),
    e.type,
    e.actor_account_id,
    e.actor_label,
    e.target_account_id,
    e.target_label,
    e.session_id,
    e.ip,
    e.detail,
    summarizeAudit(e.type, detail),
  ]);
}
