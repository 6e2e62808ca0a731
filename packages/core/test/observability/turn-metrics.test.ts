import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  costOf,
  defineAgent,
  logTurnSummaries,
  priceTable,
  type TurnMetrics,
  tokenUsage,
  tool,
  turnSummary,
} from '../../src/index.js';
import { startSession } from '../fixtures.js';
import { RECORDED_USAGE, withUsage } from './otel-fixtures.js';

const lookup = tool({
  name: 'lookup_invoice',
  description: 'Look up an invoice',
  parameters: z.object({ invoiceId: z.string() }),
  execute: async ({ invoiceId }) => {
    await new Promise((resolve) => setTimeout(resolve, 120));
    return { invoiceId, amount: 42 };
  },
});
const agent = defineAgent({ name: 'Billing', instructions: 'Be brief.', tools: [lookup] });

/** Everything `session.metrics$` emits. */
function collect(session: { metrics$: import('rxjs').Observable<TurnMetrics> }) {
  const metrics: TurnMetrics[] = [];
  session.metrics$.subscribe((item) => metrics.push(item));
  return metrics;
}

describe('session.metrics$', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times a text turn from the text sent to the first delta, with its tool call, tokens and cost', async () => {
    // Connect on real timers, then measure on fake ones.
    const { server, script, session } = await startSession({ agent, context: {} });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    server.emit(script.sessionUpdated({ model: 'gpt-realtime' }));
    const metrics = collect(session);

    const turn = session.sendText('Where is INV-1?');
    server.emit(...script.userMessage('Where is INV-1?'));
    await vi.advanceTimersByTimeAsync(300);
    const call = script.functionCallResponse([{ name: 'lookup_invoice', arguments: { invoiceId: 'INV-1' } }]);
    server.emit(...withUsage(call, RECORDED_USAGE));
    await vi.advanceTimersByTimeAsync(120); // the tool runs
    const answer = script.textResponse('It is 42 euros.');
    const [created, ...rest] = withUsage(answer, RECORDED_USAGE);
    server.emit(created as never);
    await vi.advanceTimersByTimeAsync(80);
    server.emit(...rest);
    const result = await turn.done;
    await vi.advanceTimersByTimeAsync(0);

    expect(result.status).toBe('completed');
    const cost = costOf(tokenUsage(RECORDED_USAGE), priceTable['gpt-realtime']!);
    expect(metrics).toEqual([
      {
        turnId: turn.id,
        status: 'completed',
        input: 'text',
        agent: 'Billing',
        durationMs: 500,
        // The call response has no delta: the first is the answer's, 300 + 120 + 80 ms after the text.
        firstDeltaMs: 500,
        responses: 2,
        toolCalls: [{ name: 'lookup_invoice', type: 'function', outcome: 'success', durationMs: 120 }],
        handoffs: 0,
        tokens: expect.objectContaining({ input: 264, output: 242 }),
        costUsd: expect.closeTo(2 * cost, 12),
      },
    ]);
  });

  it('times a spoken turn from speech_stopped, not from speech_started', async () => {
    const { server, script, session } = await startSession({ agent, context: {} });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const metrics = collect(session);
    const speech = script.userSpeech({ transcript: 'hello' });
    const stopped = speech.events.findIndex((event) => event.type === 'input_audio_buffer.speech_stopped');
    server.emit(...speech.events.slice(0, stopped));
    await vi.advanceTimersByTimeAsync(1500); // the user speaks
    server.emit(...speech.events.slice(stopped));
    await vi.advanceTimersByTimeAsync(250);
    server.emit(...script.audioResponse('Hi!').events);
    await vi.advanceTimersByTimeAsync(0);

    expect(metrics).toMatchObject([
      { input: 'audio', status: 'completed', firstDeltaMs: 250, durationMs: 1750, costUsd: undefined },
    ]);
  });

  it('has no first delta for a turn the user interrupted before any', async () => {
    const { server, script, session } = await startSession({ agent, context: {} });
    const metrics = collect(session);
    session.sendText('Tell me a story');
    server.emit(...script.userMessage('Tell me a story'));
    session.interrupt();
    await server.settle();
    expect(metrics).toMatchObject([{ status: 'interrupted', firstDeltaMs: undefined, responses: 0 }]);
  });

  it('emits the turn the close ends, then completes', async () => {
    const { session } = await startSession({ agent, context: {} });
    const metrics = collect(session);
    let completed = false;
    session.metrics$.subscribe({ complete: () => (completed = true) });
    session.sendText('Hello');
    await session.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(metrics.map((item) => item.status)).toEqual(['closed']);
    expect(completed).toBe(true);
  });
});

describe('the turn summary logger', () => {
  const metrics: TurnMetrics = {
    turnId: 'turn_2',
    status: 'completed',
    input: 'text',
    agent: 'Billing',
    durationMs: 1840.4,
    firstDeltaMs: 411.6,
    responses: 2,
    toolCalls: [{ name: 'lookup_invoice', type: 'function', outcome: 'success', durationMs: 12.2 }],
    handoffs: 1,
    tokens: tokenUsage(RECORDED_USAGE),
    costUsd: 0.00696,
  };

  it('writes one line per turn: status, agent, latency, tools, tokens and cost', () => {
    expect(turnSummary(metrics)).toBe(
      'turn_2 completed · Billing · text · first delta 412 ms · took 1840 ms · tools lookup_invoice success 12 ms · ' +
        '1 handoff · 2 responses · tokens 132 in / 121 out · $0.0070',
    );
    expect(
      turnSummary({ ...metrics, firstDeltaMs: undefined, toolCalls: [], handoffs: 0, costUsd: undefined }),
    ).toBe(
      'turn_2 completed · Billing · text · first delta – · took 1840 ms · 2 responses · tokens 132 in / 121 out',
    );
  });

  it('logs every settled turn of a session; a log function that throws loses only its line', async () => {
    const { server, script, session } = await startSession({ agent, context: {} });
    const lines: string[] = [];
    let calls = 0;
    logTurnSummaries(session, {
      log: (line) => {
        if (++calls === 1) throw new Error('disk full');
        lines.push(line);
      },
    });
    for (const text of ['One', 'Two']) {
      const turn = session.sendText(text);
      server.emit(...script.userMessage(text), ...script.textResponse(`${text}!`).events);
      await turn.done;
    }
    await server.settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^turn_2 completed · Billing · text · first delta \d+ ms/);
  });
});
