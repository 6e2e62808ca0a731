import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent, type Turn, type TurnResult, type TurnStep, tool } from '../src/index.js';
import { deferred, startSession, supportSwarm, tick } from './fixtures.js';

const weather = (execute: (city: string) => unknown = (city) => ({ city, celsius: 21 })) =>
  tool({
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => execute(city),
  });

const assistant = (...tools: ReturnType<typeof weather>[]) =>
  defineAgent({ name: 'Assistant', instructions: 'Be brief.', tools });

/** Whether `done` has resolved, without waiting for it. */
async function settled<Ctx>(turn: Turn<Ctx>): Promise<TurnResult<Ctx> | undefined> {
  let result: TurnResult<Ctx> | undefined;
  void turn.done.then((value) => {
    result = value;
  });
  await tick();
  return result;
}

describe('a text turn', () => {
  it('settles once the reply is done: status, text, transcript, responses and agent', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turn = session.sendText('Hello');
    expect(turn.input).toEqual({ kind: 'text', text: 'Hello', role: 'user' });
    expect(await settled(turn)).toBeUndefined();

    const reply = script.textResponse('Hi there!');
    server.emit(...script.userMessage('Hello'), ...reply.events);
    const result = await turn.done;
    expect(result).toMatchObject({
      status: 'completed',
      text: 'Hi there!',
      toolCalls: [],
      handoffs: [],
      responses: [{ id: reply.responseId, agent: 'Assistant', status: 'completed' }],
      errors: [],
    });
    expect(result.transcript).toEqual([
      {
        kind: 'message',
        agent: 'Assistant',
        responseId: reply.responseId,
        itemId: reply.itemIds[0],
        text: 'Hi there!',
      },
    ]);
    expect(result.agent).toBe(session.agent);
  });

  it('covers the follow-up after tools: not settled between the call and the answer that uses its output', async () => {
    const gate = deferred<{ celsius: number }>();
    const { server, script, session } = await startSession({
      agent: assistant(weather(() => gate.promise)),
      context: {},
    });
    const turn = session.sendText('Weather in Oslo?');
    const call = script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
    server.emit(...call.events);
    // The response is done, but its call runs: the model has not yielded.
    expect(await settled(turn)).toBeUndefined();

    gate.resolve({ celsius: 21 });
    await server.waitForSent('response.create', { since: 3 });
    // The follow-up is requested, not answered yet.
    expect(await settled(turn)).toBeUndefined();

    const answer = script.textResponse('It is 21 °C in Oslo.');
    server.emit(...answer.events);
    const result = await turn.done;
    expect(result.status).toBe('completed');
    expect(result.text).toBe('It is 21 °C in Oslo.');
    expect(result.responses.map((response) => response.id)).toEqual([call.responseId, answer.responseId]);
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        kind: 'tool_call',
        callId: call.callIds[0],
        name: 'get_weather',
        type: 'function',
        agent: 'Assistant',
        arguments: '{"city":"Oslo"}',
        approvalRequested: false,
        outcome: 'success',
        output: '{"celsius":21}',
        result: { celsius: 21 },
      }),
    ]);
    expect(result.transcript.map((step) => step.kind)).toEqual(['tool_call', 'message']);
  });

  it('covers handoffs: the new agent speaks in the same turn, which ends with it active', async () => {
    const swarm = supportSwarm();
    const { server, script, session } = await startSession({ swarm });
    const turn = session.sendText('I was charged twice');
    const transfer = script.functionCallResponse([{ name: 'transfer_to_billing' }]);
    server.emit(...transfer.events);
    await server.waitForSent('response.create', { since: 3 });
    expect(await settled(turn)).toBeUndefined();

    server.emit(...script.textResponse('Billing here. Which invoice?').events);
    const result = await turn.done;
    expect(result.agent).toBe(swarm.agent('Billing'));
    expect(result.handoffs).toEqual([
      { kind: 'handoff', from: 'Triage', to: 'Billing', callId: transfer.callIds[0] },
    ]);
    expect(
      result.transcript.map((step) => (step.kind === 'message' ? `${step.agent}: ${step.text}` : step.kind)),
    ).toEqual(['tool_call', 'handoff', 'Billing: Billing here. Which invoice?']);
    expect(result.toolCalls[0]).toMatchObject({ type: 'handoff', outcome: 'success', agent: 'Triage' });
  });

  it('stays open while a call waits for approval', async () => {
    const refund = tool({
      name: 'refund',
      description: 'Refund',
      parameters: z.object({}),
      needsApproval: true,
      execute: () => 'refunded',
    });
    const { server, script, session } = await startSession({
      agent: defineAgent({ name: 'Assistant', instructions: 'x', tools: [refund] }),
      context: {},
    });
    const turn = session.sendText('Refund me');
    const call = script.functionCallResponse([{ name: 'refund' }]);
    server.emit(...call.events);
    await tick();
    expect(await settled(turn)).toBeUndefined();

    session.approve(call.callIds[0] as string);
    await server.waitForSent('response.create', { since: 3 });
    server.emit(...script.textResponse('Done.').events);
    const result = await turn.done;
    expect(result.toolCalls[0]).toMatchObject({
      approvalRequested: true,
      outcome: 'success',
      output: 'refunded',
    });
  });

  it('streams its steps as they finish, replays them to a late subscriber, and completes', async () => {
    const { server, script, session } = await startSession({ agent: assistant(weather()), context: {} });
    const turn = session.sendText('Weather?');
    const live: string[] = [];
    turn.steps$.subscribe({ next: (step) => live.push(step.kind), complete: () => live.push('complete') });
    server.emit(
      ...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events,
    );
    await tick();
    expect(live).toEqual(['tool_call']);
    server.emit(...script.textResponse('Sunny.').events);
    await turn.done;
    expect(live).toEqual(['tool_call', 'message', 'complete']);

    const late: TurnStep['kind'][] = [];
    turn.steps$.subscribe((step) => late.push(step.kind));
    expect(late).toEqual(['tool_call', 'message']);
  });
});

