import { createServerScript } from '@switchboard/core/testing';
import { describe, expect, it } from 'vitest';
import { inspectCall } from '../src/index.js';
import { audioDelta, phoneCallFixture, recordDemoCall, recording } from './helpers.js';

const sessionUpdate = (tools: readonly string[]) =>
  ({
    type: 'session.update',
    session: { type: 'realtime', tools: tools.map((name) => ({ type: 'function' as const, name })) },
  }) as const;

const output = (callId: string, text: string) =>
  ({
    type: 'conversation.item.create',
    item: { type: 'function_call_output', call_id: callId, output: text },
  }) as const;

describe('inspectCall', () => {
  it('reads a recorded triage call: agents, handoffs, tool calls with outputs, turns with latency, transcript', async () => {
    const call = inspectCall(await recordDemoCall());

    expect(call.agents.map((agent) => agent.name)).toEqual(['Triage', 'Billing', 'Triage', 'Tech Support']);
    expect(call.handoffs.map(({ kind, from, to }) => `${kind} ${from} → ${to}`)).toEqual([
      'handoff Triage → Billing',
      'handoff Billing → Triage',
      'handoff Triage → Tech Support',
    ]);
    expect(call.tools.map(({ name, agent, kind }) => `${agent}: ${name} (${kind})`)).toEqual([
      'Triage: transfer_to_billing (handoff)',
      'Billing: lookup_invoice (function)',
      'Billing: issue_refund (function)',
      'Billing: transfer_to_triage (handoff)',
      'Triage: transfer_to_tech_support (handoff)',
      'Tech Support: check_outage (function)',
      'Tech Support: create_ticket (function)',
    ]);
    for (const tool of call.tools) {
      expect(tool.end).toBeGreaterThanOrEqual(tool.argumentsDone ?? Number.NaN);
      expect(tool.argumentsDone).toBeGreaterThanOrEqual(tool.start);
    }
    expect(call.tools.find((tool) => tool.name === 'issue_refund')?.output).toBe(
      JSON.stringify({ invoiceId: 'INV-1001', refunded: 49, currency: 'EUR' }),
    );
    expect(call.turns.map((turn) => turn.text)).toEqual([
      'Hi, I think I was charged twice on invoice INV-1001.',
      'Please refund the duplicate charge on invoice INV-1001.',
      'Thanks. Also, my internet is down since this morning.',
      'Can you open a ticket for my internet so a technician calls me?',
      "That's all, thank you!",
    ]);
    expect(call.turns.map((turn) => turn.agent)).toEqual([
      'Billing',
      'Billing',
      'Tech Support',
      'Tech Support',
      'Tech Support',
    ]);
    for (const turn of call.turns) {
      expect(turn.kind).toBe('text');
      expect(turn.latencyMs).toBe(Math.round(((turn.firstAnswer ?? Number.NaN) - turn.end) * 10) / 10);
      expect(turn.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(call.responses.every((response) => response.status === 'completed')).toBe(true);
    expect(call.audio.output.length).toBeGreaterThanOrEqual(5);
    expect(call.audio.output.every((audio) => (audio.bytes ?? 0) > 0 && (audio.audioMs ?? 0) > 0)).toBe(true);
    expect(call.errors).toEqual([]);
    const said = call.transcript.map(
      (line) => `${line.role === 'assistant' ? line.agent : line.role}: ${line.call?.name ?? line.text}`,
    );
    expect(said).toContain('user: Hi, I think I was charged twice on invoice INV-1001.');
    expect(said).toContain('tool: issue_refund');
    expect(said.filter((line) => line.startsWith('Billing: '))).toHaveLength(2);
  });

  it('reads a real-time phone call: spoken turns from VAD with their transcripts, speech and audio spans', () => {
    const call = inspectCall(phoneCallFixture());
    expect(call.agents.map((agent) => agent.name)).toEqual(['Triage', 'Billing', 'Human']);
    expect(call.turns.map(({ kind, text }) => `${kind}: ${text}`)).toEqual([
      'audio: Hi, I think I was charged twice on invoice INV-1001.',
      'audio: Please refund the duplicate charge on invoice INV-1001.',
      'audio: Can I talk to a person please?',
    ]);
    expect(call.audio.speech).toHaveLength(3);
    call.turns.forEach((turn, i) => {
      expect(turn.start).toBe(call.audio.speech[i]?.start);
      expect(turn.end).toBe(call.audio.speech[i]?.end);
      expect(turn.end - turn.start).toBeGreaterThan(1000);
    });
    // µ-law at 8 kHz: one byte per sample, 8 per ms.
    const [input] = call.audio.input;
    expect(input?.audioMs).toBeCloseTo((input?.bytes ?? 0) / 8);
    expect(call.audio.output.map((audio) => Math.round((audio.audioMs ?? 0) / 100) / 10)).toEqual([
      9.4, 6.2, 2.9,
    ]);
  });

  it("a spoken turn's latency runs from speech_stopped to the first audio of a response created after it", () => {
    const script = createServerScript();
    const late = script.textResponse('the interrupted answer');
    const answer = script.textResponse('the real answer');
    const { entries } = recording()
      .server(late.events[0])
      .server({
        type: 'input_audio_buffer.speech_started',
        event_id: 'e1',
        audio_start_ms: 100,
        item_id: 'item_u',
      })
      .wait(400)
      .server({
        type: 'input_audio_buffer.speech_stopped',
        event_id: 'e2',
        audio_end_ms: 900,
        item_id: 'item_u',
      })
      // A delta of the response that was speaking before the caller: not this turn's answer.
      .server(audioDelta(late.responseId, late.itemIds[0] as string))
      .server(answer.events[0])
      .wait(230)
      .server(audioDelta(answer.responseId, answer.itemIds[0] as string));
    const [turn] = inspectCall(entries).turns;
    expect(turn).toMatchObject({
      kind: 'audio',
      start: 20,
      end: 430,
      itemId: 'item_u',
      firstAnswer: 690,
      latencyMs: 260,
    });
  });

  it('a turn answered only after the next one started has no latency', () => {
    const { entries } = recording()
      .client({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'one' }] },
      })
      .client({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'two' }] },
      })
      .server(...createServerScript().textResponse('hello').events);
    const turns = inspectCall(entries).turns;
    expect(turns.map((turn) => [turn.text, turn.latencyMs])).toEqual([
      ['one', undefined],
      ['two', 50],
    ]);
  });

  it('names an agent never handed to by elimination, and calls a switch without a handoff call a switch', () => {
    const script = createServerScript();
    const transfer = script.functionCallResponse([{ name: 'transfer_to_billing', callId: 'call_t' }]);
    const { entries } = recording()
      .client(sessionUpdate(['transfer_to_billing', 'transfer_to_sales']))
      .server(...transfer.events)
      .client(sessionUpdate(['lookup_invoice', 'transfer_to_front_desk', 'transfer_to_sales']))
      .client(output('call_t', '{"transferred_to":"Billing"}'))
      // The app switches agents itself (a keypad menu): a session.update with no transfer call.
      .client(sessionUpdate(['quote', 'transfer_to_front_desk']));
    const call = inspectCall(entries);
    expect(call.agents.map((agent) => agent.name)).toEqual(['Front desk', 'Billing', 'Sales']);
    expect(call.handoffs.map(({ kind, from, to, callId }) => [kind, from, to, callId])).toEqual([
      ['handoff', 'Front desk', 'Billing', 'call_t'],
      ['switch', 'Billing', 'Sales', undefined],
    ]);
  });

  it('finds errors: server errors, failed responses, malformed events, failed transcriptions, calls with no output', () => {
    const script = createServerScript();
    const calls = script.functionCallResponse([
      { name: 'lookup', callId: 'call_a' },
      { name: 'slow', callId: 'call_b' },
    ]);
    const { entries } = recording()
      .server(...calls.events)
      .client(output('call_a', 'ok'))
      .server(
        script.error(
          'conversation_already_has_active_response',
          'Conversation already has an active response',
        ),
      )
      .server({
        type: 'response.done',
        event_id: 'e',
        response: {
          id: 'resp_f',
          status: 'failed',
          status_details: { type: 'failed', error: { code: 'server_error' } },
        },
      })
      .server({ type: 'response.output_audio.delta', event_id: 'e', delta: 42 })
      .server({
        type: 'conversation.item.input_audio_transcription.failed',
        event_id: 'e',
        item_id: 'i',
        content_index: 0,
        error: { message: 'audio unreadable' },
      });
    const errors = inspectCall(entries).errors.map(({ kind, message }) => `${kind}: ${message}`);
    expect(errors).toEqual([
      'no_output: slow (call_b) got no function_call_output',
      'server_error: conversation_already_has_active_response: Conversation already has an active response',
      'response_failed: response resp_f failed: server_error',
      expect.stringMatching(/^malformed_event: response\.output_audio\.delta: .*delta/),
      'transcription_failed: audio unreadable',
    ]);
  });

  it('summarises audio: appends split at gaps, durations by the session format, output per item and per played response', () => {
    const ulaw100ms = Buffer.alloc(800).toString('base64');
    const { entries } = recording(20)
      .server({
        type: 'session.updated',
        event_id: 'e',
        session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcmu' } } } },
      })
      .client(
        { type: 'input_audio_buffer.append', audio: ulaw100ms },
        { type: 'input_audio_buffer.append', audio: ulaw100ms },
      )
      .wait(1000)
      .client({ type: 'input_audio_buffer.append', audio: ulaw100ms })
      .server(audioDelta('r', 'a'), audioDelta('r', 'a'))
      .server({ type: 'output_audio_buffer.started', event_id: 'e', response_id: 'r2' })
      .wait(500)
      .server({ type: 'output_audio_buffer.stopped', event_id: 'e', response_id: 'r2' });
    const { audio } = inspectCall(entries);
    expect(audio.input).toEqual([
      { start: 40, end: 60, bytes: 1600, audioMs: 200, event: 1 },
      { start: 1080, end: 1080, bytes: 800, audioMs: 100, event: 3 },
    ]);
    expect(audio.output).toEqual([
      { start: 1100, end: 1120, bytes: 9600, audioMs: 200, event: 4 },
      { start: 1140, end: 1660, event: 6 },
    ]);
  });
});
