/**
 * Ids per statement: well under both drivers' parameter limits (SQLite 32,766, PostgreSQL
 * 65,535); a bulk end of 1,000 accounts is one statement.
 */
export const IDS_PER_STATEMENT = 1000;

/** Splits a long list into statements' worth. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
