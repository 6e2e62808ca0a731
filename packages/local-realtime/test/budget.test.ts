import {
  BUDGET_GOODBYE,
  BUDGET_WARNING,
  type BudgetEvent,
  type BudgetOptions,
  defineAgent,
  itemText,
  RealtimeSession,
  type ResponseUsage,
  type RolloverEvent,
} from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptedBrain, startLocalRealtime } from '../src/index.js';

/*
 * Per-call budgets (issue 16, point 8) end to end: a core session on the real local server, whose
 * `response.done` carries usage the way the API reports it. The warning note reaches the model, then
 * the end step runs: a goodbye and the end of the call, or a new connection on a cheaper model.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A model that says which model it is, notices the budget's note, and says goodbye when told to; it
 * remembers the caller's name from the conversation it holds.
 */
const brain = scriptedBrain([
  {
    say: ({ request }) => {
      if (request.instructions === BUDGET_GOODBYE) return 'Our time is up. Goodbye!';
      const noted = request.items.some(
        (item) => item.type === 'message' && item.role === 'system' && itemText(item) === BUDGET_WARNING,
      );
      const name = request.items
        .map((item) =>
          item.type === 'message' && item.role === 'user' ? /my name is (\w+)/i.exec(itemText(item)) : null,
        )
        .find((match) => match)?.[1];
      return `${noted ? 'Let us wrap up. ' : ''}This is ${request.session.model}${name ? `, ${name}` : ''}.`;
    },
  },
]);

/** Long enough that each response reads about 100 tokens of instructions (4 characters a token). */
const INSTRUCTIONS = `You are the concierge of a small hotel. ${'Answer briefly and kindly. '.repeat(14)}`;

async function call(budget: BudgetOptions) {
  const server = await startLocalRealtime({ port: 0, brain, audio: { pace: 'fast', voice: 'tone' } });
  cleanups.push(() => server.close());
  const agent = defineAgent({
    name: 'Concierge',
    instructions: INSTRUCTIONS,
    session: { output_modalities: ['text'] },
  });
  const session = new RealtimeSession({
    agent,
    context: {},
    transport: websocketTransport({ dialect: 'ga', url: server.url, model: 'gpt-realtime' }),
    budget,
  });
  const steps: BudgetEvent[] = [];
  const usages: ResponseUsage[] = [];
  const rollovers: RolloverEvent[] = [];
  const errors: Error[] = [];
  session.budget$.subscribe((event) => steps.push(event));
  session.usage$.subscribe((used) => usages.push(used));
  session.rollovers$.subscribe((event) => rollovers.push(event));
  session.errors$.subscribe((error) => errors.push(error));
  cleanups.push(() => session.close());
  await session.connect();
  /** Resolves with the budget step of `type` (at once if it happened). */
  const step = <T extends BudgetEvent['type']>(type: T) =>
    new Promise<Extract<BudgetEvent, { type: T }>>((resolve, reject) => {
      const subscription = session.budget$.subscribe({
        next: (event) => {
          if (event.type !== type) return;
          subscription.unsubscribe();
          resolve(event as Extract<BudgetEvent, { type: T }>);
        },
        complete: () =>
          reject(new Error(`the session closed without ${type}; steps: ${JSON.stringify(steps)}`)),
      });
      const seen = steps.find((event) => event.type === type);
      if (seen) resolve(seen as Extract<BudgetEvent, { type: T }>);
    });
  const closed = new Promise<void>((resolve) => session.events$.subscribe({ complete: resolve }));
  const said = () =>
    session.history.items
      .filter((item) => item.type === 'message' && item.role === 'assistant')
      .map(itemText);
  return { server, session, steps, usages, rollovers, errors, step, closed, said };
}

describe('usage from local-realtime', () => {
  it('reports usage in response.done the way the API does: the context read in, the answer out, growing per turn', async () => {
    const { session, usages } = await call({ maxMinutes: 10 });
    await session.sendText('Hello, my name is Ada').done;
    await session.sendText('Who are you?').done;
    expect(usages).toHaveLength(2);
    const [first, second] = usages;
    // Instructions and messages, about 4 characters a token; the answer's text out, streamed word by
    // word (each delta rounds up, as a tokenizer splits words: 7 to 8 tokens for these 4 words).
    expect(first?.tokens.inputText).toBeGreaterThanOrEqual(Math.ceil(INSTRUCTIONS.length / 4));
    expect(first?.tokens.outputText).toBeGreaterThanOrEqual(
      Math.ceil('This is gpt-realtime, Ada.'.length / 4),
    );
    expect(first?.tokens.outputText).toBeLessThanOrEqual(2 * 4);
    expect(first?.tokens.input).toBe(first?.tokens.inputText);
    // Every response reads the whole conversation again (as the API bills it).
    expect(second?.tokens.input).toBeGreaterThan(first?.tokens.input ?? Number.POSITIVE_INFINITY);
    // Priced at gpt-realtime's list prices ($4 per 1M text in, $16 out), the model the server named.
    expect(first?.model).toBe('gpt-realtime');
    expect(first?.costUsd).toBeCloseTo(
      ((first?.tokens.input ?? 0) * 4 + (first?.tokens.output ?? 0) * 16) / 1e6,
      12,
    );
    expect(session.usage.costUsd).toBeCloseTo((first?.costUsd ?? 0) + (second?.costUsd ?? 0), 12);
  });
});

