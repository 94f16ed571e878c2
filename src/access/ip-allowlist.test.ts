import { describe, expect, it } from 'vitest';
import { allowListMatcher, parseCidr } from './ip-allowlist.js';

describe('the IP allow list', () => {
  it('parses IPv4 and IPv6 CIDRs and single addresses', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('203.0.113.7')).toEqual({ address: '203.0.113.7', prefix: 32, family: 'ipv4' });
    expect(parseCidr('2001:db8::/32')).toEqual({ address: '2001:db8::', prefix: 32, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'office', '2001:db8::/129', '10.0.0.0/8x', '10.0.0.0/']) expect(parseCidr(bad), bad).toBeNull();
  });

  it('allows every address when empty and only listed ranges otherwise', () => {
    expect(allowListMatcher([])('8.8.8.8')).toBe(true);
    const office = allowListMatcher(['10.0.0.0/8', '2001:db8::/32']);
    expect(office('10.20.30.40')).toBe(true);
    expect(office('::ffff:10.1.1.1')).toBe(true);
    expect(office('2001:db8::1')).toBe(true);
    expect(office('11.0.0.1')).toBe(false);
    expect(office('2001:db9::1')).toBe(false);
    expect(office('not an ip')).toBe(false);
  });
});
