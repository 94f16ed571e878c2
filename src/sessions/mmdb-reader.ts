import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import net from 'node:net';
import { Decoder, MmdbError, type MmdbValue, type Source } from './mmdb-decoder.js';

/**
 * A MaxMind DB (format 2) reader that keeps the file on disk: it holds an open descriptor, the
 * metadata and a few cached 4 KiB blocks, and answers each lookup with positioned reads of the
 * blocks holding the tree nodes it walks (at most 32 for IPv4, 128 for IPv6) and the record it
 * finds, decoded by mmdb-decoder.ts.
 * Format: the MaxMind DB File Format Specification, version 2.0.
 */

export interface MmdbMetadata {
  binaryFormatMajorVersion: number;
  binaryFormatMinorVersion: number;
  buildEpoch: Date;
  databaseType: string;
  description: Record<string, string>;
  languages: string[];
  ipVersion: 4 | 6;
  nodeCount: number;
  recordSize: 24 | 28 | 32;
}

const MARKER = Buffer.from('\xAB\xCD\xEFMaxMind.com', 'latin1');
/** The metadata is in the last 128 KiB of the file, after the last marker. */
const METADATA_MAX = 128 * 1024;
/** Zero bytes between the search tree and the data section. */
const SEPARATOR = 16;
const BLOCK = 4096;
/** Blocks kept between lookups, per file: the tree's upper levels and the most used records. */
const CACHED_BLOCKS = 32;

export class MmdbReader {
  readonly #file: BlockFile;
  readonly #nodeBytes: number;
  readonly #treeSize: number;
  readonly #dataEnd: number;
  readonly #ipv4Start: number;

  private constructor(
    file: BlockFile,
    readonly metadata: MmdbMetadata,
    metadataStart: number,
  ) {
    this.#file = file;
    this.#nodeBytes = metadata.recordSize / 4;
    this.#treeSize = metadata.nodeCount * this.#nodeBytes;
    this.#dataEnd = metadataStart - MARKER.length;
    // IPv4 addresses live under ::/96 of an IPv6 tree: 96 zero bits from the root.
    this.#ipv4Start = metadata.ipVersion === 6 ? this.#walk(new Uint8Array(12), 0, 96) : 0;
  }

