import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

const gauges = { sessionsActive: 3, liveSockets: 1, presenceOnline: 2 };
const sample = (text: string, series: string) => new RegExp(`^${series.replace(/[{}.+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1];

describe('Metrics', () => {
  it('counts requests once however often it is scraped', async () => {
    const m = new Metrics();
    for (let i = 0; i < 3; i++) m.countRequest('GET', 200);
    m.countRequest('POST', 401);
    expect(sample(await m.render(gauges), 'gatehouse_http_requests_total{method="GET",status="200"}')).toBe('3');
    expect(sample(await m.render(gauges), 'gatehouse_http_requests_total{method="GET",status="200"}')).toBe('3');
    m.countRequest('GET', 200);
    const text = await m.render(gauges);
    expect(sample(text, 'gatehouse_http_requests_total{method="GET",status="200"}')).toBe('4');
    expect(sample(text, 'gatehouse_http_requests_total{method="POST",status="401"}')).toBe('1');
  });

  it('keeps each instance its own counters, beside the process metrics they share', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.countSignin('failed');
    a.countEnded('signed_out', 2);
    a.observeLag(4);
    const [ta, tb] = [await a.render(gauges), await b.render({ sessionsActive: 0, liveSockets: 0, presenceOnline: 0 })];
    expect(sample(ta, 'gatehouse_signins_total{result="failed"}')).toBe('1');
    expect(sample(ta, 'gatehouse_sessions_ended_total{reason="signed_out"}')).toBe('2');
    expect(sample(ta, 'gatehouse_notify_lag_seconds_bucket{le="0.005"}')).toBe('1');
    expect(sample(ta, 'gatehouse_sessions_active')).toBe('3');
    expect(tb).not.toContain('gatehouse_signins_total{');
    expect(sample(tb, 'gatehouse_notify_lag_seconds_count')).toBe('0');
    // prom-client's standard names, unprefixed, as dashboards expect them.
    for (const text of [ta, tb]) {
      for (const name of [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_heap_size_used_bytes',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_gc_duration_seconds',
      ]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
    }
    expect(a.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});