describe('how a turn ends other than completed', () => {
  it('interrupt() settles it at once as interrupted, with the cancelled calls', async () => {
    const { server, script, session } = await startSession({
      agent: assistant(weather(() => new Promise(() => {}))),
      context: {},
    });
    const turn = session.sendText('Weather?');
    server.emit(
      ...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events,
    );
    await tick();
    session.interrupt();
    const result = await settled(turn);
    expect(result?.status).toBe('interrupted');
    expect(result?.toolCalls[0]).toMatchObject({ outcome: 'cancelled' });
  });

  it('close() settles it as closed; a turn nobody awaits resolves too (nothing rejects)', async () => {
    const { session } = await startSession({ agent: assistant(), context: {} });
    const turn = session.sendText('Hello');
    const turns: string[] = [];
    session.turns$.subscribe({ complete: () => turns.push('complete') });
    await session.close();
    expect((await turn.done).status).toBe('closed');
    expect(turns).toEqual(['complete']);
  });

  it.each(['cancelled', 'failed', 'incomplete'] as const)(
    'a last response that ends %s gives that status',
    async (status) => {
      const { server, script, session } = await startSession({ agent: assistant(), context: {} });
      const turn = session.sendText('Hello');
      server.emit(...script.textResponse('Hi', { status }).events);
      expect((await turn.done).status).toBe(status);
    },
  );

  it('a response.create the server refuses settles it as failed, with the server error', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turn = session.sendText('Hello');
    const create = await server.waitForSent('response.create');
    server.emit(script.error('invalid_value', 'Invalid instructions', create.event_id));
    const result = await turn.done;
    expect(result.status).toBe('failed');
    expect(result.responses).toEqual([]);
    expect(result.errors.map((error) => error.name)).toEqual(['ServerError']);
  });

  it('new user input before the model yields settles the open turn as interrupted; what follows belongs to the new one', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const first = session.sendText('Hello');
    const second = session.sendText('Actually, goodbye');
    expect((await settled(first))?.status).toBe('interrupted');
    // The first line's response is still asked for (the server answers both, one after the other).
    server.emit(...script.textResponse('Hello!').events);
    await server.waitForSent('response.create', { since: 4 });
    expect(await settled(second)).toBeUndefined();
    server.emit(...script.textResponse('Bye!').events);
    expect(await second.done).toMatchObject({ status: 'completed', text: 'Hello!\nBye!' });
  });

  it('calls still running when new input arrives go on, and end, in the new turn', async () => {
    const gate = deferred<string>();
    const { server, script, session } = await startSession({
      agent: assistant(weather(() => gate.promise)),
      context: {},
    });
    const first = session.sendText('Weather in Oslo?');
    const call = script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
    server.emit(...call.events);
    await tick();
    const second = session.sendText('And in Lima?');
    const before = await settled(first);
    expect(before?.status).toBe('interrupted');
    expect(before?.toolCalls[0]).toMatchObject({ callId: call.callIds[0], outcome: undefined });

    gate.resolve('21 °C');
    await tick();
    // The answer to the pending second line, then the follow-up after the output.
    server.emit(...script.textResponse('Checking both.').events);
    await server.waitForSent('response.create', { since: 6 });
    server.emit(...script.textResponse('Oslo 21 °C; Lima unknown.').events);
    const after = await second.done;
    expect(after.status).toBe('completed');
    expect(after.toolCalls).toEqual([
      expect.objectContaining({ callId: call.callIds[0], outcome: 'success' }),
    ]);
    expect(after.transcript.map((step) => step.kind)).toEqual(['tool_call', 'message', 'message']);
  });

  it('a system note with respond: false starts no turn and leaves the open one running', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turn = session.sendText('Hello');
    expect(session.sendText('The caller is a VIP.', { role: 'system', respond: false })).toBeUndefined();
    server.emit(...script.textResponse('Welcome!').events);
    expect((await turn.done).status).toBe('completed');
  });

  it('a tool calling ctx.session.sendText() stays inside its turn', async () => {
    const notify = tool({
      name: 'notify',
      description: 'Notify',
      parameters: z.object({}),
      execute: (_args, ctx) => {
        ctx.session.sendText('(the tool wrote this)');
        return 'ok';
      },
    });
    const { server, script, session } = await startSession({
      agent: defineAgent({ name: 'Assistant', instructions: 'x', tools: [notify] }),
      context: {},
    });
    const turns: Turn[] = [];
    session.turns$.subscribe((turn) => turns.push(turn));
    const turn = session.sendText('Go');
    server.emit(...script.functionCallResponse([{ name: 'notify' }]).events);
    await server.waitForSent('response.create', { since: 3 });
    server.emit(...script.textResponse('Notified.').events);
    expect((await turn.done).status).toBe('completed');
    expect(turns).toEqual([turn]);
  });
});

