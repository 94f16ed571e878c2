// The IP allow list as typed in Settings › Security: one address or CIDR range per line (commas and
// spaces separate too). The server validates it again; this only tells the person early.

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

function isIPv6(text: string): boolean {
  if (!text.includes(':') || !/^[0-9a-f:.]+$/i.test(text)) return false;
  // The URL parser knows IPv6 in all its spellings (::, embedded IPv4); no hand-written grammar.
  try {
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}

/** Whether one entry is an IPv4 or IPv6 address, with an optional /prefix of the right size. */
function isCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const max = IPV4.test(address) ? 32 : isIPv6(address) ? 128 : null;
  if (max === null) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
}

/** The entries of the text, in order. */
export function parseAllowlist(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The entries that are not an address or range, with the line each is on (from 1). */
export function invalidAllowlistEntries(text: string): { line: number; entry: string }[] {
  return text.split('\n').flatMap((line, i) => parseAllowlist(line).flatMap((entry) => (isCidr(entry) ? [] : [{ line: i + 1, entry }])));
}
