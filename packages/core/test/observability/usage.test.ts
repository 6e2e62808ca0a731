import { describe, expect, it } from 'vitest';
import {
  costOf,
  defineAgent,
  type PriceTable,
  parseServerEvent,
  pricesFor,
  priceTable,
  type ResponseUsage,
  tokenUsage,
} from '../../src/index.js';
import { startSession } from '../fixtures.js';
import { canonical, RECORDINGS } from '../protocol/recordings.js';
import { RECORDED_USAGE, withUsage } from './otel-fixtures.js';

const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });

describe('token usage from response.done', () => {
  it('reads the recorded GA usage: modalities, cached tokens inside the input counts', () => {
    expect(tokenUsage(RECORDED_USAGE)).toEqual({
      input: 132,
      output: 121,
      inputText: 119,
      inputAudio: 13,
      inputImage: 0,
      inputCachedText: 64,
      inputCachedAudio: 0,
      inputCachedImage: 0,
      outputText: 30,
      outputAudio: 91,
    });
  });

  it('adds up to input_tokens and output_tokens for every usage in the recordings (GA and beta)', () => {
    const usages = RECORDINGS.flatMap((recorded) =>
      recorded.events.flatMap((raw) => {
        const parsed = parseServerEvent(canonical(recorded, raw));
        return parsed.ok && parsed.event.type === 'response.done' && parsed.event.response.usage
          ? [parsed.event.response.usage]
          : [];
      }),
    );
    expect(usages.length).toBeGreaterThanOrEqual(5);
    for (const usage of usages) {
      const tokens = tokenUsage(usage);
      expect(tokens.inputText + tokens.inputAudio + tokens.inputImage).toBe(usage.input_tokens);
      expect(tokens.outputText + tokens.outputAudio).toBe(usage.output_tokens);
      expect(tokens.inputCachedText + tokens.inputCachedAudio + tokens.inputCachedImage).toBe(
        usage.input_token_details?.cached_tokens ?? 0,
      );
    }
  });

  it('counts cached tokens without their split as text, and garbage counts as 0', () => {
    const tokens = tokenUsage({
      input_tokens: 10,
      output_tokens: Number.NaN,
      input_token_details: { text_tokens: 10, cached_tokens: 8, audio_tokens: -3 },
    });
    expect(tokens).toMatchObject({ inputText: 10, inputCachedText: 8, inputAudio: 0, output: 0 });
  });
});

describe('cost', () => {
  it('prices uncached input, cached input and output of each modality at its own rate', () => {
    const prices = pricesFor('gpt-realtime');
    if (!prices) throw new Error('gpt-realtime has prices');
    // (119 − 64) text × $4 + 64 cached × $0.4 + 13 audio × $32 + 30 text out × $16 + 91 audio out × $64, per 1M
    expect(costOf(tokenUsage(RECORDED_USAGE), prices)).toBeCloseTo(
      (55 * 4 + 64 * 0.4 + 13 * 32 + 30 * 16 + 91 * 64) / 1e6,
      12,
    );
  });

  it('finds a dated snapshot by its base name, and nothing for a model the table lacks', () => {
    expect(pricesFor('gpt-realtime-2025-08-28')).toBe(priceTable['gpt-realtime']);
    expect(pricesFor('gpt-4o-realtime-preview-2024-12-17')).toBe(priceTable['gpt-4o-realtime-preview']);
    expect(pricesFor('my-llama')).toBeUndefined();
    expect(pricesFor('toString')).toBeUndefined();
    const own: PriceTable = { 'my-llama': { ...priceTable['gpt-realtime-mini']!, textInput: 0 } };
    expect(pricesFor('my-llama', own)?.textInput).toBe(0);
  });
});

describe('session.usage$', () => {
  it('reports each response: tokens, cost at the model the server names, and the session totals', async () => {
    const { server, script, session } = await startSession({ agent, context: {} });
    const updates: ResponseUsage[] = [];
    session.usage$.subscribe((update) => updates.push(update));
    server.emit(script.sessionUpdated({ model: 'gpt-realtime-2025-08-28' }));
    const first = script.textResponse('One.');
    const second = script.textResponse('Two.');
    server.emit(...withUsage(first, RECORDED_USAGE), ...withUsage(second, RECORDED_USAGE));

    const cost = costOf(tokenUsage(RECORDED_USAGE), priceTable['gpt-realtime']!);
    expect(updates.map((update) => [update.responseId, update.model, update.costUsd])).toEqual([
      [first.responseId, 'gpt-realtime-2025-08-28', cost],
      [second.responseId, 'gpt-realtime-2025-08-28', cost],
    ]);
    expect(updates[1]?.session).toEqual(session.usage);
    expect(session.usage).toMatchObject({
      responses: 2,
      unpricedResponses: 0,
      tokens: { input: 264, output: 242 },
    });
    expect(session.usage.costUsd).toBeCloseTo(2 * cost, 12);
  });

  it('counts the tokens of a model missing from the table, not its cost; the session can bring its own prices', async () => {
    const unpriced = await startSession({ agent, context: {} });
    unpriced.server.emit(unpriced.script.sessionUpdated({ model: 'my-llama' }));
    unpriced.server.emit(...withUsage(unpriced.script.textResponse('Hi.'), RECORDED_USAGE));
    expect(unpriced.session.usage).toMatchObject({ model: 'my-llama', costUsd: 0, unpricedResponses: 1 });
    expect(unpriced.session.usage.tokens.output).toBe(121);

    const prices: PriceTable = { 'my-llama': { ...priceTable['gpt-realtime']!, audioOutput: 0 } };
    const { server, script, session } = await startSession({ agent, context: {}, prices } as never);
    server.emit(script.sessionUpdated({ model: 'my-llama' }));
    server.emit(...withUsage(script.textResponse('Hi.'), RECORDED_USAGE));
    expect(session.usage.costUsd).toBeCloseTo((55 * 4 + 64 * 0.4 + 13 * 32 + 30 * 16) / 1e6, 12);
  });

  it('completes when the session closes, and at once for a subscriber after that', async () => {
    const { session } = await startSession({ agent, context: {} });
    const completed: string[] = [];
    session.usage$.subscribe({ complete: () => completed.push('before') });
    await session.close();
    session.usage$.subscribe({ complete: () => completed.push('after') });
    session.metrics$.subscribe({ complete: () => completed.push('metrics after') });
    expect(completed).toEqual(['before', 'after', 'metrics after']);
  });
});
