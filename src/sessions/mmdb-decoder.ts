/**
 * The MaxMind DB data-section decoder: one value (string, number, map, array, pointer, …) at a
 * file position, read through a `Source` so that the same code decodes the metadata from a
 * buffer and the records from the file's cached blocks (mmdb-reader.ts). Values decode as the
 * `maxmind` package decodes them: maps as objects, uint64/uint128 as bigint, bytes as Buffer.
 * Format: the MaxMind DB File Format Specification, version 2.0.
 */

export type MmdbValue = string | number | bigint | boolean | Buffer | MmdbValue[] | { [key: string]: MmdbValue };

/** The file is not a MaxMind DB this reader can read, or its contents contradict themselves. */
export class MmdbError extends Error {
  override name = 'MmdbError';
}

/** libmaxminddb's limit; also what stops a pointer cycle in a corrupt file. */
const MAX_DEPTH = 512;

/** Random access to file positions. */
export interface Source {
  byte(pos: number): number;
  /** The bytes in [start, end), valid only until the next read: use them at once. */
  bytes(start: number, end: number): Buffer;
  text(start: number, end: number): string;
}

const enum Type {
  Extended = 0,
  Pointer = 1,
  Utf8String = 2,
  Double = 3,
  Bytes = 4,
  Uint16 = 5,
  Uint32 = 6,
  Map = 7,
  Int32 = 8,
  Uint64 = 9,
  Uint128 = 10,
  Array = 11,
  Boolean = 14,
  Float = 15,
}

/** Decodes one value of the data section (or the metadata) at a file position. */
export class Decoder {
  #pos: number;

  /** `base` is where pointers count from; nothing at or past `end` belongs to the section. */
  constructor(
    private readonly source: Source,
    private readonly base: number,
    private readonly end: number,
    start: number,
  ) {
    this.#pos = start;
  }

  value(depth: number): MmdbValue {
    if (depth > MAX_DEPTH) throw new MmdbError('data nested too deeply (a pointer cycle?)');
    const control = this.#byte();
    let type: number = control >> 5;
    if (type === Type.Pointer) {
      const target = this.#pointer(control);
      const after = this.#pos;
      this.#pos = target;
      const value = this.value(depth + 1);
      this.#pos = after;
      return value;
    }
    if (type === Type.Extended) type = 7 + this.#byte();
    const size = this.#size(control & 0x1f);
    switch (type) {
      case Type.Utf8String: {
        this.#check(this.#pos + size);
        const text = this.source.text(this.#pos, this.#pos + size);
        this.#pos += size;
        return text;
      }
      case Type.Double:
        return this.#take(expectSize(size, 8, 8, 'double')).readDoubleBE(0);
      case Type.Float:
        return this.#take(expectSize(size, 4, 4, 'float')).readFloatBE(0);
      case Type.Bytes:
        // A copy, so the value does not hold on to the block it was read from.
        return Buffer.from(this.#take(size));
      case Type.Uint16:
        return this.#uint(expectSize(size, 0, 2, 'uint16'));
      case Type.Uint32:
        return this.#uint(expectSize(size, 0, 4, 'uint32'));
      case Type.Int32: {
        // Shorter than four bytes is zero-padded, hence positive; four bytes are two's complement.
        const n = this.#uint(expectSize(size, 0, 4, 'int32'));
        return size === 4 ? n | 0 : n;
      }
      case Type.Uint64:
      case Type.Uint128: {
        let n = 0n;
        for (const b of this.#take(expectSize(size, 0, type === Type.Uint64 ? 8 : 16, 'uint'))) n = (n << 8n) | BigInt(b);
        return n;
      }
      case Type.Boolean:
        return expectSize(size, 0, 1, 'boolean') === 1;
      case Type.Map: {
        const map: { [key: string]: MmdbValue } = {};
        for (let i = 0; i < size; i++) {
          const key = this.value(depth + 1);
          if (typeof key !== 'string') throw new MmdbError('a map key is not a string');
          const value = this.value(depth + 1);
          // Assigning a key named __proto__ would set the prototype instead.
          if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
          else map[key] = value;
        }
        return map;
      }
      case Type.Array: {
        const array: MmdbValue[] = [];
        for (let i = 0; i < size; i++) array.push(this.value(depth + 1));
        return array;
      }
      default:
        throw new MmdbError(`data type ${type} is not valid here (position ${this.#pos})`);
    }
  }

  /** Payload size: under 29 as is, else 29 + one byte, 285 + two bytes, 65,821 + three bytes. */
  #size(bits: number): number {
    if (bits < 29) return bits;
    if (bits === 29) return 29 + this.#uint(1);
    if (bits === 30) return 285 + this.#uint(2);
    return 65_821 + this.#uint(3);
  }

  /** Control byte 001SSVVV: SS more bytes follow; VVV are high bits except for SS = 3. */
  #pointer(control: number): number {
    const extra = (control >> 3) & 3;
    const high = control & 7;
    let offset: number;
    if (extra === 0) offset = high * 0x100 + this.#uint(1);
    else if (extra === 1) offset = high * 0x10000 + this.#uint(2) + 2048;
    else if (extra === 2) offset = high * 0x1000000 + this.#uint(3) + 526_336;
    else offset = this.#uint(4);
    return this.base + offset;
  }

  #uint(size: number): number {
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + this.#byte();
    return n;
  }

  #byte(): number {
    this.#check(this.#pos + 1);
    return this.source.byte(this.#pos++);
  }

  #take(size: number): Buffer {
    this.#check(this.#pos + size);
    const bytes = this.source.bytes(this.#pos, this.#pos + size);
    this.#pos += size;
    return bytes;
  }

  #check(end: number): void {
    if (end > this.end || this.#pos < this.base) throw new MmdbError(`data read outside its section (${this.#pos}..${end})`);
  }
}

function expectSize(size: number, min: number, max: number, type: string): number {
  if (size < min || size > max) throw new MmdbError(`${type} of ${size} bytes`);
  return size;
}
