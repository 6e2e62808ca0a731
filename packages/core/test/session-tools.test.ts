import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineAgent, tool } from '../src/index.js';
import { deferred, startSession, tick } from './fixtures.js';

afterEach(() => {
  vi.useRealTimers();
});

const weather = (
  execute: (args: { city: string }, signal: AbortSignal) => unknown,
  extra: { timeoutMs?: number } = {},
) =>
  tool({
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: (args, ctx) => execute(args, ctx.signal),
    ...extra,
  });

const agentWith = (...tools: ReturnType<typeof tool>[]) =>
  defineAgent({ name: 'Assistant', instructions: 'Be brief.', tools });

describe('text turn', () => {
  it('sends session.update on connect, then the user message and one response.create', async () => {
    const { server, script, session, sentTypes } = await startSession({ agent: agentWith(), context: {} });
    session.sendText('Hello');
    expect(sentTypes()).toEqual(['session.update', 'conversation.item.create', 'response.create']);
    expect(server.sent[1]).toMatchObject({
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
    });

    server.emit(...script.userMessage('Hello'), ...script.textResponse('Hi there!').events);
    await tick();
    expect(sentTypes()).toHaveLength(3);
    expect(
      session.history.items.map((item) => item.type === 'message' && [item.role, item.content?.[0]]),
    ).toEqual([
      ['user', { type: 'input_text', text: 'Hello' }],
      ['assistant', { type: 'output_text', text: 'Hi there!' }],
    ]);
  });
});

