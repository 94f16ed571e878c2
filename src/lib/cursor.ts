import { ApiError } from '../errors.js';

/** An opaque paging cursor: the sort key of the last row sent, as base64url JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor back; one that was not made by `encodeCursor` with this shape is a 400. */
export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Number keys are ids and millisecond times: whole and safe. 1e999 (Infinity), 1.5 or 2**70
    // would reach the database as a bigint comparison PostgreSQL cannot make (a 500 there, while
    // SQLite quietly compared them): they are refused here, the same on both backends.
    const fits = (v: unknown, kind: 'string' | 'number' | undefined) => (kind === 'number' ? Number.isSafeInteger(v) : typeof v === kind);
    if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => fits(v, shape[i]))) {
      return value as never;
    }
  } catch {
    // fall through to the refusal
  }
  throw new ApiError('invalid_request', 'The cursor is not valid; start again from the first page.');
}

/** `LIKE` pattern for a case-insensitive substring match (the caller lower-cases the column). */
export function containsPattern(q: string): string {
  return `%${q
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Query-string schema shared by every paged list. */
export const pageQuery = {
  cursor: { type: 'string', maxLength: 512 },
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
} as const;
