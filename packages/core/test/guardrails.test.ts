import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AgentConfigError,
  DEFAULT_GUARDRAIL_DEBOUNCE_MS,
  DEFAULT_SAFE_LINE,
  defineAgent,
  GuardrailError,
  RealtimeSession,
  SessionOptionError,
} from '../src/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { deferred } from './fixtures.js';
import { guardedSession, phraseGuardrail, settle, streamed } from './guardrail-fixtures.js';

// Issue 16, point 5: what a tripped guardrail does, on the wire, in order.

afterEach(() => {
  vi.useRealTimers();
});

const SAFE = 'I cannot share that.';
const safeLineCreate = (modality: 'audio' | 'text') => ({
  type: 'response.create',
  event_id: 'sb_safe_line_1',
  response: expect.objectContaining({
    conversation: 'none',
    input: [],
    output_modalities: [modality],
    instructions: expect.stringContaining(`"${SAFE}"`),
    metadata: { switchboard_guardrail: 'sb_safe_line_1' },
  }),
});
const safeLineItem = {
  type: 'conversation.item.create',
  item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: SAFE }] },
};

describe('output guardrails', () => {
  it('a trip mid-response cancels it, truncates at what the app played, adds and says the safe line', async () => {
    const { guardrail } = phraseGuardrail('codes', /vault code/i);
    const { server, script, sent, events } = await guardedSession({
      output: [guardrail],
      safeLine: SAFE,
      playedMs: () => 30,
    });
    const stream = streamed(script.audioResponse('unused'));
    server.emit(...stream.opening, ...stream.spoken('Here it is. '), ...stream.spoken('The vault code'));
    await vi.advanceTimersByTimeAsync(DEFAULT_GUARDRAIL_DEBOUNCE_MS);
    expect(sent()).toEqual([
      { type: 'response.cancel', response_id: stream.ids.response_id },
      { type: 'conversation.item.truncate', item_id: stream.ids.item_id, content_index: 0, audio_end_ms: 30 },
      safeLineItem,
      safeLineCreate('audio'),
    ]);
    expect(events).toEqual([
      {
        type: 'guardrail_tripped',
        side: 'output',
        guardrail: 'codes',
        agent: 'Support',
        text: 'Here it is. The vault code',
        reason: 'says vault code',
        failed: false,
        itemId: stream.ids.item_id,
        responseId: stream.ids.response_id,
        action: {
          cancelledResponseId: stream.ids.response_id,
          flush: 'app',
          truncatedAtMs: 30,
          removedItemId: undefined,
          safeLine: SAFE,
        },
      },
    ]);
  });

  it('without playedMs the item is truncated at 0: nothing is known to have been heard', async () => {
    const { guardrail } = phraseGuardrail('codes', /vault code/i);
    const { server, script, sent } = await guardedSession({ output: [guardrail] });
    server.emit(...script.audioResponse('The vault code is 4815.').events);
    await settle();
    // The response ended before its check did: nothing to cancel, still truncated and replaced.
    expect(sent().map((event) => event.type)).toEqual([
      'conversation.item.truncate',
      'conversation.item.create',
      'response.create',
    ]);
    expect(sent()[0]).toMatchObject({ audio_end_ms: 0 });
    expect(sent()[1]).toMatchObject({ item: { content: [{ text: DEFAULT_SAFE_LINE }] } });
  });

  it('when the server plays the audio (WebRTC, SIP) it clears its buffer; the app has nothing to flush', async () => {
    const { guardrail } = phraseGuardrail('codes', /vault code/i);
    const { server, script, sent, events } = await guardedSession(
      { output: [guardrail], safeLine: SAFE },
      { playback: 'server' },
    );
    const stream = streamed(script.audioResponse('unused'));
    server.emit(...stream.opening, ...stream.spoken('The vault code'));
    await vi.advanceTimersByTimeAsync(DEFAULT_GUARDRAIL_DEBOUNCE_MS);
    expect(sent()).toEqual([
      { type: 'response.cancel', response_id: stream.ids.response_id },
      { type: 'output_audio_buffer.clear' },
      safeLineItem,
      safeLineCreate('audio'),
    ]);
    expect(events[0]?.action).toMatchObject({ flush: 'server', truncatedAtMs: undefined });
  });

  it('in a text session the answer is cancelled and removed, and the safe line comes as text', async () => {
    const { guardrail } = phraseGuardrail('codes', /vault code/i);
    const { server, script, sent, events } = await guardedSession(
      { output: [guardrail], safeLine: SAFE },
      { text: true },
    );
    const stream = streamed(script.textResponse('unused'));
    server.emit(...stream.opening, stream.typed('The vault code'));
    await vi.advanceTimersByTimeAsync(DEFAULT_GUARDRAIL_DEBOUNCE_MS);
    expect(sent()).toEqual([
      { type: 'response.cancel', response_id: stream.ids.response_id },
      { type: 'conversation.item.delete', item_id: stream.ids.item_id },
      safeLineItem,
      safeLineCreate('text'),
    ]);
    expect(events[0]?.action).toMatchObject({ flush: undefined, removedItemId: stream.ids.item_id });
  });

  it("the agent's guardrails run with the session's, its safe line wins, and false says nothing", async () => {
    const session = phraseGuardrail('session_rule', /never/);
    const own = phraseGuardrail('agent_rule', /refund guaranteed/i);
    const agent = defineAgent({
      name: 'Billing',
      instructions: 'Bill.',
      guardrails: { output: [own.guardrail], safeLine: false },
    });
    const { server, script, sent, events } = await guardedSession(
      { output: [session.guardrail], safeLine: SAFE },
      { agent },
    );
    server.emit(...script.audioResponse('Your refund guaranteed.').events);
    await settle();
    expect(session.seen).toEqual(['Your refund guaranteed.']);
    expect(events.map((event) => [event.guardrail, event.agent, event.action.safeLine])).toEqual([
      ['agent_rule', 'Billing', undefined],
    ]);
    expect(sent().map((event) => event.type)).toEqual(['conversation.item.truncate']);
  });

  it("a check that throws is a GuardrailError on errors$ and trips (fail closed); with 'pass' it lets the text go", async () => {
    const throws = {
      name: 'moderation',
      check: () => {
        throw new Error('moderation endpoint down');
      },
    };
    for (const onCheckError of ['trip', 'pass'] as const) {
      const { server, script, errors, events } = await guardedSession({ output: [throws], onCheckError });
      server.emit(...script.audioResponse('Hello.').events);
      await settle();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(GuardrailError);
      expect(errors[0]).toMatchObject({
        code: 'guardrail_failed',
        reason: 'threw',
        outcome: onCheckError === 'trip' ? 'tripped' : 'passed',
      });
      expect(events.map((event) => event.failed)).toEqual(onCheckError === 'trip' ? [true] : []);
    }
  });

  it('a verdict that is neither a boolean nor { tripped } is a failed check (invalid_verdict)', async () => {
    const odd = { name: 'odd', check: () => 'yes' as unknown as boolean };
    const { server, script, errors } = await guardedSession({ output: [odd], onCheckError: 'pass' });
    server.emit(...script.audioResponse('Hello.').events);
    await settle();
    expect(errors.map((error) => (error as GuardrailError).reason)).toEqual(['invalid_verdict']);
  });

  it('interrupt() cancels the safe line while it is said', async () => {
    const { guardrail } = phraseGuardrail('codes', /vault code/i);
    const { server, script, session, sent } = await guardedSession({ output: [guardrail], safeLine: SAFE });
    server.emit(...script.audioResponse('The vault code is 4815.').events);
    await settle();
    const line = {
      id: 'resp_line',
      conversation_id: null,
      metadata: { switchboard_guardrail: 'sb_safe_line_1' },
    };
    server.emit({
      type: 'response.created',
      event_id: 'ev_l1',
      response: { ...line, status: 'in_progress' },
    });
    session.interrupt();
    expect(sent().at(-1)).toEqual({ type: 'response.cancel', response_id: 'resp_line' });
  });
});