describe('function calls', () => {
  it('runs the tool at output_item.done, sends its output, then one response.create after response.done', async () => {
    const seen: { city: string }[] = [];
    const { server, script, sentAfter, toolEvents } = await startSession({
      agent: agentWith(
        weather((args) => {
          seen.push(args);
          return { city: args.city, celsius: 21 };
        }),
      ),
      context: {},
    });
    const { events, callIds } = script.functionCallResponse([
      { name: 'get_weather', arguments: { city: 'Oslo' } },
    ]);
    const doneAt = events.findIndex((event) => event.type === 'response.done');
    server.emit(...events.slice(0, doneAt));
    await tick();
    expect(seen).toEqual([{ city: 'Oslo' }]);
    expect(sentAfter(1)).toEqual([
      {
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: callIds[0], output: '{"city":"Oslo","celsius":21}' },
      },
    ]);

    server.emit(...events.slice(doneAt));
    expect(sentAfter(2).map((event) => event.type)).toEqual(['response.create']);
    expect(toolEvents.map((event) => event.type)).toEqual(['tool_start', 'tool_end']);
    expect(toolEvents[1]).toMatchObject({
      outcome: 'success',
      name: 'get_weather',
      agent: 'Assistant',
      outputSent: true,
    });
  });

  it('runs three parallel calls concurrently and sends exactly one response.create after the last output', async () => {
    const gates = { Oslo: deferred(), Lima: deferred(), Pune: deferred() };
    const running: string[] = [];
    const { server, script, sentAfter } = await startSession({
      agent: agentWith(
        weather(async ({ city }) => {
          running.push(city);
          await gates[city as keyof typeof gates].promise;
          return city;
        }),
      ),
      context: {},
    });
    const response = script.functionCallResponse(
      ['Oslo', 'Lima', 'Pune'].map((city) => ({ name: 'get_weather', arguments: { city } })),
    );
    server.emit(...response.events);
    await tick();
    expect(running).toEqual(['Oslo', 'Lima', 'Pune']);
    expect(sentAfter(1)).toEqual([]);

    gates.Pune.resolve();
    await tick();
    gates.Oslo.resolve();
    await tick();
    expect(sentAfter(1).map((event) => event.type)).toEqual([
      'conversation.item.create',
      'conversation.item.create',
    ]);
    gates.Lima.resolve();
    await tick();
    const after = sentAfter(1);
    expect(
      after.map((event) =>
        event.type === 'conversation.item.create' ? (event.item as { output: string }).output : event.type,
      ),
    ).toEqual(['Pune', 'Oslo', 'Lima', 'response.create']);
  });

  it('answers invalid arguments with the zod issues and does not run the tool', async () => {
    let ran = false;
    const { server, script, sentAfter, toolEvents } = await startSession({
      agent: agentWith(
        weather(() => {
          ran = true;
        }),
      ),
      context: {},
    });
    server.emit(...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 42 } }]).events);
    await tick();
    expect(ran).toBe(false);
    const [output, next] = sentAfter(1);
    expect(output).toMatchObject({ item: { type: 'function_call_output' } });
    expect((output as { item: { output: string } }).item.output).toMatch(
      /invalid arguments for tool "get_weather": city: .*string/i,
    );
    expect(next?.type).toBe('response.create');
    expect(toolEvents.at(-1)).toMatchObject({ type: 'tool_end', outcome: 'invalid_arguments' });
  });

  it('answers malformed JSON arguments and unknown tools with text the model can act on', async () => {
    const { server, script, sentAfter } = await startSession({
      agent: agentWith(weather(() => 'sunny')),
      context: {},
    });
    server.emit(
      ...script.functionCallResponse([
        { name: 'get_weather', arguments: '{"city": "Oslo"' },
        { name: 'get_stock_price', arguments: {} },
      ]).events,
    );
    await tick();
    const outputs = sentAfter(1).flatMap((event) =>
      event.type === 'conversation.item.create' ? [(event.item as { output: string }).output] : [],
    );
    // Concurrent calls: each output goes out as its call ends (the unknown tool needs no validation).
    expect(outputs).toHaveLength(2);
    expect(outputs).toContainEqual(
      expect.stringMatching(/invalid arguments for tool "get_weather": not valid JSON/),
    );
    expect(outputs).toContain(
      'Error: there is no tool named "get_stock_price". Available tools: get_weather.',
    );
    expect(sentAfter(3).map((event) => event.type)).toEqual(['response.create']);
  });

  it('turns a throwing tool into an error output and keeps the session going', async () => {
    const { server, script, sentAfter, toolEvents } = await startSession({
      agent: agentWith(
        weather(() => {
          throw new Error('weather service down');
        }),
      ),
      context: {},
    });
    server.emit(
      ...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events,
    );
    await tick();
    expect(sentAfter(1)).toMatchObject([
      {
        type: 'conversation.item.create',
        item: { output: 'Error: tool "get_weather" failed: weather service down' },
      },
      { type: 'response.create' },
    ]);
    expect(toolEvents.at(-1)).toMatchObject({ outcome: 'tool_failed' });
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'a circular object',
      () => {
        const node: Record<string, unknown> = { name: 'loop' };
        node.self = node;
        return node;
      },
      /Converting circular structure to JSON/,
    ],
    ['a BigInt inside an object', () => ({ total: 10n }), /BigInt/],
    [
      'an object whose toJSON throws',
      () => ({
        toJSON() {
          throw new Error('not today');
        },
      }),
      /not today/,
    ],
    [
      'a function',
      () =>
        function secret() {
          return 'source code';
        },
      /a function is not JSON/,
    ],
  ])(
    'refuses a result JSON cannot carry (%s) with tool_failed, never as [object Object] or source (issue 9, point 10)',
    async (_label, make, reason) => {
      const { server, script, sentAfter, toolEvents } = await startSession({
        agent: agentWith(weather(() => make())),
        context: {},
      });
      server.emit(
        ...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events,
      );
      await tick();
      const output = (sentAfter(1)[0] as { item: { output: string } }).item.output;
      expect(output).toMatch(/^Error: tool "get_weather" failed: its result cannot be sent \(/);
      expect(output).toMatch(reason);
      expect(output).not.toMatch(/object Object|source code/);
      expect(toolEvents.at(-1)).toMatchObject({ type: 'tool_end', outcome: 'tool_failed' });
    },
  );

  it('times out a hanging tool, aborts its signal and tells the model', async () => {
    let signal: AbortSignal | undefined;
    const { server, script, sentAfter, toolEvents } = await startSession({
      agent: agentWith(
        weather(
          (_, s) => {
            signal = s;
            return new Promise(() => {});
          },
          { timeoutMs: 30 },
        ),
      ),
      context: {},
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.emit(
      ...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events,
    );
    await vi.advanceTimersByTimeAsync(30);
    expect(signal?.aborted).toBe(true);
    expect(sentAfter(1)).toMatchObject([
      { item: { output: 'Error: tool "get_weather" timed out after 30 ms and was cancelled.' } },
      { type: 'response.create' },
    ]);
    expect(toolEvents.at(-1)).toMatchObject({ outcome: 'timeout' });
  });

  it('never runs the same call_id twice (seen again in response.done)', async () => {
    let runs = 0;
    const { server, script } = await startSession({ agent: agentWith(weather(() => ++runs)), context: {} });
    const { events } = script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
    server.emit(...events, ...events.filter((event) => event.type === 'response.done'));
    await tick();
    expect(runs).toBe(1);
  });

  it('retries a response.create the server rejects as concurrent once the active response is done', async () => {
    const { server, script, sentAfter } = await startSession({
      agent: agentWith(weather(() => 'sunny')),
      context: {},
    });
    server.emit(
      ...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events,
    );
    await tick();
    const create = sentAfter(2)[0] as { type: string; event_id: string };
    expect(create.type).toBe('response.create');
    // Server VAD started a response meanwhile: ours is rejected.
    const vad = script.textResponse('Sorry, go on?');
    server.emit(
      vad.events[0],
      script.error('conversation_already_has_active_response', 'busy', create.event_id),
    );
    expect(sentAfter(3)).toEqual([]);
    server.emit(...vad.events.slice(1));
    expect(sentAfter(3).map((event) => event.type)).toEqual(['response.create']);
  });
});
