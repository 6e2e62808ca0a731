import { describe, expect, it } from 'vitest';
import { SMOKE_PLAN } from '../src/plan.js';
import { checkBudgets } from '../src/report/budgets.js';
import { renderChart } from '../src/report/chart.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { BenchResults } from '../src/results.js';
import { runAll } from '../src/run.js';

/**
 * The client-side probe times `response.done` in → answer out. Switchboard and the floor answer only
 * after `response.done`, so every round has a sample. The peer sometimes writes its answer (or its
 * handoff `session.update`) before `response.done` reaches it, and such a round has no client-side
 * sample; its server-side timing, asserted complete above, still covers it.
 */
function expectClientSamples(client: string, samples: readonly number[], rounds: number): void {
  if (client === 'peer') {
    expect(samples.length, `${client} client-side samples`).toBeGreaterThan(0);
    expect(samples.length, `${client} client-side samples`).toBeLessThanOrEqual(rounds);
  } else {
    expect(samples, `${client} client-side samples`).toHaveLength(rounds);
  }
}

// The benchmarks are not tests; this runs every one of them for a few seconds so they keep working.
describe('pnpm bench (smoke plan)', () => {
  let results: BenchResults;

  it('runs every workload for every client', { timeout: 120_000 }, async () => {
    results = await runAll(SMOKE_PLAN, 'vitest (smoke)', () => {});
    expect(results.toolRoundTrips).toHaveLength(3);
  });

  it('answers every tool round trip, exactly once per response for Switchboard and the floor', () => {
    const [one, three] = results.toolRoundTrips;
    for (const [bench, parallel] of [
      [one, 1],
      [three, 3],
    ] as const) {
      for (const client of bench?.clients ?? []) {
        expect(client.missing, `${client.client} unanswered rounds`).toBe(0);
        expect(client.serverMs).toHaveLength(SMOKE_PLAN.tool.rounds * SMOKE_PLAN.repeats);
        expectClientSamples(client.client, client.clientMs, SMOKE_PLAN.tool.rounds * SMOKE_PLAN.repeats);
        if (client.client === 'peer') continue;
        expect(client.toolRuns).toBe(SMOKE_PLAN.tool.rounds * SMOKE_PLAN.repeats * parallel);
        expect(client.earlyCreates + client.extraCreates + client.errors).toBe(0);
      }
    }
  });

  it('answers every round trip with tracing off and on, each tool run once', () => {
    expect(results.tracing.clients.map((client) => client.client)).toEqual([
      'ours',
      'ours-tracing-off',
      'ours-tracing-on',
    ]);
    for (const client of results.tracing.clients) {
      expect(client.missing, client.client).toBe(0);
      expect(client.serverMs, client.client).toHaveLength(SMOKE_PLAN.tracing.rounds * SMOKE_PLAN.repeats);
      expect(client.toolRuns, client.client).toBe(SMOKE_PLAN.tracing.rounds * SMOKE_PLAN.repeats);
      expect(client.earlyCreates + client.extraCreates + client.errors, client.client).toBe(0);
      expect(client.cpuMicros, client.client).toBeGreaterThan(0);
    }
  });

  it('times the handoff session.update and response.create for every client', () => {
    for (const client of results.handoff.clients) {
      expect(client.missing, client.client).toBe(0);
      expect(client.serverUpdateMs, client.client).toHaveLength(
        SMOKE_PLAN.handoff.rounds * SMOKE_PLAN.repeats,
      );
      expectClientSamples(
        client.client,
        client.clientUpdateMs,
        SMOKE_PLAN.handoff.rounds * SMOKE_PLAN.repeats,
      );
    }
  });

  it('ingests the recorded local-realtime stream without errors', () => {
    const { results: ingest, shape } = results.ingest;
    expect(shape.audioDeltas).toBeGreaterThan(10);
    expect(shape.transcriptDeltas).toBeGreaterThan(5);
    for (const result of ingest) {
      expect(result.errors, result.ingester).toBe(0);
      const passes = SMOKE_PLAN.ingest.passes * SMOKE_PLAN.repeats;
      expect(result.eventsPerSecond, result.ingester).toHaveLength(passes);
      expect(result.perType['response.output_audio.delta']?.count).toBe(shape.audioDeltas * passes);
    }
  });

  it('holds concurrent sessions of both frameworks and measures them', () => {
    // Each run of a step starts with the other client.
    expect(results.scale.steps.map((step) => `${step.client}#${step.run}`)).toEqual([
      'ours#0',
      'peer#0',
      'peer#1',
      'ours#1',
    ]);
    expect(results.repeats).toBe(SMOKE_PLAN.repeats);
    for (const step of results.scale.steps) {
      expect(step.errors, step.client).toBe(0);
      expect(step.roundTripMs.length, step.client).toBeGreaterThan(0);
      // Without --expose-gc (vitest) the memory figures are only finite, not meaningful.
      expect(Number.isFinite(step.idleHeapPerSession), step.client).toBe(true);
      expect(step.loopLagP99Ms, step.client).toBeGreaterThan(0);
    }
  });

  it('writes a report with both frameworks, the machine, Node and the command, and a chart', () => {
    const markdown = renderMarkdown(results, 'benchmarks.svg');
    for (const text of [
      'Switchboard',
      '@openai/agents-realtime',
      process.version,
      '`vitest (smoke)`',
      '## 5. Tracing off and on',
      'load average at the start',
      'rounds with a client-side sample',
      '## Closing note',
    ]) {
      expect(markdown).toContain(text);
    }
    expect(checkBudgets(results).map((check) => check.id)).toEqual([
      'tool-p50',
      'tool-p99',
      'tool3-p50',
      'tool3-p99',
      'ingest',
      'sessions',
      'tracing-off',
      'tracing-on',
    ]);
    const svg = renderChart(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('@openai/agents-realtime');
    expect(svg).not.toContain('NaN');
  });
});