  /** Opens the file and reads its metadata; rejects if it is missing, truncated or not a MaxMind DB. */
  static async open(file: string, options: { cachedBlocks?: number } = {}): Promise<MmdbReader> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const tailStart = Math.max(0, size - METADATA_MAX);
      const tail = Buffer.alloc(size - tailStart);
      const { bytesRead } = await handle.read(tail, 0, tail.length, tailStart);
      const at = tail.subarray(0, bytesRead).lastIndexOf(MARKER);
      if (at < 0) throw new MmdbError(`${file}: no MaxMind DB metadata (truncated, or not a MaxMind DB)`);
      const metadataStart = tailStart + at + MARKER.length;
      const source = new BufferSource(tail.subarray(0, bytesRead), tailStart);
      const metadata = parseMetadata(new Decoder(source, metadataStart, tailStart + bytesRead, metadataStart).value(0));
      const treeSize = metadata.nodeCount * (metadata.recordSize / 4);
      if (treeSize + SEPARATOR > metadataStart - MARKER.length) {
        throw new MmdbError(`${file}: the search tree and data section do not fit before the metadata (truncated?)`);
      }
      return new MmdbReader(new BlockFile(handle, size, options.cachedBlocks ?? CACHED_BLOCKS), metadata, metadataStart);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /**
   * The record for an address, or null when the database has none. An IPv4 address in an IPv6
   * database is looked up in its IPv4 subtree (::a.b.c.d). An IPv6 address in an IPv4 database
   * finds nothing unless it is IPv4-mapped (::ffff:a.b.c.d). Throws a TypeError for text that is
   * not an IP address and an MmdbError for a corrupt file.
   */
  lookup(ip: string): MmdbValue | null {
    let address = parseIp(ip);
    if (!address) throw new TypeError(`not an IP address: ${ip}`);
    const { ipVersion, nodeCount } = this.metadata;
    if (address.length === 16 && ipVersion === 4) {
      if (!isIpv4Mapped(address)) return null;
      address = address.subarray(12);
    }
    const start = address.length === 4 && ipVersion === 6 ? this.#ipv4Start : 0;
    const record = this.#walk(address, start, address.length * 8);
    // A walk that ends on a node rather than a record would be a corrupt tree; `maxmind` calls it nothing.
    if (record <= nodeCount) return null;
    const at = record - nodeCount + this.#treeSize;
    if (at < this.#treeSize + SEPARATOR || at >= this.#dataEnd) throw new MmdbError(`search tree points outside the data section (${at})`);
    return new Decoder(this.#file, this.#treeSize + SEPARATOR, this.#dataEnd, at).value(0);
  }

  close(): Promise<void> {
    return this.#file.close();
  }

  /** Follows `bits` bits of the address from node `node`; returns the record it stops at. */
  #walk(address: Uint8Array, node: number, bits: number): number {
    const { nodeCount, recordSize } = this.metadata;
    const file = this.#file;
    for (let depth = 0; depth < bits && node < nodeCount; depth++) {
      const right = ((address[depth >> 3] ?? 0) >> (7 - (depth & 7))) & 1;
      // A node is 6, 7 or 8 bytes and may straddle two blocks: read it byte by byte.
      const at = node * this.#nodeBytes;
      if (recordSize === 24) {
        const o = at + (right ? 3 : 0);
        node = (file.byte(o) << 16) | (file.byte(o + 1) << 8) | file.byte(o + 2);
      } else if (recordSize === 28) {
        // The middle byte holds the top four bits of each record, the left one's in its high half.
        const middle = file.byte(at + 3);
        const o = at + (right ? 4 : 0);
        node = (right ? middle & 0x0f : middle >> 4) * 0x1000000 + ((file.byte(o) << 16) | (file.byte(o + 1) << 8) | file.byte(o + 2));
      } else {
        const o = at + (right ? 4 : 0);
        node = file.byte(o) * 0x1000000 + ((file.byte(o + 1) << 16) | (file.byte(o + 2) << 8) | file.byte(o + 3));
      }
    }
    return node;
  }
}

function parseMetadata(raw: MmdbValue): MmdbMetadata {
  if (!isMap(raw)) throw new MmdbError('metadata is not a map');
  const uint = (key: string): number => {
    const v = raw[key];
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
    throw new MmdbError(`metadata ${key} is missing or not an unsigned integer`);
  };
  const major = uint('binary_format_major_version');
  if (major !== 2) throw new MmdbError(`MaxMind DB format ${major} is not supported`);
  const recordSize = uint('record_size');
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) throw new MmdbError(`record size ${recordSize} is not supported`);
  const ipVersion = uint('ip_version');
  if (ipVersion !== 4 && ipVersion !== 6) throw new MmdbError(`IP version ${ipVersion} is not supported`);
  const description = raw['description'];
  const languages = raw['languages'];
  return {
    binaryFormatMajorVersion: major,
    binaryFormatMinorVersion: uint('binary_format_minor_version'),
    buildEpoch: new Date(uint('build_epoch') * 1000),
    databaseType: typeof raw['database_type'] === 'string' ? raw['database_type'] : '',
    description: isMap(description) ? Object.fromEntries(Object.entries(description).filter((e): e is [string, string] => typeof e[1] === 'string')) : {},
    languages: Array.isArray(languages) ? languages.filter((l) => typeof l === 'string') : [],
    ipVersion,
    nodeCount: uint('node_count'),
    recordSize,
  };
}

