import type { SessionBus } from '../sessions/events.js';

/** Seconds; NOTIFY round trips on one machine sit in the low milliseconds. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * This process's counters, written out in the Prometheus text format. Labels are bounded sets
 * (method, status, reason, result); nothing names a workspace or an account.
 */
export class Metrics {
  /** Requests by method, then by status: no label string is built per request. */
  private readonly requests = new Map<string, Map<number, number>>();
  private readonly signins = new Map<string, number>();
  private readonly ended = new Map<string, number>();
  private readonly lagCounts = LAG_BUCKETS.map(() => 0);
  private lagSum = 0;
  private lagCount = 0;

  countRequest(method: string, status: number): void {
    let byStatus = this.requests.get(method);
    if (!byStatus) this.requests.set(method, (byStatus = new Map()));
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  countSignin(result: 'success' | 'failed' | 'refused'): void {
    this.signins.set(result, (this.signins.get(result) ?? 0) + 1);
  }

  countEnded(reason: string, n: number): void {
    this.ended.set(reason, (this.ended.get(reason) ?? 0) + n);
  }

  observeLag(ms: number): void {
    const s = ms / 1000;
    this.lagSum += s;
    this.lagCount += 1;
    LAG_BUCKETS.forEach((b, i) => {
      if (s <= b) this.lagCounts[i]! += 1;
    });
  }

  render(gauges: { sessionsActive: number; liveSockets: number; presenceOnline: number }): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

    family('gatehouse_http_requests_total', 'counter', 'HTTP requests answered by this node, by method and status.');
    for (const [method, byStatus] of this.requests) {
      for (const [status, n] of byStatus) lines.push(`gatehouse_http_requests_total{method="${method}",status="${status}"} ${n}`);
    }

    family('gatehouse_signins_total', 'counter', 'Sign-in attempts on this node: success, failed (credentials) or refused (disabled, IP rule, rate limit).');
    for (const [result, n] of this.signins) lines.push(`gatehouse_signins_total{result="${result}"} ${n}`);

    family('gatehouse_sessions_ended_total', 'counter', 'Sessions ended by calls handled on this node, by reason.');
    for (const [reason, n] of this.ended) lines.push(`gatehouse_sessions_ended_total{reason="${reason}"} ${n}`);

    family('gatehouse_sessions_active', 'gauge', 'Active sessions in the database (every workspace; the same on every node).');
    lines.push(`gatehouse_sessions_active ${gauges.sessionsActive}`);

    family('gatehouse_live_sockets', 'gauge', 'Console tabs connected to this node.');
    lines.push(`gatehouse_live_sockets ${gauges.liveSockets}`);

    family('gatehouse_presence_online', 'gauge', 'Accounts online now (every workspace, every node).');
    lines.push(`gatehouse_presence_online ${gauges.presenceOnline}`);

    family('gatehouse_notify_lag_seconds', 'histogram', 'Time from a node sending a session notification to this node receiving it (includes clock skew between hosts).');
    LAG_BUCKETS.forEach((b, i) => lines.push(`gatehouse_notify_lag_seconds_bucket{le="${b}"} ${this.lagCounts[i]}`));
    lines.push(`gatehouse_notify_lag_seconds_bucket{le="+Inf"} ${this.lagCount}`);
    lines.push(`gatehouse_notify_lag_seconds_sum ${this.lagSum}`);
    lines.push(`gatehouse_notify_lag_seconds_count ${this.lagCount}`);
    return `${lines.join('\n')}\n`;
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
