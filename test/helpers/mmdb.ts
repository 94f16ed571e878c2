import type { Reader } from 'maxmind';
import { expect } from 'vitest';
import type { MmdbValue } from '../../src/sessions/mmdb-decoder.js';
import type { MmdbReader } from '../../src/sessions/mmdb-reader.js';

// What the MaxMind DB reader's tests (src/sessions/mmdb-*.test.ts) share: the oracle comparison,
// and a small writer to build databases that use every part of the format.

// The `maxmind` package (a devDependency since the server stopped using it) is the oracle: for
// the same file, every lookup must decode to exactly what its in-memory Reader returns.

/** Looks every address up with both readers and compares, naming the address. */
export function expectSameAsOracle(ours: MmdbReader, oracle: Reader<never>, ips: string[]): (MmdbValue | null)[] {
  const got = ips.map((ip) => ours.lookup(ip));
  expect(ips.map((ip, i) => [ip, got[i]])).toStrictEqual(ips.map((ip) => [ip, oracle.get(ip) as unknown]));
  return got;
}

export const T = {
  pointer: 1,
  string: 2,
  double: 3,
  bytes: 4,
  uint16: 5,
  uint32: 6,
  map: 7,
  int32: 8,
  uint64: 9,
  uint128: 10,
  array: 11,
  container: 12,
  boolean: 14,
  float: 15,
};

function uintBytes(n: bigint, length: number): number[] {
  return Array.from({ length }, (_, i) => Number((n >> BigInt(8 * (length - 1 - i))) & 0xffn));
}

/** Control byte(s) for a type and a payload size, extended type and long sizes included. */
export function control(type: number, size: number): Buffer {
  let bits: number;
  let sizeBytes: number[] = [];
  if (size < 29) bits = size;
  else if (size < 285) [bits, sizeBytes] = [29, [size - 29]];
  else if (size < 65_821) [bits, sizeBytes] = [30, uintBytes(BigInt(size - 285), 2)];
  else [bits, sizeBytes] = [31, uintBytes(BigInt(size - 65_821), 3)];
  const head = type < 8 ? [(type << 5) | bits] : [bits, type - 7];
  return Buffer.from([...head, ...sizeBytes]);
}

export const e = {
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
export class DataSection {
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

export interface Network {
  bytes: number[];
  prefix: number;
  data: number;
}
type Child = TreeNode | { data: number } | undefined;
interface TreeNode {
  children: [Child, Child];
}

/** Tree + separator + data + marker + metadata, nodes numbered breadth first. */
export function buildMmdb(opts: { recordSize: 24 | 28 | 32; ipVersion: 4 | 6; networks: Network[]; data: DataSection; metadata?: Partial<Record<string, Buffer>> }): Buffer {
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

export const v4 = (a: number, b: number, c: number, d: number) => [a, b, c, d];
export const inV6 = (bytes: number[]) => [...Array<number>(12).fill(0), ...bytes];

/**
 * A data section whose records use every type, every size encoding and every pointer size;
 * the records sit past 2^24 when `high` is set, so that the tree's record values need the
 * 28-bit nibbles and the 32-bit top byte.
 */
export function everyTypeData(high: boolean) {
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

export const everyTypeValue = {
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
