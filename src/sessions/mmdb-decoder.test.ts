import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Reader } from 'maxmind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMmdb, control, DataSection, e, everyTypeData, everyTypeValue, expectSameAsOracle, inV6, T, v4, type Network } from '../../test/helpers/mmdb.js';
import { MmdbError } from './mmdb-decoder.js';
import { MmdbReader } from './mmdb-reader.js';

// The decoder through files built to use every type, size encoding and pointer size; `maxmind`
// is the oracle (test/helpers/mmdb.ts).

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-mmdb-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('MmdbReader on hand-built databases', () => {
  for (const recordSize of [24, 28, 32] as const) {
    for (const ipVersion of [4, 6] as const) {
      it(`decodes every type, ${recordSize}-bit records, IPv${ipVersion} tree`, async () => {
        const { data, big, small, shared2 } = everyTypeData(recordSize !== 24);
        const net4 = (bytes: number[], prefix: number, at: number): Network =>
          ipVersion === 4 ? { bytes, prefix, data: at } : { bytes: inV6(bytes), prefix: 96 + prefix, data: at };
        const networks = [net4(v4(1, 2, 3, 0), 24, big), net4(v4(8, 0, 0, 0), 8, small), net4(v4(200, 0, 0, 0), 5, shared2), net4(v4(255, 255, 255, 255), 32, small)];
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
            '0.0.0.0',
            '1.2.3.0',
            '1.2.3.4',
            '1.2.3.255',
            '1.2.4.0',
            '8.0.0.0',
            '8.255.255.255',
            '9.0.0.0',
            '199.255.255.255',
            '200.0.0.0',
            '207.255.255.255',
            '208.0.0.0',
            '255.255.255.254',
            '255.255.255.255',
            '::ffff:1.2.3.4',
            '2001:db8::7',
            '2a0f::1',
            '2a10::1',
            '::',
            'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
          ];
          // maxmind walks IPv6 text through an IPv4 tree's bits; this reader does not (see mmdb-reader.test.ts).
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

  it('keeps a key named __proto__ as data, not as the prototype', async () => {
    const data = new DataSection();
    const at = data.put(e.map([[e.str('__proto__'), e.map([[e.str('polluted'), e.bool(true)]])]]));
    const file = path.join(tmp, 'proto.mmdb');
    await writeFile(file, buildMmdb({ recordSize: 24, ipVersion: 4, networks: [{ bytes: [1], prefix: 8, data: at }], data }));
    const ours = await MmdbReader.open(file);
    const found = ours.lookup('1.1.1.1') as Record<string, unknown>;
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
