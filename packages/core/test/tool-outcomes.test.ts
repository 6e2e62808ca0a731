import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  defineAgent,
  memoryStore,
  RealtimeSession,
  type RecordedToolOutcome,
  StoreConflictError,
  type ToolCallEvent,
  type ToolOutcomeStore,
  tool,
  toolOutcomesIn,
  updateVersioned,
  type VersionedStore,
} from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';
import { deferred, tick } from './fixtures.js';

/** A charge tool that counts its runs and reports the idempotency key it was given. */
function chargeAgent(runs: string[], gate?: Promise<void>) {
  const charge = tool({
    name: 'charge_card',
    description: 'Charge the card',
    parameters: z.object({ cents: z.number() }),
    execute: async ({ cents }, ctx) => {
      runs.push(ctx.idempotencyKey);
      await gate;
      return { charged: cents };
    },
  });
  return defineAgent({ name: 'Billing', instructions: 'Charge cards.', tools: [charge] });
}

async function session(options: {
  toolOutcomes?: ToolOutcomeStore;
  idempotencyScope?: string;
  runs: string[];
  gate?: Promise<void>;
}) {
  const server = createScriptedTransport();
  const script = createServerScript();
  const events: ToolCallEvent[] = [];
  const errors: Error[] = [];
  const live = new RealtimeSession({
    agent: chargeAgent(options.runs, options.gate),
    context: {},
    transport: server.transport,
    ...(options.toolOutcomes ? { toolOutcomes: options.toolOutcomes } : {}),
    ...(options.idempotencyScope ? { idempotencyScope: options.idempotencyScope } : {}),
  });
  live.toolCalls$.subscribe((event) => events.push(event));
  live.errors$.subscribe((error) => errors.push(error));
  await live.connect();
  return { server, script, session: live, events, errors };
}

const outputsOf = (sent: readonly { type: string; item?: unknown }[]) =>
  sent.flatMap((event) => {
    const item = event.item as { type?: string; call_id?: string; output?: string } | undefined;
    return event.type === 'conversation.item.create' && item?.type === 'function_call_output'
      ? [{ callId: item.call_id, output: item.output }]
      : [];
  });

