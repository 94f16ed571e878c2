import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SessionBus } from '../sessions/events.js';

/** Seconds; NOTIFY round trips on one machine sit in the low milliseconds. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, heap, GC, event-loop delay) under their standard
 * names, collected once per process and shared by every Metrics: they describe the process, not
 * an app. collectDefaultMetrics starts an event-loop-delay monitor and a GC PerformanceObserver
 * and returns no way to stop them, and the observer keeps its registry reachable, so collecting
 * per app would leave a timer and a registry behind for every app a test process builds.
 * Neither keeps the process alive. The delay monitor samples every 100 ms rather than every 10:
 * an idle server then wakes ten times a second for it, not a hundred, and a stall still shows
 * (it delays the next sample by its own length).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 100 });
  }
  return processRegistry;
}

/** One (method, status) pair's requests: counted, already added to prom-client's counter, and its bound counter. */
interface RequestCount {
  n: number;
  reported: number;
  counter: Counter.Internal;
}

/**
 * This node's counters in the Prometheus text format, through prom-client with a registry of
 * their own (apps built in one process must not share counters). Labels are bounded sets
 * (method, status, reason, result); nothing names a workspace or an account.
 */
export class Metrics {
  readonly #registry: Registry;
  readonly #requests: Counter<'method' | 'status'>;
  /** Requests by method, then by status, counted here and handed to #requests when scraped. */
  readonly #requestsBy = new Map<string, Map<number, RequestCount>>();
  readonly #signins: Counter<'result'>;
  readonly #ended: Counter<'reason'>;
  readonly #sessionsActive: Gauge;
  readonly #liveSockets: Gauge;
  readonly #presenceOnline: Gauge;
  readonly #lag: Histogram;
  /** Where the session check's counts are read at each scrape (set once the services exist). */
  #checks: () => { cached: number; read: number } = () => ({ cached: 0, read: 0 });

  constructor() {
    const registers = [new Registry()];
    this.#requests = new Counter({
      name: 'gatehouse_http_requests_total',
      help: 'HTTP requests answered by this node, by method and status.',
      labelNames: ['method', 'status'],
      registers,
      collect: () => {
        for (const byStatus of this.#requestsBy.values()) {
          for (const count of byStatus.values()) {
            if (count.n > count.reported) count.counter.inc(count.n - count.reported);
            count.reported = count.n;
          }
        }
      },
    });
    this.#signins = new Counter({
      name: 'gatehouse_signins_total',
      help: 'Sign-in attempts on this node: success, failed (credentials) or refused (disabled, IP rule, rate limit).',
      labelNames: ['result'],
      registers,
    });
    this.#ended = new Counter({ name: 'gatehouse_sessions_ended_total', help: 'Sessions ended by calls handled on this node, by reason.', labelNames: ['reason'], registers });
    this.#sessionsActive = new Gauge({ name: 'gatehouse_sessions_active', help: 'Active sessions in the database (every workspace; the same on every node).', registers });
    this.#liveSockets = new Gauge({ name: 'gatehouse_live_sockets', help: 'Console tabs connected to this node.', registers });
    this.#presenceOnline = new Gauge({ name: 'gatehouse_presence_online', help: 'Accounts online now (every workspace, every node).', registers });
    this.#lag = new Histogram({
      name: 'gatehouse_notify_lag_seconds',
      help: 'Time from a node sending a session notification to this node receiving it (includes clock skew between hosts).',
      buckets: LAG_BUCKETS,
      registers,
    });
    const reported = { cached: 0, read: 0 };
    const checks: Counter<'source'> = new Counter({
      name: 'gatehouse_session_checks_total',
      help: 'Session checks on this node, by where the answer came from: the cache or the database.',
      labelNames: ['source'],
      registers,
      collect: () => {
        const now = this.#checks();
        checks.inc({ source: 'cache' }, now.cached - reported.cached);
        checks.inc({ source: 'database' }, now.read - reported.read);
        Object.assign(reported, now);
      },
    });
    // Merging copies the list of metrics, not the metrics: ours first, then the process's.
    this.#registry = Registry.merge([...registers, processMetrics()]);
  }

  /**
   * Runs on every answer, so it only adds one to a number: prom-client's inc, even on a counter
   * bound to its labels, hashes and validates the labels at each call (about 240 ns a call
   * against 16 here; bench/diag/metrics-count.mjs).
   */
  countRequest(method: string, status: number): void {
    let byStatus = this.#requestsBy.get(method);
    if (!byStatus) this.#requestsBy.set(method, (byStatus = new Map()));
    const count = byStatus.get(status);
    if (count) count.n += 1;
    else byStatus.set(status, { n: 1, reported: 0, counter: this.#requests.labels(method, String(status)) });
  }

  countSignin(result: 'success' | 'failed' | 'refused'): void {
    this.#signins.inc({ result });
  }

  countEnded(reason: string, n: number): void {
    this.#ended.inc({ reason }, n);
  }

  /** Reads the session check's counts at each scrape (they are plain numbers, counted on the hot path). */
  watchChecks(read: () => { cached: number; read: number }): void {
    this.#checks = read;
  }

  observeLag(ms: number): void {
    this.#lag.observe(ms / 1000);
  }

  /** The media type of what render returns (text format 0.0.4). */
  get contentType(): string {
    return this.#registry.contentType;
  }

  /** The scrape; the gauges read from the database and the hub are taken by the caller at scrape time. */
  render(gauges: { sessionsActive: number; liveSockets: number; presenceOnline: number }): Promise<string> {
    this.#sessionsActive.set(gauges.sessionsActive);
    this.#liveSockets.set(gauges.liveSockets);
    this.#presenceOnline.set(gauges.presenceOnline);
    return this.#registry.metrics();
  }
}

/** Counts ended sessions where they are ended: publishEnded runs once, on the node that ended them. */
export function countingBus(bus: SessionBus, metrics: Metrics): SessionBus {
  return {
    ...bus,
    publishEnded: async (sessions) => {
      const byReason = new Map<string, number>();
      for (const s of sessions) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
      for (const [reason, n] of byReason) metrics.countEnded(reason, n);
      return bus.publishEnded(sessions);
    },
  };
}
