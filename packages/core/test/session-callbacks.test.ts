import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type Agent,
  defineAgent,
  defineSwarm,
  HandoffError,
  handoff,
  type OnHandoff,
  RealtimeSession,
  SessionStateError,
  tool,
} from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';
import { startSession, tick } from './fixtures.js';

type Sent = { type: string; item?: { output?: string }; session?: { instructions?: string } };

/** Fails the test if anything escapes as an unhandled rejection or an uncaught exception. */
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
beforeEach(() => {
  escaped.length = 0;
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});
afterEach(async () => {
  vi.useRealTimers();
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  expect(escaped).toEqual([]);
});

const outputsOf = (sent: readonly Sent[]) =>
  sent.flatMap((event) => (event.type === 'conversation.item.create' ? [event.item?.output] : []));

function swarmWith(options: {
  targetInstructions?: () => string;
  onHandoff?: OnHandoff<unknown, unknown>;
  input?: z.ZodObject;
}) {
  const target: Agent = defineAgent({
    name: 'Billing',
    instructions: options.targetInstructions ?? 'You handle billing.',
  });
  const triage: Agent = defineAgent({
    name: 'Triage',
    instructions: 'You route the caller.',
    handoffs: [
      options.input
        ? handoff(target, { input: options.input, onHandoff: options.onHandoff })
        : handoff(target, { onHandoff: options.onHandoff }),
    ],
  });
  return defineSwarm({ agents: [triage, target], start: triage, context: {} });
}

describe('zod transforms and refines (issue 9, point 1)', () => {
  it('answers a tool whose zod transform throws with invalid_arguments and one response.create', async () => {
    const parse = tool({
      name: 'parse_payload',
      description: 'Parses a JSON payload',
      parameters: z.object({ payload: z.string().transform((text) => JSON.parse(text) as unknown) }),
      execute: ({ payload }) => payload,
    });
    const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.', tools: [parse] });
    const { server, script, sentAfter, toolEvents } = await startSession({ agent, context: {} });
    server.emit(
      ...script.functionCallResponse([{ name: 'parse_payload', arguments: { payload: 'not json' } }]).events,
    );
    await tick();
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.type)).toEqual(['conversation.item.create', 'response.create']);
    expect(sent[0]?.item?.output).toMatch(
      /^Error: invalid arguments for tool "parse_payload": could not be validated/,
    );
    expect(toolEvents.at(-1)).toMatchObject({ type: 'tool_end', outcome: 'invalid_arguments' });
  });

  it('answers a handoff whose input refine throws with invalid_arguments, keeps the agent and follows up once', async () => {
    const input = z.object({
      reason: z.string().refine(() => {
        throw new Error('refine exploded');
      }),
    });
    const { server, script, session, sentAfter } = await startSession({ swarm: swarmWith({ input }) });
    server.emit(
      ...script.functionCallResponse([{ name: 'transfer_to_billing', arguments: { reason: 'x' } }]).events,
    );
    await tick();
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.type)).toEqual(['conversation.item.create', 'response.create']);
    expect(sent[0]?.item?.output).toMatch(
      /invalid arguments for tool "transfer_to_billing".*refine exploded/,
    );
    expect(session.agent.name).toBe('Triage');
  });
});

