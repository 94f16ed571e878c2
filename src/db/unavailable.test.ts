import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a PostgreSQL server that cannot be reached', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
  });

  it('recognises connection exceptions (class 08) and shutdowns and start-ups (57P01–57P03)', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08004', '08P01', '57P01', '57P02', '57P03', '53300']) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
  });

  it('recognises a PostgreSQL database that refuses writes for now: full disk, read-only standby', () => {
    expect(isDatabaseUnavailable(coded('53100', 'could not extend file: No space left on device'))).toBe(true);
    expect(isDatabaseUnavailable(coded('25006', 'cannot execute INSERT in a read-only transaction'))).toBe(true);
  });

  it("recognises node-postgres's lost connections and timeouts, which carry no code", () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Query read timeout',
      'Client has encountered a connection error and is not queryable',
      'Client was closed and is not queryable',
      'Cannot use a pool after calling end on the pool',
    ]) {
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    }
  });

  it('looks inside a cause and an AggregateError (a refused connection to a host with two addresses)', () => {
    expect(isDatabaseUnavailable(new Error('Connection failed', { cause: coded('ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], ''))).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: new Error('middle', { cause: new Error('not a database matter') }) }))).toBe(false);
  });

  it('recognises SQLite refusing to write or read the file, extended codes included', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_FULL',
      'SQLITE_IOERR',
      'SQLITE_IOERR_WRITE',
      'SQLITE_IOERR_FSYNC',
      'SQLITE_READONLY',
      'SQLITE_READONLY_DBMOVED',
      'SQLITE_CANTOPEN',
    ]) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new TypeError('The database connection is not open'))).toBe(true);
  });

  it('leaves faults of the request or of the code alone: they stay 500s (or their own 4xx)', () => {
    for (const code of [
      '23505',
      '23503',
      '42601',
      '42P01',
      '22P02',
      '40001',
      '57014',
      'SQLITE_CONSTRAINT',
      'SQLITE_CONSTRAINT_UNIQUE',
      'SQLITE_ERROR',
      'SQLITE_CORRUPT',
      'SQLITE_BUSYNESS',
      'FST_ERR_CTP_INVALID_JSON_BODY',
    ]) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(false);
    }
    for (const value of [
      new Error('duplicate key value violates unique constraint'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      null,
      undefined,
      'ECONNREFUSED',
      42,
      {},
    ]) {
      expect(isDatabaseUnavailable(value), String(value)).toBe(false);
    }
  });

  it('does not loop on a cause that points back to itself', () => {
    const err = new Error('loop') as Error & { cause?: unknown };
    err.cause = err;
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
