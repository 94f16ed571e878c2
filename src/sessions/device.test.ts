import { describe, expect, it } from 'vitest';
import { describeDevice } from './device.js';
import { isLocalNetwork, locate, locationLabel } from './geo.js';

describe('device and location', () => {
  it('reads browser, OS and device type from user agents', () => {
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toEqual({
      browser: 'Mobile Safari 17',
      os: 'iOS 17.5',
      deviceType: 'mobile',
    });
    expect(describeDevice('curl/8.5.0')).toEqual({ browser: 'curl', os: 'Unknown OS', deviceType: 'desktop' });
    expect(describeDevice('')).toEqual({ browser: 'Unknown browser', os: 'Unknown OS', deviceType: 'desktop' });
  });

  it('locates public addresses offline and calls private ones the local network', async () => {
    expect(await locate('81.2.69.160')).toEqual({ country: 'GB', city: 'London' });
    expect(await locate('192.168.1.5')).toEqual({ country: null, city: null });
    expect(isLocalNetwork('::1')).toBe(true);
    expect(isLocalNetwork('::ffff:127.0.0.1')).toBe(true);
    expect(isLocalNetwork('8.8.8.8')).toBe(false);
    expect(locationLabel('10.0.0.1', null, null)).toBe('Local network');
    expect(locationLabel('81.2.69.160', 'GB', 'London')).toBe('London, United Kingdom');
    expect(locationLabel('203.0.113.1', null, null)).toBe('Unknown');
  });
});
