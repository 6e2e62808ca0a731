import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type ClientEvent,
  DEFAULT_FILLER_AFTER_MS,
  defineAgent,
  type FillerEvent,
  type FillerOptions,
  RealtimeSession,
  type ServerEvent,
  SessionOptionError,
  tool,
} from '../src/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { deferred, startSession } from './fixtures.js';

// Issue 16, point 1: no dead air while tools run. Fake timers: the delays are the session's own.

afterEach(() => {
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);

type Create = Extract<ClientEvent, { type: 'response.create' }>;

function slowAgent(options: { toolDelay?: number | false; agentDelay?: number | false } = {}) {
  const release = deferred();
  const lookup = tool({
    name: 'lookup_order',
    description: 'Slow lookup',
    parameters: z.object({}),
    ...(options.toolDelay === undefined ? {} : { fillerAfterMs: options.toolDelay }),
    execute: async () => {
      await release.promise;
      return 'shipped';
    },
  });
  const agent = defineAgent({
    name: 'Support',
    instructions: 'Help.',
    tools: [lookup],
    ...(options.agentDelay === undefined ? {} : { fillerAfterMs: options.agentDelay }),
  });
  return { agent, release: () => release.resolve() };
}

async function waitingForTool(
  options: {
    filler?: FillerOptions | false;
    toolDelay?: number | false;
    agentDelay?: number | false;
    text?: boolean;
  } = {},
) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const { agent, release } = slowAgent(options);
  const server = createScriptedTransport();
  const session = new RealtimeSession({
    agent,
    context: {},
    transport: server.transport,
    ...(options.filler === undefined ? {} : { filler: options.filler }),
  });
  const fillers: FillerEvent[] = [];
  session.fillers$.subscribe((event) => fillers.push(event));
  await session.connect();
  const started = await startScript(server, options.text ?? false);
  await settle();
  const creates = () => server.sent.filter((event): event is Create => event.type === 'response.create');
  /** The fillers asked for (a tool past its 30 s timeout gets its follow-up too). */
  const fillerCreates = () => creates().filter((event) => event.response?.conversation === 'none');
  return { session, server, fillers, release, creates, fillerCreates, ...started };
}

async function startScript(server: ReturnType<typeof createScriptedTransport>, text: boolean) {
  const { createServerScript } = await import('../src/testing/index.js');
  const script = createServerScript();
  if (text) server.emit(script.sessionUpdated({ output_modalities: ['text'] }));
  const call = script.functionCallResponse([{ name: 'lookup_order' }]);
  server.emit(...call.events);
  return { script, call };
}

function fillerDone(tag: string, status = 'completed'): ServerEvent[] {
  const response = { id: 'resp_filler', conversation_id: null, metadata: { switchboard_filler: tag } };
  return [
    { type: 'response.created', event_id: 'ev_f1', response: { ...response, status: 'in_progress' } },
    { type: 'response.done', event_id: 'ev_f2', response: { ...response, status, output: [] } },
  ] as ServerEvent[];
}

