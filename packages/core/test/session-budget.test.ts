import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  BUDGET_GOODBYE,
  BUDGET_WARNING,
  BudgetError,
  type BudgetEvent,
  type BudgetOptions,
  type ClientEvent,
  defineAgent,
  type ExecutableTool,
  type PriceTable,
  priceTable,
  RealtimeSession,
  type RenewOptions,
  type RolloverEvent,
  type ServerEvent,
  type SessionError,
  SessionOptionError,
  tool,
} from '../src/index.js';
import type { Usage } from '../src/protocol/index.js';
import { createScriptedTransport, createServerScript, type ScriptedResponse } from '../src/testing/index.js';

/*
 * Per-call budgets (issue 16, point 8), in core with fake timers: the options it refuses, the
 * minutes timer, token and cost limits read from `response.done` usage, the warning note, the
 * goodbye and hang-up, the switch to a cheaper model, and usage a model should never have sent.
 * End to end against local-realtime: packages/local-realtime/test/budget.test.ts.
 */

const agent = defineAgent({
  name: 'Assistant',
  instructions: 'Be brief.',
  session: { output_modalities: ['text'] },
});

afterEach(() => {
  vi.useRealTimers();
});

/** A usage of `input` text tokens in and `output` text tokens out. */
function usage(input: number, output: number): Usage {
  return {
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    input_token_details: { text_tokens: input, audio_tokens: 0, cached_tokens: 0 },
    output_token_details: { text_tokens: output, audio_tokens: 0 },
  };
}

/** `response`'s events with `usage` (any shape: the point of some tests) on its `response.done`. */
function withUsage(response: ScriptedResponse, used: unknown): ServerEvent[] {
  return response.events.map((event) =>
    event.type === 'response.done'
      ? ({ ...event, response: { ...event.response, usage: used } } as ServerEvent)
      : event,
  );
}

/** `response` as the server plays the goodbye the session asked for (its metadata echoed). */
function asGoodbye(response: ScriptedResponse): ServerEvent[] {
  const metadata = { switchboard_budget: 'goodbye' };
  return response.events.map((event) =>
    event.type === 'response.created' || event.type === 'response.done'
      ? ({ ...event, response: { ...event.response, metadata } } as ServerEvent)
      : event,
  );
}

interface StartOptions {
  readonly budget: BudgetOptions;
  readonly tools?: readonly ExecutableTool[];
  readonly toolTimeoutMs?: number;
  readonly prices?: PriceTable;
  readonly hangup?: boolean;
  readonly renewable?: boolean;
}

/** A connected session with a budget on a scripted transport, its budget steps and errors collected. */
async function start(options: StartOptions) {
  const server = createScriptedTransport();
  const script = createServerScript();
  const hangups: string[] = [];
  const renewals: (RenewOptions | undefined)[] = [];
  const transport = {
    ...server.transport,
    ...(options.hangup
      ? {
          hangup: async () => {
            hangups.push('hangup');
            await server.transport.close();
          },
        }
      : {}),
    ...(options.renewable
      ? {
          renew: (renew?: RenewOptions) => {
            renewals.push(renew);
            server.drop({ kind: 'rollover' }, { reconnect: true });
            server.reopen();
          },
        }
      : {}),
  };
  const session = new RealtimeSession({
    agent: options.tools ? defineAgent({ ...agent, tools: [...options.tools] }) : agent,
    context: {},
    transport,
    budget: options.budget,
    ...(options.toolTimeoutMs ? { toolTimeoutMs: options.toolTimeoutMs } : {}),
    ...(options.prices ? { prices: options.prices } : {}),
  });
  const steps: BudgetEvent[] = [];
  const errors: SessionError[] = [];
  const rollovers: RolloverEvent[] = [];
  session.budget$.subscribe((event) => steps.push(event));
  session.errors$.subscribe((error) => errors.push(error));
  session.rollovers$.subscribe((event) => rollovers.push(event));
  await session.connect();
  const sentSince = (from: number): ClientEvent[] => server.sent.slice(from);
  return { server, script, session, steps, errors, rollovers, hangups, renewals, sentSince };
}

