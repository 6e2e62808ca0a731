import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { costOf, defineAgent, defineSwarm, handoff, priceTable, tokenUsage, tool } from '../../src/index.js';
import { openTelemetry } from '../../src/otel/index.js';
import { startSession } from '../fixtures.js';
import { createTestSdk, RECORDED_USAGE, withUsage } from './otel-fixtures.js';

const sdk = createTestSdk();
afterEach(() => {
  vi.useRealTimers();
});

const lookup = tool({
  name: 'lookup_invoice',
  description: 'Look up an invoice',
  parameters: z.object({}),
  execute: () => new Promise((resolve) => setTimeout(() => resolve({ amount: 42 }), 120)),
});
const billing = defineAgent({ name: 'Billing', instructions: 'Bill.' });
const triage = defineAgent({
  name: 'Triage',
  instructions: 'Route.',
  tools: [lookup],
  handoffs: [handoff(billing)],
});

describe('OpenTelemetry metrics', () => {
  it('records latency to the first delta, tool durations, responses, handoffs, reconnects, tokens and cost', async () => {
    const swarm = defineSwarm({ agents: [triage, billing], start: triage, context: {} });
    const telemetry = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const { server, script, session } = await startSession({ swarm, telemetry } as never);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    server.emit(script.sessionUpdated({ model: 'gpt-realtime' }));

    const turn = session.sendText('INV-1, then billing');
    server.emit(...script.userMessage('INV-1, then billing'));
    await vi.advanceTimersByTimeAsync(200);
    const calls = script.functionCallResponse([{ name: 'lookup_invoice' }, { name: 'transfer_to_billing' }]);
    server.emit(...withUsage(calls, RECORDED_USAGE));
    await vi.advanceTimersByTimeAsync(120);
    const answer = withUsage(script.textResponse('Billing here.'), RECORDED_USAGE);
    server.emit(...answer);
    await turn.done;
    server.drop({ kind: 'network_error', message: 'ECONNRESET' }, { reconnect: true });
    server.reopen();
    await vi.advanceTimersByTimeAsync(0);

    const agentAttrs = { 'gen_ai.agent.name': 'Billing', 'switchboard.turn.input': 'text' };
    expect(await sdk.metric('switchboard.turn.first_delta')).toEqual([
      { attributes: agentAttrs, value: { count: 1, sum: 0.32 } },
    ]);
    expect(await sdk.metric('switchboard.turn.duration')).toEqual([
      {
        attributes: { ...agentAttrs, 'switchboard.turn.status': 'completed' },
        value: { count: 1, sum: 0.32 },
      },
    ]);
    expect(await sdk.metric('switchboard.tool.duration')).toEqual([
      {
        attributes: { 'gen_ai.tool.name': 'lookup_invoice', 'switchboard.tool.outcome': 'success' },
        value: { count: 1, sum: 0.12 },
      },
    ]);
    expect(await sdk.metric('switchboard.responses')).toEqual([
      { attributes: { 'switchboard.response.status': 'completed' }, value: 2 },
    ]);
    expect(await sdk.metric('switchboard.handoffs')).toEqual([
      {
        attributes: {
          'switchboard.handoff.from': 'Triage',
          'switchboard.handoff.to': 'Billing',
          'switchboard.handoff.reason': 'model',
        },
        value: 1,
      },
    ]);
    expect(await sdk.metric('switchboard.reconnects')).toEqual([
      { attributes: { 'switchboard.reconnect.reason': 'network_error' }, value: 1 },
    ]);

    const tokens = await sdk.metric('switchboard.tokens');
    const count = (type: string, modality: string, cached?: boolean) =>
      tokens.find(
        (point) =>
          point.attributes['gen_ai.token.type'] === type &&
          point.attributes['switchboard.token.modality'] === modality &&
          point.attributes['switchboard.token.cached'] === cached,
      )?.value;
    // Two responses of the recorded usage: 119 text in (64 cached), 13 audio in, 30 text and 91 audio out.
    expect([
      count('input', 'text', false),
      count('input', 'text', true),
      count('input', 'audio', false),
      count('output', 'text'),
      count('output', 'audio'),
      count('input', 'audio', true),
    ]).toEqual([110, 128, 26, 60, 182, undefined]);
    expect(tokens.every((point) => point.attributes['gen_ai.request.model'] === 'gpt-realtime')).toBe(true);
    const [cost] = await sdk.metric('switchboard.cost');
    expect(cost?.value).toBeCloseTo(2 * costOf(tokenUsage(RECORDED_USAGE), priceTable['gpt-realtime']!), 12);
    await session.close();
  });
});
