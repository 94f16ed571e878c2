// The load generator: autocannon, run in its own process (pinned by the caller to core 1).
// Reads its options as JSON on stdin and prints a small summary as JSON.
//
// One autocannon instance per connection, each walking its own slice of the cookie list: a
// run then reaches every session in the list, spread evenly, and each instance pre-builds only
// its own slice (one instance with a 10,000-entry list pre-builds it once per connection, which
// stalls the first requests for seconds and shows up as false multi-second latencies).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'));
const autocannon = require('autocannon');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const o = JSON.parse(input);
const url = new URL(o.url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('benchmarks only load loopback addresses');

const connections = o.connections ?? 50;
const cookies = o.cookies ?? [];
// `bodies`: one request body per request in turn (a token each, for POST /api/introspect),
// walked like the cookies.
const bodies = o.bodies ?? [];
const base = { method: o.method ?? 'GET', path: o.path, body: o.body };
const slices = Array.from({ length: connections }, (_, c) => {
  if (bodies.length) return bodies.filter((_, i) => i % connections === c).map((body) => ({ ...base, body, headers: o.headers ?? {} }));
  const mine = cookies.filter((_, i) => i % connections === c);
  return mine.length ? mine.map((cookie) => ({ ...base, headers: { ...(o.headers ?? {}), cookie } })) : [{ ...base, headers: o.headers ?? {} }];
});

// Latencies in 0.1 ms buckets up to 60 s.
const buckets = new Uint32Array(600_001);
let total = 0;
let ok = 0;
let errors = 0;
const started = performance.now();
await Promise.all(
  slices.map(
    (requests) =>
      new Promise((resolve, reject) => {
        const instance = autocannon({ url: o.url, connections: 1, pipelining: 1, duration: o.duration, requests }, (err) => (err ? reject(err) : resolve()));
        instance.on('response', (_client, status, _bytes, ms) => {
          total++;
          if (status >= 200 && status < 300) ok++;
          buckets[Math.min(600_000, Math.round(ms * 10))]++;
        });
        instance.on('reqError', () => errors++);
      }),
  ),
);
const seconds = (performance.now() - started) / 1000;
const pct = (p) => {
  const want = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) if ((seen += buckets[i]) >= want) return i / 10;
  return 0;
};
let max = 0;
for (let i = buckets.length - 1; i >= 0; i--)
  if (buckets[i]) {
    max = i / 10;
    break;
  }
console.log(JSON.stringify({ rps: total / o.duration, total, ok, non2xx: total - ok, errors, p50: pct(50), p90: pct(90), p99: pct(99), max, duration: seconds }));