describe('memoryStore', () => {
  it('versions every write and refuses a compare-and-set on a stale version', async () => {
    const store = memoryStore();
    expect(await store.set('k', { n: 1 }, { ifVersion: 0 })).toEqual({ ok: true, version: 1 });
    expect(await store.set('k', { n: 2 }, { ifVersion: 0 })).toEqual({
      ok: false,
      current: { value: { n: 1 }, version: 1 },
    });
    expect(await store.set('k', { n: 2 }, { ifVersion: 1 })).toEqual({ ok: true, version: 2 });
    expect(await store.get('k')).toEqual({ value: { n: 2 }, version: 2 });
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('returns copies: changing what was read does not change the store', async () => {
    const store = memoryStore();
    await store.set('k', { list: [1] });
    const read = await store.get<{ list: number[] }>('k');
    read?.value.list.push(2);
    expect((await store.get('k'))?.value).toEqual({ list: [1] });
  });

  it('forgets a key once its ttl has passed', async () => {
    vi.useFakeTimers();
    try {
      const store = memoryStore();
      await store.set('k', 1, { ttlMs: 5 });
      vi.advanceTimersByTime(15);
      expect(await store.get('k')).toBeUndefined();
      expect(await store.set('k', 2, { ifVersion: 0 })).toEqual({ ok: true, version: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a value JSON cannot carry', async () => {
    await expect(memoryStore().set('k', () => 1)).rejects.toThrow(/no JSON form/);
  });
});

describe('updateVersioned', () => {
  it('loses no increment when writers race on one key', async () => {
    const store = memoryStore();
    await Promise.all(
      Array.from({ length: 20 }, () => updateVersioned<number>(store, 'n', (n = 0) => n + 1)),
    );
    expect(await store.get('n')).toEqual({ value: 20, version: 20 });
  });

  it('throws a StoreConflictError with the key when every attempt lost the race', async () => {
    const store = memoryStore();
    const error = await updateVersioned<number>(
      store,
      'n',
      (n = 0) => {
        // Somebody else writes between every read and write.
        void store.set('n', n + 100);
        return n + 1;
      },
      { attempts: 3 },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreConflictError);
    expect(error).toMatchObject({ code: 'store_conflict', key: 'n', attempts: 3 });
  });
});

describe('toolOutcomes: a tool runs at most once per call_id', () => {
  it('claims before running and records before sending: a second session sends the recorded output without running', async () => {
    const store = memoryStore();
    const runs: string[] = [];
    const first = await session({ toolOutcomes: toolOutcomesIn(store), idempotencyScope: 'call-42', runs });
    const { events, callIds } = first.script.functionCallResponse([
      { name: 'charge_card', arguments: { cents: 500 }, callId: 'call_a' },
    ]);
    first.server.emit(...events);
    await tick();
    expect(runs).toEqual(['call-42:call_a']);
    expect(outputsOf(first.server.sent)).toEqual([{ callId: callIds[0], output: '{"charged":500}' }]);
    expect(await store.get('tool:call_a')).toMatchObject({
      value: { state: 'done', outcome: { ok: true, output: '{"charged":500}' } },
    });

    // Another owner sees the same call (replayed events): the recorded output goes out, the tool does not run.
    const second = await session({ toolOutcomes: toolOutcomesIn(store), idempotencyScope: 'call-42', runs });
    second.server.emit(...events);
    await tick();
    expect(runs).toHaveLength(1);
    expect(outputsOf(second.server.sent)).toEqual([{ callId: 'call_a', output: '{"charged":500}' }]);
    expect(second.events.find((event) => event.type === 'tool_end')).toMatchObject({
      outcome: 'success',
      output: '{"charged":500}',
      replayed: true,
    });
    expect(second.server.sent.at(-1)?.type).toBe('response.create');
  });

  it('does not run again a call started elsewhere and never recorded: the model is told it was interrupted', async () => {
    const store = memoryStore();
    const runs: string[] = [];
    const gate = deferred();
    const first = await session({ toolOutcomes: toolOutcomesIn(store), runs, gate: gate.promise });
    const { events } = first.script.functionCallResponse([
      { name: 'charge_card', arguments: { cents: 1 }, callId: 'call_b' },
    ]);
    first.server.emit(...events);
    await tick();
    expect(runs).toEqual(['call_b']);
    // The first owner is gone mid-tool (its process died): nothing was recorded.

    const second = await session({ toolOutcomes: toolOutcomesIn(store), runs });
    second.server.emit(...events);
    await tick();
    expect(runs).toEqual(['call_b']);
    const [output] = outputsOf(second.server.sent);
    expect(output?.output).toMatch(/^Error: the call to "charge_card" was interrupted before it finished/);
    expect(second.events.find((event) => event.type === 'tool_end')).toMatchObject({
      outcome: 'interrupted',
      replayed: true,
    });
  });

  it('runs the tool when the store ran its claim twice (a client resending it after a reconnect)', async () => {
    const store = memoryStore();
    // Every write runs twice and answers as the second run did, as when the reply to the first was lost.
    const resending: VersionedStore = {
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
      set: async (key, value, options) => {
        await store.set(key, value, options);
        return store.set(key, value, options);
      },
    };
    const runs: string[] = [];
    const live = await session({ toolOutcomes: toolOutcomesIn(resending), runs });
    live.server.emit(
      ...live.script.functionCallResponse([
        { name: 'charge_card', arguments: { cents: 7 }, callId: 'call_twice' },
      ]).events,
    );
    await tick();
    expect(runs).toEqual(['call_twice']);
    expect(outputsOf(live.server.sent)).toEqual([{ callId: 'call_twice', output: '{"charged":7}' }]);
    // Another claim of the call (another owner) still finds it taken.
    expect(
      await toolOutcomesIn(resending).claim({
        callId: 'call_twice',
        name: 'charge_card',
        arguments: '{}',
        responseId: 'r',
        agent: 'Billing',
      }),
    ).toMatchObject({ state: 'done' });
  });

  it('sends a recorded failure as it was, with its code', async () => {
    const store = memoryStore();
    const outcome: RecordedToolOutcome = { ok: false, output: 'Error: card declined', code: 'tool_failed' };
    const journal = toolOutcomesIn(store);
    await store.set('tool:call_c', { state: 'done', call: {}, outcome });
    const runs: string[] = [];
    const live = await session({ toolOutcomes: journal, runs });
    live.server.emit(
      ...live.script.functionCallResponse([
        { name: 'charge_card', arguments: { cents: 1 }, callId: 'call_c' },
      ]).events,
    );
    await tick();
    expect(runs).toEqual([]);
    expect(outputsOf(live.server.sent)).toEqual([{ callId: 'call_c', output: 'Error: card declined' }]);
    expect(live.events.find((event) => event.type === 'tool_end')).toMatchObject({
      outcome: 'tool_failed',
      error: { name: 'RecordedToolError', code: 'tool_failed' },
    });
  });

  it('sends no output before the outcome is recorded', async () => {
    const written = deferred();
    const recorded: string[] = [];
    const journal: ToolOutcomeStore = {
      claim: () => undefined,
      record: async (call) => {
        await written.promise;
        recorded.push(call.callId);
      },
    };
    const live = await session({ toolOutcomes: journal, runs: [] });
    live.server.emit(
      ...live.script.functionCallResponse([
        { name: 'charge_card', arguments: { cents: 1 }, callId: 'call_d' },
      ]).events,
    );
    await tick();
    expect(outputsOf(live.server.sent)).toEqual([]);
    written.resolve();
    await tick();
    expect(recorded).toEqual(['call_d']);
    expect(outputsOf(live.server.sent)).toEqual([{ callId: 'call_d', output: '{"charged":1}' }]);
  });

  it('does not run a tool whose claim fails, and still answers the model', async () => {
    const runs: string[] = [];
    const journal: ToolOutcomeStore = {
      claim: () => Promise.reject(new Error('store unreachable')),
      record: () => undefined,
    };
    const live = await session({ toolOutcomes: journal, runs });
    live.server.emit(
      ...live.script.functionCallResponse([
        { name: 'charge_card', arguments: { cents: 1 }, callId: 'call_e' },
      ]).events,
    );
    await tick();
    expect(runs).toEqual([]);
    expect(outputsOf(live.server.sent)[0]?.output).toMatch(/store unreachable/);
    expect(live.server.sent.at(-1)?.type).toBe('response.create');
  });

  it('sends the output and reports an OutcomeRecordError when the record fails', async () => {
    const journal: ToolOutcomeStore = {
      claim: () => undefined,
      record: () => Promise.reject(new Error('disk full')),
    };
    const live = await session({ toolOutcomes: journal, runs: [] });
    live.server.emit(
      ...live.script.functionCallResponse([
        { name: 'charge_card', arguments: { cents: 1 }, callId: 'call_f' },
      ]).events,
    );
    await tick();
    expect(outputsOf(live.server.sent)).toEqual([{ callId: 'call_f', output: '{"charged":1}' }]);
    expect(live.errors).toEqual([
      expect.objectContaining({ name: 'OutcomeRecordError', code: 'outcome_not_recorded', callId: 'call_f' }),
    ]);
  });

  it('gives ctx.idempotencyKey as the call_id without a scope', async () => {
    const runs: string[] = [];
    const live = await session({ runs });
    live.server.emit(
      ...live.script.functionCallResponse([
        { name: 'charge_card', arguments: { cents: 1 }, callId: 'call_g' },
      ]).events,
    );
    await tick();
    expect(runs).toEqual(['call_g']);
  });
});