describe('input guardrails', () => {
  it('typed text waits for them: the response is asked for only once they pass', async () => {
    const answer = deferred<boolean>();
    const { session, sent } = await guardedSession({
      input: [{ name: 'slow', check: () => answer.promise }],
    });
    session.sendText('Hello');
    await settle();
    expect(sent().map((event) => event.type)).toEqual(['conversation.item.create']);
    answer.resolve(false);
    await settle();
    expect(sent().map((event) => event.type)).toEqual(['conversation.item.create', 'response.create']);
  });

  it('a trip on typed text blocks the turn: no response for it, the text removed, the safe line said', async () => {
    const { guardrail } = phraseGuardrail('cards', /\d{16}/);
    const { session, sent, events } = await guardedSession({ input: [guardrail], safeLine: SAFE });
    const turn = session.sendText('My card is 4111111111111111');
    await settle();
    expect(sent()).toEqual([
      {
        type: 'conversation.item.create',
        item: expect.objectContaining({ id: 'sb_typed_1', role: 'user' }),
      },
      { type: 'conversation.item.delete', item_id: 'sb_typed_1' },
      safeLineItem,
      safeLineCreate('audio'),
    ]);
    expect(events[0]).toMatchObject({ side: 'input', guardrail: 'cards', itemId: 'sb_typed_1' });
    expect(events[0]?.action).toMatchObject({ cancelledResponseId: undefined, removedItemId: 'sb_typed_1' });
    // The turn ends with no response: guardrails$ says why.
    await expect(turn.done).resolves.toMatchObject({ status: 'completed', responses: [] });
  });

  it('typed text that asks for no response is checked too, and removed when it trips', async () => {
    const { guardrail } = phraseGuardrail('cards', /\d{16}/);
    const { session, sent } = await guardedSession({ input: [guardrail], safeLine: false });
    session.sendText('Card 4111111111111111', { respond: false });
    session.sendText('A note', { role: 'system', respond: false });
    await settle();
    expect(sent().map((event) => [event.type, 'item_id' in event ? event.item_id : undefined])).toEqual([
      ['conversation.item.create', undefined],
      ['conversation.item.create', undefined],
      ['conversation.item.delete', 'sb_typed_1'],
    ]);
  });

  it('a trip on a speech transcript cancels the response server VAD started, and removes the speech', async () => {
    const { guardrail } = phraseGuardrail('cards', /\d{16}/);
    const { server, script, sent, events } = await guardedSession({
      input: [guardrail],
      safeLine: SAFE,
      playedMs: () => 0,
    });
    const speech = script.userSpeech();
    const answer = streamed(script.audioResponse('unused'));
    server.emit(...speech.events, ...answer.opening, ...answer.spoken('Sure'));
    server.emit({
      type: 'conversation.item.input_audio_transcription.completed',
      event_id: 'ev_t1',
      item_id: speech.itemId,
      content_index: 0,
      transcript: 'My card is 4111111111111111',
    });
    await settle();
    expect(sent()).toEqual([
      { type: 'response.cancel', response_id: answer.ids.response_id },
      { type: 'conversation.item.truncate', item_id: answer.ids.item_id, content_index: 0, audio_end_ms: 0 },
      { type: 'conversation.item.delete', item_id: speech.itemId },
      safeLineItem,
      safeLineCreate('audio'),
    ]);
    expect(events[0]?.action).toMatchObject({ flush: 'app', cancelledResponseId: answer.ids.response_id });
  });
});

