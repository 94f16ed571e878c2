// CPU cost of one Metrics.countRequest, which runs on every answer (src/app.ts, onResponse):
// the hand-written counter it replaced (copied below as it was at 9fe069c) against the current
// one (a plain number per method and status, added to prom-client's counter when scraped), and,
// for scale, prom-client's counter incremented per call, through a child bound to its labels
// (cached per method and status) and with a label object. Rounds alternate so that a noisy
// machine slows each alike; the median round is printed. Diagnostic only: writes nothing.
//   npm run build:server && node bench/diag/metrics-count.mjs [calls per round, default 2000000]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertBuilt, DIST, fmt, requireRoot } from '../lib/common.mjs';

assertBuilt();
const { Metrics } = await import(pathToFileURL(path.join(DIST, 'metrics', 'metrics.js')).href);
const { Counter, Registry } = requireRoot('prom-client');

/** The hand-written countRequest, as it was before prom-client. */
class HandWritten {
  requests = new Map();
  countRequest(method, status) {
    let byStatus = this.requests.get(method);
    if (!byStatus) this.requests.set(method, (byStatus = new Map()));
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }
}

const counter = () => new Counter({ name: 'x_total', help: 'x', labelNames: ['method', 'status'], registers: [new Registry()] });

/** prom-client per call, through children bound to their labels, cached per method and status. */
class Bound {
  counter = counter();
  children = new Map();
  countRequest(method, status) {
    let byStatus = this.children.get(method);
    if (!byStatus) this.children.set(method, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (!child) byStatus.set(status, (child = this.counter.labels(method, String(status))));
    child.inc();
  }
}

/** prom-client per call, with a label object. */
class Unbound {
  counter = counter();
  countRequest(method, status) {
    this.counter.inc({ method, status: String(status) });
  }
}

// What a busy node answers: mostly GET 200, some sign-ins, refusals and misses.
const MIX = [
  ['GET', 200],
  ['GET', 200],
  ['GET', 200],
  ['GET', 401],
  ['POST', 200],
  ['GET', 304],
  ['DELETE', 204],
  ['GET', 404],
];
const CALLS = Number(process.argv[2] ?? 2_000_000);
const ROUNDS = 9;

const variants = {
  'hand-written (before)': new HandWritten(),
  'Metrics (now)': new Metrics(),
  'prom-client inc, bound child cached': new Bound(),
  'prom-client inc, label object': new Unbound(),
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));

function run(metrics, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const [method, status] = MIX[i & 7];
    metrics.countRequest(method, status);
  }
  return Number(process.hrtime.bigint() - start) / n;
}

for (const m of Object.values(variants)) run(m, 200_000); // warm up: compiled before timing
for (let r = 0; r < ROUNDS; r++) for (const [name, m] of Object.entries(variants)) times[name].push(run(m, CALLS));

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const base = median(times['hand-written (before)']);
console.log(`countRequest, ${fmt(CALLS)} calls a round, median of ${ROUNDS} rounds (${process.version})`);
for (const [name, xs] of Object.entries(times)) {
  const ns = median(xs);
  console.log(`${name.padEnd(40)} ${ns.toFixed(1).padStart(7)} ns/call   ×${(ns / base).toFixed(2)}   (rounds ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`);
}
// The counts must agree, or the comparison timed different work.
const scraped = await variants['Metrics (now)'].render({ sessionsActive: 0, liveSockets: 0, presenceOnline: 0 });
const counted = Number(/gatehouse_http_requests_total\{method="GET",status="200"\} (\d+)/.exec(scraped)?.[1]);
if (counted !== variants['hand-written (before)'].requests.get('GET').get(200)) throw new Error(`counts differ: ${counted}`);
