import { ApiError } from '../errors.js';

/** What a cursor key may hold: a string, a number, or (`?`) either of them or null. */
type KeyKind = 'string' | 'number' | 'string?' | 'number?';
type KeyOf<K> = K extends 'string' ? string : K extends 'number' ? number : K extends 'string?' ? string | null : number | null;

/** An opaque paging cursor: the sort key of the last row sent, as base64url JSON. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor back; one that was not made by `encodeCursor` with this shape is a 400. */
export function decodeCursor<T extends readonly KeyKind[]>(cursor: string | undefined, shape: T): { [K in keyof T]: KeyOf<T[K]> } | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Number keys are ids and millisecond times: whole and safe. 1e999 (Infinity), 1.5 or 2**70
    // would reach the database as a bigint comparison PostgreSQL cannot make (a 500 there, while
    // SQLite quietly compared them): they are refused here, the same on both backends.
    const fits = (v: unknown, kind: KeyKind | undefined): boolean => {
      if (kind?.endsWith('?')) return v === null || fits(v, kind.slice(0, -1) as KeyKind);
      return kind === 'number' ? Number.isSafeInteger(v) : typeof v === kind;
    };
    if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => fits(v, shape[i]))) {
      return value as never;
    }
  } catch {
    // fall through to the refusal
  }
  throw invalidCursor();
}

/** The refusal of a cursor this list did not make (another list's, another sort's, or garbage). */
export function invalidCursor(): ApiError {
  return new ApiError('invalid_request', 'The cursor is not valid; start again from the first page.');
}

/** `LIKE` pattern for a case-insensitive substring match (the caller lower-cases the column). */
export function containsPattern(q: string): string {
  return `%${q
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of a list asked for `limit + 1` rows: the first `limit`, and the cursor after the last
 * of them when the extra row says there are more (null on the last page).
 */
export function cutPage<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** Query-string schema shared by every paged list. */
export const pageQuery = {
  cursor: { type: 'string', maxLength: 512 },
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
} as const;