describe('no dead air', () => {
  it('while the session speaks, a tool still running after 2 s gets one spoken, out-of-band filler', async () => {
    const { creates, fillers } = await waitingForTool();
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS - 1);
    expect(creates()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(creates()).toEqual([
      {
        type: 'response.create',
        event_id: 'sb_filler_1',
        response: expect.objectContaining({
          conversation: 'none',
          input: [],
          output_modalities: ['audio'],
          metadata: { switchboard_filler: 'sb_filler_1' },
        }),
      },
    ]);
    expect(fillers).toEqual([
      { type: 'filler_started', kind: 'spoken', responseId: expect.any(String), count: 1 },
    ]);
    // Not repeated beyond maxPerWait (1 by default).
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS * 5);
    expect(creates()).toHaveLength(1);
  });

  it('the follow-up waits for the filler to end, so the answer never overlaps it', async () => {
    const { creates, fillers, release, server } = await waitingForTool();
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS);
    release();
    await settle();
    const outputAt = server.sent.findIndex((event) => event.type === 'conversation.item.create');
    expect(outputAt).toBeGreaterThan(-1);
    expect(creates()).toHaveLength(1); // only the filler so far
    server.emit(...fillerDone('sb_filler_1'));
    await settle();
    expect(creates().map((event) => event.response?.conversation ?? 'auto')).toEqual(['none', 'auto']);
    expect(fillers.map((event) => event.type)).toEqual(['filler_started', 'filler_ended']);
  });

  it('a tool done before the delay gets no filler', async () => {
    const { creates, release, fillers } = await waitingForTool();
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS - 500);
    release();
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS);
    expect(creates().map((event) => event.response?.conversation ?? 'auto')).toEqual(['auto']);
    expect(fillers).toEqual([]);
  });

  it('maxPerWait: 2 gives a second filler one delay after the first, never a third', async () => {
    const { creates, server } = await waitingForTool({ filler: { afterMs: 1_000, maxPerWait: 2 } });
    await vi.advanceTimersByTimeAsync(1_000);
    server.emit(...fillerDone('sb_filler_1'));
    await vi.advanceTimersByTimeAsync(1_000);
    server.emit(...fillerDone('sb_filler_2'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(creates().map((event) => event.event_id)).toEqual(['sb_filler_1', 'sb_filler_2']);
  });

  it("a tool's fillerAfterMs wins over its agent's, which wins over the session's", async () => {
    const byTool = await waitingForTool({ filler: { afterMs: 5_000 }, agentDelay: 3_000, toolDelay: 500 });
    await vi.advanceTimersByTimeAsync(500);
    expect(byTool.creates()).toHaveLength(1);
    await byTool.session.close();
    const byAgent = await waitingForTool({ filler: { afterMs: 5_000 }, agentDelay: 3_000 });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(byAgent.creates()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(byAgent.creates()).toHaveLength(1);
    await byAgent.session.close();
    const never = await waitingForTool({ toolDelay: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(never.fillerCreates()).toHaveLength(0);
  });

  it('a text session gets no filler unless it asks for one; filler: false turns them off', async () => {
    const text = await waitingForTool({ text: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(text.fillerCreates()).toHaveLength(0);
    await text.session.close();
    const off = await waitingForTool({ filler: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(off.fillerCreates()).toHaveLength(0);
  });

  it("kind 'hold' tells the app to play its hold audio until the tools are done; nothing is sent", async () => {
    const { creates, fillers, release } = await waitingForTool({ filler: { kind: 'hold', afterMs: 1_000 } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fillers).toEqual([
      { type: 'filler_started', kind: 'hold', responseId: expect.any(String), count: 1 },
    ]);
    expect(creates()).toEqual([]);
    release();
    await settle();
    expect(fillers.map((event) => event.type)).toEqual(['filler_started', 'filler_ended']);
    expect(creates().map((event) => event.response?.conversation ?? 'auto')).toEqual(['auto']);
  });

  it('an interruption cancels a spoken filler by its response id and stops waiting', async () => {
    const { session, server, fillers } = await waitingForTool();
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS);
    server.emit(fillerDone('sb_filler_1')[0] as ServerEvent);
    await settle();
    session.interrupt();
    expect(server.sent).toContainEqual({ type: 'response.cancel', response_id: 'resp_filler' });
    expect(fillers.map((event) => event.type)).toEqual(['filler_started', 'filler_ended']);
  });

  it('an interruption before the filler response is created cancels it as soon as it is', async () => {
    const { session, server, fillers } = await waitingForTool();
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS);
    session.interrupt();
    expect(fillers.map((event) => event.type)).toEqual(['filler_started', 'filler_ended']);
    // The server had not answered the filler's response.create yet: when it does, it is cancelled.
    server.emit(fillerDone('sb_filler_1')[0] as ServerEvent);
    await settle();
    expect(server.sent).toContainEqual({ type: 'response.cancel', response_id: 'resp_filler' });
  });

  it('no filler while the model is still talking in the conversation', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { agent } = slowAgent();
    const { server, script, sentAfter } = await startSession({ agent, context: {} });
    const call = script.functionCallResponse([{ name: 'lookup_order' }]);
    const doneAt = call.events.findIndex((event) => event.type === 'response.done');
    server.emit(...call.events.slice(0, doneAt));
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS * 3);
    expect(sentAfter(1).filter((event) => event.type === 'response.create')).toEqual([]);
    server.emit(...call.events.slice(doneAt));
    await vi.advanceTimersByTimeAsync(DEFAULT_FILLER_AFTER_MS);
    expect(sentAfter(1).filter((event) => event.type === 'response.create')).toHaveLength(1);
  });

  it('refuses filler options that cannot work, naming the field', () => {
    const { agent } = slowAgent();
    const transport = createScriptedTransport().transport;
    expect(() => new RealtimeSession({ agent, context: {}, transport, filler: { afterMs: -1 } })).toThrow(
      SessionOptionError,
    );
    expect(() => new RealtimeSession({ agent, context: {}, transport, filler: { maxPerWait: 0 } })).toThrow(
      /filler\.maxPerWait/,
    );
    expect(() => tool({ name: 'a', description: 'a', parameters: z.object({}), fillerAfterMs: 0 })).toThrow(
      /fillerAfterMs/,
    );
  });
});