describe('instructions that throw (issue 9, points 2 and 3)', () => {
  const exploding = () => {
    throw new Error('no customer loaded');
  };

  it('a handoff to an agent whose instructions throw keeps the agent, reports a HandoffError, tells the model and follows up once', async () => {
    const { server, script, session, sentAfter, errors } = await startSession({
      swarm: swarmWith({ targetInstructions: exploding }),
    });
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.type)).toEqual(['conversation.item.create', 'response.create']);
    expect(sent[0]?.item?.output).toBe(
      'Error: the transfer to "Billing" failed; continue helping the user yourself.',
    );
    expect(session.agent.name).toBe('Triage');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HandoffError);
    expect(errors[0]?.message).toMatch(/"Triage" to "Billing" failed: .*no customer loaded/);
  });

  it('updateAgent to an agent whose instructions throw throws a HandoffError and keeps the agent', async () => {
    const swarm = swarmWith({ targetInstructions: exploding });
    const { session, sentAfter } = await startSession({ swarm });
    const agents: string[] = [];
    session.agent$.subscribe((agent) => agents.push(agent.name));
    expect(() => session.updateAgent(swarm.agent('Billing'))).toThrow(HandoffError);
    expect(session.agent.name).toBe('Triage');
    expect(agents).toEqual(['Triage']);
    expect(sentAfter(1)).toEqual([]);
  });

  it("connect() rejects with a typed error when the start agent's instructions throw, and the session closes", async () => {
    const server = createScriptedTransport();
    const agent = defineAgent({ name: 'Assistant', instructions: exploding });
    const session = new RealtimeSession({ agent, context: {}, transport: server.transport });
    let completed = false;
    session.errors$.subscribe({ complete: () => (completed = true) });
    await expect(session.connect()).rejects.toMatchObject({
      name: 'InstructionsError',
      agentName: 'Assistant',
      message: 'the instructions of agent "Assistant" threw: no customer loaded',
    });
    expect(session.state).toBe('closed');
    expect(completed).toBe(true);
    expect(server.sent).toEqual([]);
    expect(() => session.sendText('hello?')).toThrow(SessionStateError);
  });
});

describe('onHandoff under the guard (issue 9, points 8 and 10)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times out a hanging onHandoff with the tool timeout: failure output, HandoffError, agent kept', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const swarm = swarmWith({ onHandoff: () => new Promise(() => {}) });
    const server = createScriptedTransport();
    const session = new RealtimeSession({ swarm, transport: server.transport, toolTimeoutMs: 1_000 });
    const errors: Error[] = [];
    session.errors$.subscribe((error) => errors.push(error));
    await session.connect();
    const { events } = createServerScript().functionCallResponse([{ name: 'transfer_to_billing' }]);
    server.emit(...events);
    await vi.advanceTimersByTimeAsync(999);
    expect(server.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((server.sent.slice(1) as Sent[]).map((event) => event.type)).toEqual([
      'conversation.item.create',
      'response.create',
    ]);
    expect(session.agent.name).toBe('Triage');
    expect(errors[0]).toBeInstanceOf(HandoffError);
    expect(errors[0]?.message).toMatch(/timed out after 1000 ms/);
    await session.close();
  });

  it('an interrupted abort-aware onHandoff is a cancellation, not a HandoffError', async () => {
    const swarm = swarmWith({
      onHandoff: (ctx) =>
        new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
    });
    const { server, script, session, sentAfter, errors, toolEvents } = await startSession({ swarm });
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    session.interrupt();
    await tick();
    expect(outputsOf(sentAfter(1) as Sent[])).toEqual([
      'Error: the call to "transfer_to_billing" was cancelled because the user interrupted.',
    ]);
    expect(sentAfter(1).map((event) => event.type)).not.toContain('response.create');
    expect(errors).toEqual([]);
    expect(toolEvents.at(-1)).toMatchObject({ type: 'tool_end', outcome: 'cancelled' });
    expect(session.agent.name).toBe('Triage');
  });
});

describe('a tool that talks to the session (issue 9, point 10)', () => {
  it('a tool calling ctx.session.sendText() gets its output sent before the response.create', async () => {
    const remind = tool({
      name: 'remind',
      description: 'Adds a reminder message',
      parameters: z.object({}),
      execute: async (_args, ctx) => {
        await tick();
        ctx.session.sendText('(reminder: the caller is a premium customer)');
        return 'noted';
      },
    });
    const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.', tools: [remind] });
    const { server, script, sentAfter } = await startSession({ agent, context: {} });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.emit(...script.functionCallResponse([{ name: 'remind' }]).events);
    await vi.runAllTimersAsync();
    const sent = sentAfter(1) as { type: string; item?: { type: string } }[];
    expect(sent.map((event) => event.item?.type ?? event.type)).toEqual([
      'message',
      'function_call_output',
      'response.create',
    ]);
  });
});
