// The load generator: autocannon, run in its own process (pinned by the caller to core 1).
// Reads its options as JSON on stdin and prints a small summary as JSON.
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

// Each cookie is a request of its own, built once: every connection walks the list in order,
// so a run reaches as many distinct sessions as one connection sends requests (up to the list's
// length), and the generator spends nothing per request on rotating them.
const cookies = o.cookies ?? [];
const base = { method: o.method ?? 'GET', path: o.path, body: o.body };
const requests = cookies.length
  ? cookies.map((cookie) => ({ ...base, headers: { ...(o.headers ?? {}), cookie } }))
  : [{ ...base, headers: o.headers ?? {} }];

const result = await autocannon({
  url: o.url,
  connections: o.connections ?? 50,
  pipelining: 1,
  duration: o.duration,
  requests,
});
const ok = result['2xx'];
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    duration: result.duration,
  }),
);