describe('budget options', () => {
  const renewable = { ...createScriptedTransport().transport, renew: () => undefined };

  it.each([
    [{}, 'budget'],
    [{ maxMinutes: 0 }, 'budget.maxMinutes'],
    [{ maxMinutes: Number.NaN }, 'budget.maxMinutes'],
    [{ maxMinutes: 10 ** 9 }, 'budget.maxMinutes'],
    [{ maxTokens: -5 }, 'budget.maxTokens'],
    [{ maxCostUsd: Number.POSITIVE_INFINITY }, 'budget.maxCostUsd'],
    [{ maxCostUsd: '1' }, 'budget.maxCostUsd'],
    [{ maxCost: 1 }, 'budget.maxCost'],
    [{ maxTokens: 10, warnAt: 1 }, 'budget.warnAt'],
    [{ maxTokens: 10, warnAt: 0 }, 'budget.warnAt'],
    [{ maxTokens: 10, warning: ' ' }, 'budget.warning'],
    [{ maxTokens: 10, end: 'hangup' }, 'budget.end'],
    [{ maxTokens: 10, end: { type: 'explode' } }, 'budget.end.type'],
    [{ maxTokens: 10, end: { type: 'hangup', goodbye: '' } }, 'budget.end.goodbye'],
    [{ maxTokens: 10, end: { type: 'hangup', goodbyeTimeoutMs: 0 } }, 'budget.end.goodbyeTimeoutMs'],
    [{ maxTokens: 10, end: { type: 'switch_model', model: '' } }, 'budget.end.model'],
  ])('refuses %j naming %s', (budget, option) => {
    let thrown: unknown;
    try {
      new RealtimeSession({ agent, context: {}, transport: renewable, budget: budget as BudgetOptions });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionOptionError);
    expect(thrown).toMatchObject({ option, code: 'invalid_session_option' });
  });

  it('says what it expected: an unknown field lists the known ones', () => {
    expect(
      () =>
        new RealtimeSession({ agent, context: {}, transport: renewable, budget: { maxCost: 1 } as never }),
    ).toThrow(
      'Invalid session option "budget.maxCost": expected no such option (known: maxMinutes, maxTokens, maxCostUsd, warnAt, warning, end), got 1.',
    );
  });

  it('refuses a switch to a cheaper model where the session cannot open a new connection', () => {
    const budget: BudgetOptions = {
      maxTokens: 10,
      end: { type: 'switch_model', model: 'gpt-realtime-mini' },
    };
    const { transport } = createScriptedTransport();
    expect(() => new RealtimeSession({ agent, context: {}, transport, budget })).toThrow(/cannot renew\(\)/);
    expect(
      () => new RealtimeSession({ agent, context: {}, transport: renewable, budget, rollover: false }),
    ).toThrow(SessionOptionError);
    expect(() => new RealtimeSession({ agent, context: {}, transport: renewable, budget })).not.toThrow();
  });
});