describe('budget end to end', () => {
  it('tokens: warns the agent with a system note it reads, then the goodbye, then the call ends', async () => {
    const { session, steps, usages, step, closed, said, errors } = await call({
      maxTokens: 300,
      warnAt: 0.5,
    });
    expect((await session.sendText('Hello, my name is Ada').done).text).toBe('This is gpt-realtime, Ada.');
    expect((await session.sendText('Is breakfast included?').done).text).toBe('This is gpt-realtime, Ada.');
    expect(steps).toEqual([{ type: 'budget_warning', limit: 'tokens', used: expect.any(Number), max: 300 }]);
    // The model has the note in its conversation and acts on it; that answer reaches the limit.
    await session.sendText('And parking?').done;
    expect(await step('budget_exceeded')).toMatchObject({ limit: 'tokens', max: 300, step: 'hangup' });
    expect(await step('budget_call_ended')).toEqual({ type: 'budget_call_ended', goodbye: 'said' });
    await closed;
    expect(session.state).toBe('closed');
    expect(said().slice(-2)).toEqual([
      'Let us wrap up. This is gpt-realtime, Ada.',
      'Our time is up. Goodbye!',
    ]);
    const used = usages.reduce((sum, one) => sum + one.tokens.input + one.tokens.output, 0);
    expect(steps.find((event) => event.type === 'budget_exceeded')).toMatchObject({
      used: expect.any(Number),
    });
    expect(used).toBeGreaterThanOrEqual(300);
    expect(errors).toEqual([]);
  });

  it('minutes: the timer ends a silent call (no usage at all): warning, goodbye, end', async () => {
    // 1.2 s of wall clock; warned at 0.6 s.
    const { steps, usages, step, closed, said } = await call({ maxMinutes: 0.02, warnAt: 0.5 });
    await step('budget_call_ended');
    await closed;
    expect(steps.map((event) => event.type)).toEqual([
      'budget_warning',
      'budget_exceeded',
      'budget_call_ended',
    ]);
    expect(steps[1]).toMatchObject({ limit: 'minutes', max: 0.02 });
    // Only the goodbye was ever answered.
    expect(usages).toHaveLength(1);
    expect(said()).toEqual(['Our time is up. Goodbye!']);
  });

  it('switch_model: a new connection on the cheaper model, the conversation kept, priced at its rates', async () => {
    const { server, session, steps, usages, rollovers, step, errors } = await call({
      maxTokens: 100,
      warnAt: false,
      end: { type: 'switch_model', model: 'gpt-realtime-mini' },
    });
    expect((await session.sendText('Hello, my name is Ada').done).text).toBe('This is gpt-realtime, Ada.');
    expect(await step('budget_exceeded')).toMatchObject({ limit: 'tokens', step: 'switch_model' });
    expect(await step('budget_model_switched')).toEqual({
      type: 'budget_model_switched',
      model: 'gpt-realtime-mini',
    });
    expect(rollovers[0]).toEqual({ type: 'rollover_started', cause: 'budget', model: 'gpt-realtime-mini' });
    // The cheaper model answers, and knows what was said on the old connection.
    expect((await session.sendText('Who are you?').done).text).toBe('This is gpt-realtime-mini, Ada.');
    const last = usages.at(-1);
    expect(last?.model).toBe('gpt-realtime-mini');
    expect(last?.costUsd).toBeCloseTo(
      ((last?.tokens.input ?? 0) * 0.6 + (last?.tokens.output ?? 0) * 2.4) / 1e6,
      12,
    );
    expect(session.state).toBe('open');
    expect(steps.map((event) => event.type)).toEqual(['budget_exceeded', 'budget_model_switched']);
    expect(server.faults.fired).toEqual([]);
    expect(errors).toEqual([]);
  });
});