describe('input guardrails on speech whose response is asked for', () => {
  it('a trip before the response starts cancels it as it comes (response.cancel without an id)', async () => {
    const { guardrail } = phraseGuardrail('cards', /\d{16}/);
    const { server, script, session, sent } = await guardedSession({ input: [guardrail], safeLine: false });
    session.commitAudio({ respond: true });
    const speech = script.userSpeech({ transcript: 'My card is 4111111111111111' });
    // The server's commit, the item and its transcript; the response asked for has not started yet.
    server.emit(...speech.events.slice(2));
    await settle();
    expect(sent().map((event) => event.type)).toEqual([
      'input_audio_buffer.commit',
      'response.create',
      'response.cancel',
      'conversation.item.delete',
    ]);
    expect(sent()[2]).toEqual({ type: 'response.cancel' });
  });
});

describe('guardrail options', () => {
  it('are checked when the session or the agent is made, naming the field', () => {
    const transport = createScriptedTransport().transport;
    const agent = defineAgent({ name: 'A', instructions: 'x' });
    const make = (guardrails: unknown) =>
      new RealtimeSession({ agent, context: {}, transport, guardrails: guardrails as never });
    expect(() => make({ output: [{ name: 'x' }] })).toThrow(SessionOptionError);
    expect(() => make({ output: [{ name: 'x' }] })).toThrow(/"guardrails\.output\[0\]"/);
    expect(() => make({ input: [{ name: '', check: () => false }] })).toThrow(
      /"guardrails\.input\[0\]\.name"/,
    );
    expect(() => make({ debounceMs: -1 })).toThrow(/"guardrails\.debounceMs"/);
    expect(() => make({ debounceMs: 100, maxWaitMs: 50 })).toThrow(/"guardrails\.maxWaitMs"/);
    expect(() => make({ timeoutMs: 0 })).toThrow(/"guardrails\.timeoutMs"/);
    expect(() => make({ onCheckError: 'maybe' })).toThrow(/"guardrails\.onCheckError"/);
    expect(() => make({ safeLine: '' })).toThrow(/"guardrails\.safeLine"/);
    expect(() =>
      defineAgent({ name: 'B', instructions: 'x', guardrails: { output: 'nope' as never } }),
    ).toThrow(AgentConfigError);
  });
});