describe('budget minutes (fake timers)', () => {
  it('with no usage at all: the timer warns the agent once at 80%, then the goodbye, then the hang-up', async () => {
    vi.useFakeTimers();
    const { server, script, session, steps, sentSince } = await start({ budget: { maxMinutes: 10 } });
    const before = server.sent.length;
    await vi.advanceTimersByTimeAsync(8 * 60_000 - 1);
    expect(steps).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(steps).toEqual([{ type: 'budget_warning', limit: 'minutes', used: 8, max: 10 }]);
    // A note for the next response, asking for none.
    expect(sentSince(before)).toEqual([
      {
        type: 'conversation.item.create',
        item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: BUDGET_WARNING }] },
      },
    ]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(steps.at(-1)).toEqual({
      type: 'budget_exceeded',
      limit: 'minutes',
      used: 10,
      max: 10,
      step: 'hangup',
    });
    const goodbye = sentSince(before).at(-1);
    expect(goodbye).toMatchObject({
      type: 'response.create',
      response: {
        instructions: BUDGET_GOODBYE,
        tool_choice: 'none',
        metadata: { switchboard_budget: 'goodbye' },
      },
    });
    expect(session.state).toBe('open');
    server.emit(...asGoodbye(script.textResponse('Our time is up. Goodbye!')));
    await vi.advanceTimersByTimeAsync(0);
    expect(steps.at(-1)).toEqual({ type: 'budget_call_ended', goodbye: 'said' });
    expect(session.state).toBe('closed');
  });

  it('lets the answer in progress finish before the goodbye', async () => {
    vi.useFakeTimers();
    const { server, script, session, sentSince } = await start({ budget: { maxMinutes: 1, warnAt: false } });
    session.sendText('Tell me everything.');
    const answer = script.textResponse('Everything is a long story.').events;
    server.emit(...answer.slice(0, 3));
    const before = server.sent.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sentSince(before).map((event) => event.type)).toEqual([]);
    server.emit(...answer.slice(3));
    expect(sentSince(before)).toMatchObject([
      { type: 'response.create', response: { instructions: BUDGET_GOODBYE } },
    ]);
  });

  it('hangs up once the goodbye audio has had time to play, and through the phone line where there is one', async () => {
    vi.useFakeTimers();
    const { server, script, session, steps, hangups } = await start({
      budget: { maxMinutes: 1, warnAt: false },
      hangup: true,
    });
    await vi.advanceTimersByTimeAsync(60_000);
    // Two scripted audio deltas of 20 ms each, arriving at once: 40 ms to play from the first.
    server.emit(...asGoodbye(script.audioResponse('Goodbye!')));
    await vi.advanceTimersByTimeAsync(39);
    expect(session.state).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(hangups).toEqual(['hangup']);
    expect(session.state).toBe('closed');
    expect(steps.at(-1)).toEqual({ type: 'budget_call_ended', goodbye: 'said' });
  });

  it('hangs up after goodbyeTimeoutMs when the goodbye never ends, and at once with goodbye: false', async () => {
    vi.useFakeTimers();
    const slow = await start({
      budget: { maxMinutes: 1, warnAt: false, end: { type: 'hangup', goodbyeTimeoutMs: 5_000 } },
    });
    await vi.advanceTimersByTimeAsync(60_000 + 4_999);
    expect(slow.session.state).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(slow.steps.at(-1)).toEqual({ type: 'budget_call_ended', goodbye: 'timed_out' });
    expect(slow.session.state).toBe('closed');

    const blunt = await start({
      budget: { maxMinutes: 1, warnAt: false, end: { type: 'hangup', goodbye: false } },
    });
    const before = blunt.server.sent.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(blunt.steps.at(-1)).toEqual({ type: 'budget_call_ended', goodbye: 'none' });
    expect(blunt.sentSince(before).filter((event) => event.type === 'response.create')).toEqual([]);
    expect(blunt.session.state).toBe('closed');
  });

  it('does nothing once close() has begun, even while a finishing tool keeps the session closing', async () => {
    vi.useFakeTimers();
    let finish!: (value: string) => void;
    const refund = tool({
      name: 'refund',
      description: 'Refund an order',
      parameters: z.object({}),
      onInterrupt: 'finish',
      execute: () => new Promise<string>((resolve) => (finish = resolve)),
    });
    const { server, script, session, steps } = await start({
      budget: { maxMinutes: 1 },
      tools: [refund],
      toolTimeoutMs: 600_000,
    });
    server.emit(...script.functionCallResponse([{ name: 'refund', arguments: {} }]).events);
    await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
    const closing = session.close();
    expect(session.state).toBe('closing');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(steps).toEqual([]);
    finish('refunded');
    await closing;
    expect(session.state).toBe('closed');
  });

  it('stops its timers when the session closes first', async () => {
    vi.useFakeTimers();
    const { session, steps } = await start({ budget: { maxMinutes: 1 } });
    await session.close();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(steps).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('budget tokens and cost, from response.done usage', () => {
  it('warns once at 80% of maxTokens and ends at 100%, never twice', async () => {
    const { server, script, steps } = await start({ budget: { maxTokens: 1_000 } });
    server.emit(...withUsage(script.textResponse('One.'), usage(500, 100)));
    expect(steps).toEqual([]);
    server.emit(...withUsage(script.textResponse('Two.'), usage(150, 50)));
    server.emit(...withUsage(script.textResponse('Three.'), usage(50, 10)));
    expect(steps).toEqual([{ type: 'budget_warning', limit: 'tokens', used: 800, max: 1_000 }]);
    server.emit(...withUsage(script.textResponse('Four.'), usage(200, 0)));
    server.emit(...withUsage(script.textResponse('Five.'), usage(200, 0)));
    expect(steps.map((step) => step.type)).toEqual(['budget_warning', 'budget_exceeded']);
    expect(steps[1]).toMatchObject({ limit: 'tokens', used: 1_060, max: 1_000 });
  });

  it('prices usage with the session price table, for the model the server names', async () => {
    const { server, script, steps } = await start({ budget: { maxCostUsd: 0.01, warnAt: false } });
    server.emit(script.sessionUpdated({ model: 'gpt-realtime-2025-08-28' }));
    // 1,000 text tokens in ($4/M) and 500 out ($16/M): $0.012.
    server.emit(...withUsage(script.textResponse('Hi.'), usage(1_000, 500)));
    expect(steps).toEqual([
      { type: 'budget_exceeded', limit: 'cost', used: expect.closeTo(0.012, 12), max: 0.01, step: 'hangup' },
    ]);
  });

  it('reports once a model it cannot price, and still counts its tokens', async () => {
    const { server, script, steps, errors } = await start({ budget: { maxCostUsd: 1, maxTokens: 1_000 } });
    server.emit(script.sessionUpdated({ model: 'my-llama' }));
    server.emit(...withUsage(script.textResponse('One.'), usage(400, 0)));
    server.emit(...withUsage(script.textResponse('Two.'), usage(400, 0)));
    const budgetErrors = errors.filter((error) => error instanceof BudgetError);
    expect(budgetErrors).toHaveLength(1);
    expect(budgetErrors[0]).toMatchObject({ code: 'cost_unknown', model: 'my-llama' });
    expect(steps).toEqual([{ type: 'budget_warning', limit: 'tokens', used: 800, max: 1_000 }]);
  });

  it('skips the warning when one response goes past the limit at once', async () => {
    const { server, script, steps } = await start({ budget: { maxTokens: 100 } });
    server.emit(...withUsage(script.textResponse('Long.'), usage(90, 60)));
    expect(steps.map((step) => step.type)).toEqual(['budget_exceeded']);
  });

  it('usage a model should never send neither crashes nor bills: garbage counts 0, the session goes on', async () => {
    const { server, script, session, steps } = await start({ budget: { maxTokens: 1_000, maxCostUsd: 1 } });
    server.emit(script.sessionUpdated({ model: 'gpt-realtime' }));
    for (const used of [
      undefined,
      null,
      {},
      { input_tokens: Number.NaN, output_tokens: -50 },
      { input_tokens: 'many', output_tokens: { lots: true } },
      { input_token_details: { text_tokens: -1e9, audio_tokens: Number.POSITIVE_INFINITY } },
      'all of them',
    ])
      server.emit(...withUsage(script.textResponse('Hm.'), used));
    expect(session.state).toBe('open');
    expect(steps).toEqual([]);
    expect(session.usage.costUsd).toBe(0);
    // A finite but absurd count is what the server says was used: the limit is reached, once.
    server.emit(...withUsage(script.textResponse('Big.'), usage(1e300, 1e300)));
    expect(steps.map((step) => step.type)).toEqual(['budget_exceeded']);
    expect(Number.isFinite(session.usage.costUsd)).toBe(true);
  });

  it('once ending, the goodbye is the last response: a tool that finishes asks for no follow-up', async () => {
    let release!: (value: string) => void;
    const slow = tool({
      name: 'slow_lookup',
      description: 'A slow lookup',
      parameters: z.object({}),
      execute: () => new Promise<string>((resolve) => (release = resolve)),
    });
    const { server, script, session } = await start({
      budget: { maxTokens: 100, warnAt: false },
      tools: [slow],
    });
    server.emit(
      ...withUsage(script.functionCallResponse([{ name: 'slow_lookup', arguments: {} }]), usage(150, 0)),
    );
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    const before = server.sent.length;
    release('found it');
    await vi.waitFor(() =>
      expect(server.sent.slice(before).map((event) => event.type)).toContain('conversation.item.create'),
    );
    // The goodbye ends: nothing is asked for after it (the call hangs up).
    server.emit(...asGoodbye(script.textResponse('Goodbye!')));
    const creates = server.sent.filter((event) => event.type === 'response.create');
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ response: { instructions: BUDGET_GOODBYE } });
    await session.close();
  });
});

