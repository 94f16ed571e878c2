import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Where a webhook may be sent: the guard against server-side request forgery. A webhook URL is
 * chosen by an administrator, and Gatehouse then makes requests to it from inside the network it
 * runs in; without this guard the URL could reach the cloud's metadata service, the database, or
 * anything else listening privately. Every address a name resolves to is checked (at
 * registration, and again at each send, since a name may resolve elsewhere by then: DNS
 * rebinding), and the request connects to the address that was checked.
 */

/** What an address is, for the guard. `public` is the only kind always allowed. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'forbidden';

type Range = readonly [prefix: number[], bits: number, kind: Exclude<AddressKind, 'public'>];

const V4_RANGES: Range[] = [
  [[0], 8, 'forbidden'], // "this network", 0.0.0.0
  [[10], 8, 'private'],
  [[100, 64], 10, 'private'], // carrier-grade NAT
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'forbidden'], // link-local, with the cloud metadata service at 169.254.169.254
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'forbidden'], // IETF protocol assignments
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'forbidden'], // benchmarking
  [[224], 4, 'forbidden'], // multicast
  [[240], 4, 'forbidden'], // reserved, and the broadcast address
];

const V6_RANGES: Range[] = [
  [[0xfc], 7, 'private'], // unique local
  [[0xfe, 0x80], 10, 'forbidden'], // link-local
  [[0xfe, 0xc0], 10, 'forbidden'], // site-local (deprecated)
  [[0xff], 8, 'forbidden'], // multicast
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'forbidden'], // discard-only
  [[0x20, 0x01, 0, 0], 32, 'forbidden'], // Teredo: a tunnel to an address we cannot check
];

function inRange(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const mask = bits - i * 8 >= 8 ? 0xff : (0xff << (8 - (bits - i * 8))) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function kindOfV4(bytes: readonly number[]): AddressKind {
  for (const [prefix, bits, kind] of V4_RANGES) if (inRange(bytes, prefix, bits)) return kind;
  return 'public';
}

/** The 16 bytes of an IPv6 address (a zone id is dropped), or null. */
function v6Bytes(text: string): number[] | null {
  let ip = text.split('%')[0]!;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) {
    tail.push(...dotted[1]!.split('.').map(Number));
    ip = `${ip.slice(0, -dotted[1]!.length)}0:0`;
  }
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const all = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...rest];
  if (all.length !== 8 || all.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return null;
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** What kind of address `ip` (an IPv4 or IPv6 literal) is; anything unreadable is forbidden. */
export function addressKind(ip: string): AddressKind {
  const family = isIP(ip.split('%')[0]!);
  if (family === 4) return kindOfV4(ip.split('.').map(Number));
  if (family !== 6) return 'forbidden';
  const b = v6Bytes(ip);
  if (!b) return 'forbidden';
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return 'forbidden'; // ::
  if (zeros(0, 15) && b[15] === 1) return 'loopback'; // ::1
  // IPv6 forms that carry an IPv4 address are judged by that address: IPv4-mapped
  // (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:ab:cd::).
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return kindOfV4(b.slice(12));
  if (zeros(0, 12)) return kindOfV4(b.slice(12));
  if (inRange(b, [0x00, 0x64, 0xff, 0x9b], 96)) return kindOfV4(b.slice(12));
  if (b[0] === 0x20 && b[1] === 0x02) return kindOfV4(b.slice(2, 6));
  for (const [prefix, bits, kind] of V6_RANGES) if (inRange(b, prefix, bits)) return kind;
  return 'public';
}

/** Whether the guard lets a request go to `ip`. Loopback and private networks only when allowed. */
function addressAllowed(ip: string, allowPrivate: boolean): boolean {
  const kind = addressKind(ip);
  return kind === 'public' || (allowPrivate && (kind === 'loopback' || kind === 'private'));
}

/**
 * Why a URL was refused, for a program (the refusal's `rule`): `format` for its form, and
 * `public_address` for a host that does not resolve or resolves where webhooks may not go.
 */
type UrlRefusal = { ok: false; message: string; rule: 'format' | 'public_address' };

type UrlCheck = { ok: true; url: URL } | UrlRefusal;

/** Checks a webhook URL's form: https (http only where private targets are allowed), no credentials. */
function checkUrlForm(raw: string, allowPrivate: boolean): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'The webhook URL is not a valid absolute URL.', rule: 'format' };
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return { ok: false, message: allowPrivate ? 'The webhook URL must start with https:// or http://.' : 'The webhook URL must start with https://.', rule: 'format' };
  }
  if (url.username || url.password) return { ok: false, message: 'The webhook URL must not hold a user name or password.', rule: 'format' };
  if (!url.hostname) return { ok: false, message: 'The webhook URL needs a host.', rule: 'format' };
  return { ok: true, url };
}

export type Target = { ok: true; url: URL; address: string; family: 4 | 6 } | UrlRefusal;

/**
 * Resolves a webhook URL's host and checks every address it has; the request must then connect
 * to the returned address (and nowhere else). A name that does not resolve is refused too.
 */
export async function resolveTarget(raw: string, allowPrivate: boolean): Promise<Target> {
  const form = checkUrlForm(raw, allowPrivate);
  if (!form.ok) return form;
  const host = form.url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      return { ok: false, message: `The webhook URL's host ${host} could not be resolved.`, rule: 'public_address' };
    }
  }
  const refused = addresses.find((a) => !addressAllowed(a.address, allowPrivate));
  if (refused || addresses.length === 0) {
    const what = refused && refused.address !== host ? `resolves to ${refused.address}, ` : 'is ';
    const hint = allowPrivate ? '' : ' (WEBHOOKS_ALLOW_LOOPBACK=true allows loopback and private networks)';
    return {
      ok: false,
      message: `The webhook URL's host ${host} ${what}a private, loopback, link-local or reserved address: webhooks go to public addresses only${hint}.`,
      rule: 'public_address',
    };
  }
  const first = addresses[0]!;
  return { ok: true, url: form.url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