function isMap(v: MmdbValue | undefined): v is { [key: string]: MmdbValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** 4 bytes for IPv4 text, 16 for IPv6 (a zone such as `%eth0` is ignored), null for anything else. */
export function parseIp(ip: string): Uint8Array | null {
  const family = net.isIP(ip);
  if (family === 4) return Uint8Array.from(ip.split('.'), Number);
  if (family !== 6) return null;
  let text = ip.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  return bytes;
}

function isIpv4Mapped(address: Uint8Array): boolean {
  return address.subarray(0, 10).every((b) => b === 0) && address[10] === 0xff && address[11] === 0xff;
}

class BufferSource implements Source {
  constructor(
    private readonly buffer: Buffer,
    private readonly offset: number,
  ) {}

  byte(pos: number): number {
    const v = this.buffer[pos - this.offset];
    if (v === undefined || pos < this.offset) throw new MmdbError(`metadata reads past its end (${pos})`);
    return v;
  }

  bytes(start: number, end: number): Buffer {
    if (start < this.offset || end - this.offset > this.buffer.length) throw new MmdbError(`metadata reads past its end (${end})`);
    return this.buffer.subarray(start - this.offset, end - this.offset);
  }

  text(start: number, end: number): string {
    return this.bytes(start, end).toString('utf8');
  }
}

/**
 * The file read in aligned blocks through a fixed set of slots, the least recently used slot
 * reused first: a lookup allocates nothing but the values it returns. Reads are synchronous
 * (pread of 4 KiB, a few microseconds from the page cache): an asynchronous read goes through
 * libuv's thread pool, where it queues behind the argon2 hashes of concurrent sign-ins.
 */
class BlockFile implements Source {
  readonly #slots: Buffer;
  /** Block index → slot, in least-recently-used order; and each slot's valid length. */
  readonly #where = new Map<number, number>();
  readonly #filled: number[] = [];

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
    capacity: number,
  ) {
    this.#slots = Buffer.alloc(Math.max(1, capacity) * BLOCK);
  }

  /** The block read last and its slot: most reads fall in it, and need no reordering. */
  #lastIndex = -1;
  #lastSlot = 0;

  /** The slot holding a block, read into the least recently used slot if it is not cached. */
  #slot(index: number): number {
    if (index === this.#lastIndex) return this.#lastSlot;
    let slot = this.#where.get(index);
    if (slot !== undefined) {
      this.#where.delete(index);
    } else {
      const start = index * BLOCK;
      if (start >= this.size) throw new MmdbError(`read past the end of the file (${start})`);
      if (this.#where.size * BLOCK < this.#slots.length) slot = this.#where.size;
      else {
        const [oldest, free] = this.#where.entries().next().value as [number, number];
        this.#where.delete(oldest);
        slot = free;
      }
      // A short read means the file was cut after it was opened; reads past it fail below.
      this.#filled[slot] = readSync(this.handle.fd, this.#slots, slot * BLOCK, Math.min(BLOCK, this.size - start), start);
    }
    this.#where.set(index, slot);
    this.#lastIndex = index;
    this.#lastSlot = slot;
    return slot;
  }

  byte(pos: number): number {
    const index = Math.floor(pos / BLOCK);
    const slot = this.#slot(index);
    const within = pos - index * BLOCK;
    if (within >= (this.#filled[slot] ?? 0)) throw new MmdbError(`read past the end of the file (${pos})`);
    return this.#slots[slot * BLOCK + within] as number;
  }

  bytes(start: number, end: number): Buffer {
    const at = this.#within(start, end);
    return at < 0 ? this.#copy(start, end) : this.#slots.subarray(at, at + end - start);
  }

  text(start: number, end: number): string {
    const at = this.#within(start, end);
    return at < 0 ? this.#copy(start, end).toString('utf8') : this.#slots.toString('utf8', at, at + end - start);
  }

  /** Where [start, end) is in the slots when it lies in one block, else -1. */
  #within(start: number, end: number): number {
    if (end <= start) return 0;
    const index = Math.floor(start / BLOCK);
    if (Math.floor((end - 1) / BLOCK) !== index) return -1;
    const slot = this.#slot(index);
    if (end - index * BLOCK > (this.#filled[slot] ?? 0)) throw new MmdbError(`read past the end of the file (${end})`);
    return slot * BLOCK + start - index * BLOCK;
  }

  /** A range across blocks: from the cache when it spans a few, read straight when longer. */
  #copy(start: number, end: number): Buffer {
    const out = Buffer.alloc(end - start);
    const first = Math.floor(start / BLOCK);
    const last = Math.floor((end - 1) / BLOCK);
    if ((last - first + 1) * 4 <= this.#slots.length / BLOCK) {
      for (let i = first; i <= last; i++) {
        const from = Math.max(start, i * BLOCK);
        const to = Math.min(end, (i + 1) * BLOCK);
        out.set(this.bytes(from, to), from - start);
      }
      return out;
    }
    if (end > this.size || readSync(this.handle.fd, out, 0, out.length, start) !== out.length) {
      throw new MmdbError(`read past the end of the file (${end})`);
    }
    return out;
  }

  close(): Promise<void> {
    this.#where.clear();
    this.#lastIndex = -1;
    return this.handle.close();
  }
}