describe('budget switch to a cheaper model', () => {
  const budget: BudgetOptions = {
    maxCostUsd: 0.01,
    warnAt: false,
    end: { type: 'switch_model', model: 'gpt-realtime-mini' },
  };

  it('rolls over to a new connection with the model at the next quiet moment, and confirms it from session.created', async () => {
    const { server, script, steps, rollovers, renewals, session } = await start({ budget, renewable: true });
    server.emit(script.sessionUpdated({ model: 'gpt-realtime' }));
    server.emit(...withUsage(script.textResponse('Pricey.'), usage(1_000, 500)));
    await server.settle();
    expect(renewals).toEqual([{ model: 'gpt-realtime-mini' }]);
    expect(rollovers[0]).toEqual({ type: 'rollover_started', cause: 'budget', model: 'gpt-realtime-mini' });
    server.emit({
      ...script.sessionCreated(),
      session: { type: 'realtime', model: 'gpt-realtime-mini-2025-10-06' },
    });
    expect(steps).toEqual([
      {
        type: 'budget_exceeded',
        limit: 'cost',
        used: expect.closeTo(0.012, 12),
        max: 0.01,
        step: 'switch_model',
      },
      { type: 'budget_model_switched', model: 'gpt-realtime-mini-2025-10-06' },
    ]);
    // The call goes on, priced at the new model's rates.
    server.emit(...withUsage(script.textResponse('Cheap.'), usage(1_000, 500)));
    expect(session.usage.costUsd).toBeCloseTo(0.012 + (1_000 * 0.6 + 500 * 2.4) / 1e6, 12);
    expect(session.state).toBe('open');
  });

  it('reports a new connection that kept the old model', async () => {
    const { server, script, errors } = await start({ budget, renewable: true });
    server.emit(script.sessionUpdated({ model: 'gpt-realtime' }));
    server.emit(...withUsage(script.textResponse('Pricey.'), usage(1_000, 500)));
    await server.settle();
    server.emit({ ...script.sessionCreated(), session: { type: 'realtime', model: 'gpt-realtime' } });
    expect(errors.filter((error) => error instanceof BudgetError)).toMatchObject([
      { code: 'model_not_switched', model: 'gpt-realtime-mini' },
    ]);
  });

  it('keeps its prices for a model the app priced itself', async () => {
    const prices: PriceTable = { ...priceTable, 'my-model': priceTable['gpt-realtime']! };
    const { server, script, steps } = await start({ budget: { maxCostUsd: 0.01 }, prices });
    server.emit(script.sessionUpdated({ model: 'my-model' }));
    server.emit(...withUsage(script.textResponse('Hi.'), usage(1_000, 500)));
    expect(steps.map((step) => step.type)).toEqual(['budget_exceeded']);
  });
});