describe('a turn across a dropped connection', () => {
  const drop = { kind: 'network_error', message: 'socket hang up' } as const;

  it('a request the old connection never answered is sent again, and the turn goes on to the answer', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turn = session.sendText('Hello');
    server.drop(drop, { reconnect: true });
    server.reopen();
    await server.waitForSent('response.create', { since: 3 });
    expect(await settled(turn)).toBeUndefined();
    server.emit(...script.textResponse('Hi!').events);
    expect(await turn.done).toMatchObject({ status: 'completed', text: 'Hi!' });
  });

  it('a response cut off by the drop ends the turn as incomplete once nothing else is asked for', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turn = session.sendText('Hello');
    const reply = script.textResponse('Hi there, how');
    server.emit(...reply.events.slice(0, 5));
    await tick();
    expect(await settled(turn)).toBeUndefined();
    server.drop(drop, { reconnect: true });
    const result = await turn.done;
    expect(result.status).toBe('incomplete');
    expect(result.responses).toEqual([{ id: reply.responseId, agent: 'Assistant', status: 'in_progress' }]);
  });
});

describe('turns that do not start from sendText', () => {
  it('server VAD speech starts an audio turn that waits for the automatic response', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turns: Turn[] = [];
    session.turns$.subscribe((turn) => turns.push(turn));
    const speech = script.userSpeech({ transcript: 'What time is it?' });
    server.emit(...speech.events);
    expect(turns.map((turn) => turn.input)).toEqual([{ kind: 'audio', itemId: speech.itemId }]);
    const turn = turns[0] as Turn;
    // Committed, and server VAD creates the response itself: the turn waits for it.
    expect(await settled(turn)).toBeUndefined();

    server.emit(...script.audioResponse('It is noon.').events);
    expect(await turn.done).toMatchObject({
      status: 'completed',
      text: 'It is noon.',
      inputTranscript: 'What time is it?',
    });
  });

  it('with create_response: false a committed speech turn yields without a response', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    server.emit(
      script.sessionUpdated({
        audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } },
      }),
    );
    const turns: Turn[] = [];
    session.turns$.subscribe((turn) => turns.push(turn));
    server.emit(...script.userSpeech().events);
    expect(await (turns[0] as Turn).done).toMatchObject({ status: 'completed', responses: [], text: '' });
  });

  it("settles when what frees the session is the end of an older turn's response", async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    server.emit(
      script.sessionUpdated({
        audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } },
      }),
    );
    const turns: Turn[] = [];
    session.turns$.subscribe((turn) => turns.push(turn));
    session.sendText('Tell me a story');
    const story = script.textResponse('Once upon a time.');
    server.emit(...story.events.slice(0, 5));
    await tick();
    // The user speaks while the story goes on; server VAD does not answer by itself here.
    server.emit(...script.userSpeech().events);
    await tick();
    const spoken = turns[1] as Turn;
    expect(await settled(spoken)).toBeUndefined();
    server.emit(...story.events.slice(5));
    expect(await spoken.done).toMatchObject({ status: 'completed', responses: [] });
  });

  it('interrupt() on speech_started settles the turn being talked over, not the one the speech starts', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turns: Turn[] = [];
    session.turns$.subscribe((turn) => turns.push(turn));
    session.events$.subscribe((event) => {
      if (event.type === 'input_audio_buffer.speech_started') session.interrupt();
    });
    const first = session.sendText('Tell me a long story');
    const reply = script.audioResponse('Once upon a time', { status: 'cancelled' });
    server.emit(...reply.events.slice(0, 5));
    const speech = script.userSpeech();
    server.emit(speech.events[0] as (typeof speech.events)[0]);
    expect((await settled(first))?.status).toBe('interrupted');
    const spoken = turns[1] as Turn;
    expect(await settled(spoken)).toBeUndefined();

    server.emit(...reply.events.slice(5), ...speech.events.slice(1), ...script.audioResponse('Sure.').events);
    expect(await spoken.done).toMatchObject({ status: 'completed', text: 'Sure.' });
  });

  it('commitAudio({ respond: true }) starts an audio turn and asks for its response', async () => {
    const { server, script, session, sentTypes } = await startSession({ agent: assistant(), context: {} });
    const turn = session.commitAudio({ respond: true });
    expect(sentTypes()).toEqual(['session.update', 'input_audio_buffer.commit', 'response.create']);
    server.emit(...script.textResponse('Heard you.').events);
    expect(await turn.done).toMatchObject({ status: 'completed', input: { kind: 'audio' } });
  });

  it('createResponse() starts a response turn, or joins the open one', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const greeting = session.createResponse();
    expect(greeting.input).toEqual({ kind: 'response' });
    expect(session.createResponse()).toBe(greeting);
    // Two requests, two responses, one turn.
    server.emit(...script.textResponse('Welcome!').events);
    await server.waitForSent('response.create', { since: 2 });
    server.emit(...script.textResponse('How can I help?').events);
    expect((await greeting.done).text).toBe('Welcome!\nHow can I help?');
  });

  it('a response the server starts with no turn open starts a turn; out-of-band responses start none', async () => {
    const { server, script, session } = await startSession({ agent: assistant(), context: {} });
    const turns: Turn[] = [];
    session.turns$.subscribe((turn) => turns.push(turn));
    const outOfBand = script
      .textResponse('summary')
      .events.map((event) =>
        event.type === 'response.created' || event.type === 'response.done'
          ? { ...event, response: { ...event.response, conversation_id: null } }
          : event,
      );
    server.emit(...outOfBand);
    expect(turns).toEqual([]);
    expect(session.createResponse({ conversation: 'none' })).toBeUndefined();

    server.emit(...script.textResponse('Unprompted hello').events);
    expect(turns.map((turn) => turn.input.kind)).toEqual(['response']);
    expect((await (turns[0] as Turn).done).text).toBe('Unprompted hello');
  });
});
