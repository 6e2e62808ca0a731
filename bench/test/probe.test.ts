import { describe, expect, it } from 'vitest';
import { Probe } from '../src/clients/probe.js';
import { percentile, ratio, summarize } from '../src/stats.js';

const done = (calls: number) =>
  Buffer.from(
    `{"type":"response.done","response":{"output":[${Array.from({ length: calls }, () => '{"type":"function_call"}').join(',')}]}}`,
  );
const output =
  '{"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"c","output":"ok"}}';
const create = '{"type":"response.create","event_id":"e1"}';

describe('Probe', () => {
  it('times response.done in → outputs and response.create out', () => {
    const probe = new Probe();
    probe.inbound(1_000_000n, done(1));
    probe.outbound(1_100_000n, output);
    probe.outbound(1_250_000n, create);
    expect(probe.createMs).toEqual([0.25]);
    expect(probe.creates).toBe(1);
  });

  it('waits for every output when the create comes first', () => {
    const probe = new Probe();
    probe.inbound(0n, done(3));
    probe.outbound(100_000n, output);
    probe.outbound(200_000n, create);
    probe.outbound(300_000n, output);
    expect(probe.createMs).toEqual([]);
    probe.outbound(700_000n, output);
    expect(probe.createMs).toEqual([0.7]);
  });

  it('counts outputs written before response.done arrived, and ignores responses without calls', () => {
    const probe = new Probe();
    probe.outbound(0n, output);
    probe.inbound(1_000_000n, done(1));
    probe.outbound(1_500_000n, create);
    probe.inbound(2_000_000n, done(0));
    probe.outbound(3_000_000n, create);
    expect(probe.createMs).toEqual([0.5]);
    expect(probe.creates).toBe(2);
  });

  it('times the first session.update after a done (handoffs)', () => {
    const probe = new Probe();
    probe.inbound(0n, done(1));
    probe.outbound(50_000n, '{"type":"session.update","session":{}}');
    probe.outbound(90_000n, '{"type":"session.update","session":{}}');
    expect(probe.updateMs).toEqual([0.05]);
  });
});

describe('stats', () => {
  it('uses nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(Float64Array.from(samples).sort(), 0.5)).toBe(50);
    const { p50, p99, max, count } = summarize(samples);
    expect([p50, p99, max, count]).toEqual([50, 99, 100, 100]);
    expect(summarize([]).p50).toBeNaN();
  });

  it('gives peer ÷ ours, NaN when a side is missing', () => {
    expect(ratio(3, 1.5)).toBe(2);
    expect(ratio(Number.NaN, 1)).toBeNaN();
  });
});
