import UAParser from 'ua-parser-js';

export interface Device {
  browser: string;
  os: string;
  /** desktop, mobile, tablet, or what the parser reports (smarttv, console…). */
  deviceType: string;
}

/** Reads browser, OS and device type out of a User-Agent header. */
export function describeDevice(userAgent: string): Device {
  const result = new UAParser(userAgent).getResult();
  const browser = result.browser.name
    ? `${result.browser.name}${result.browser.major ? ` ${result.browser.major}` : ''}`
    : (/^([\w.-]+)\/[\d.]+/.exec(userAgent)?.[1] ?? 'Unknown browser');
  const os = result.os.name ? `${result.os.name}${result.os.version ? ` ${result.os.version}` : ''}` : 'Unknown OS';
  return { browser, os, deviceType: result.device.type ?? 'desktop' };
}
