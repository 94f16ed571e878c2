import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('paging cursors', () => {
  it('round-trips the keys it made', () => {
    expect(decodeCursor(encodeCursor([1_767_225_600_000, 'ses_x']), ['number', 'string'] as const)).toEqual([1_767_225_600_000, 'ses_x']);
    expect(decodeCursor(undefined, ['number'] as const)).toBeNull();
  });

  it('refuses keys no cursor of ours holds: wrong shape, wrong type, non-integer or unsafe numbers', () => {
    for (const text of ['[1e999]', '[-1e999]', '[1.5]', `[${2 ** 70}]`, '["1"]', '[1,2]', '{"0":1}', 'null', 'not json']) {
      expect(() => decodeCursor(raw(text), ['number'] as const), text).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    }
    expect(() => decodeCursor('%%%', ['number'] as const)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('takes null only where the shape allows it (a sort key an account may lack)', () => {
    expect(decodeCursor(encodeCursor(['lastActivity:desc', null, 'Ann', 'acc_1']), ['string', 'number?', 'string', 'string'] as const)).toEqual([
      'lastActivity:desc',
      null,
      'Ann',
      'acc_1',
    ]);
    expect(decodeCursor(encodeCursor(['x', 5]), ['string', 'number?'] as const)).toEqual(['x', 5]);
    for (const text of ['[null, null]', '["x", 1.5]', '["x", "5"]']) {
      expect(() => decodeCursor(raw(text), ['string', 'number?'] as const), text).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    }
  });
});
