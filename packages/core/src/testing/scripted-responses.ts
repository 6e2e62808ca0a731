import type { ConversationItem, ServerEvent } from '../protocol/index.js';
import type { ScriptedStatus, ScriptState } from './script-state.js';

/** One function call a scripted response makes. `arguments` objects are JSON-encoded; strings are sent as is. */
export interface ScriptedCall {
  readonly name: string;
  readonly arguments?: Record<string, unknown> | string;
  readonly callId?: string;
}

/** A scripted response: its events in wire order, and the ids a test needs to refer to them. */
export interface ScriptedResponse {
  readonly responseId: string;
  readonly events: ServerEvent[];
  readonly itemIds: readonly string[];
  readonly callIds: readonly string[];
}

/** 20 ms of silence, PCM16 24 kHz mono, base64: what the scripted audio deltas carry. */
const SILENCE = btoa('\u0000'.repeat(960));

/** An assistant message response, text or audio (with its transcript), in wire order. */
export function messageResponse(
  state: ScriptState,
  kind: 'text' | 'audio',
  text: string,
  status: ScriptedStatus,
): ScriptedResponse {
  const responseId = state.id('resp');
  const itemId = state.id('item');
  const previous = state.place(itemId);
  const next = () => state.eventId();
  const base = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
  const pending: ConversationItem = {
    type: 'message',
    id: itemId,
    role: 'assistant',
    status: 'in_progress',
    content: [],
  };
  const final: ConversationItem = {
    ...pending,
    status: 'completed',
    content: [kind === 'text' ? { type: 'output_text', text } : { type: 'output_audio', transcript: text }],
  };
  const halves = [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))];
  const streamed: ServerEvent[] =
    kind === 'text'
      ? [
          ...halves.map(
            (delta): ServerEvent => ({
              type: 'response.output_text.delta',
              event_id: next(),
              ...base,
              delta,
            }),
          ),
          { type: 'response.output_text.done', event_id: next(), ...base, text },
        ]
      : [
          ...halves.flatMap((delta): ServerEvent[] => [
            { type: 'response.output_audio.delta', event_id: next(), ...base, delta: SILENCE },
            { type: 'response.output_audio_transcript.delta', event_id: next(), ...base, delta },
          ]),
          { type: 'response.output_audio.done', event_id: next(), ...base },
          { type: 'response.output_audio_transcript.done', event_id: next(), ...base, transcript: text },
        ];
  const part =
    kind === 'text' ? { type: 'text' as const, text } : { type: 'audio' as const, transcript: text };
  const events: ServerEvent[] = [
    state.responseCreated(responseId, kind),
    {
      type: 'response.output_item.added',
      event_id: next(),
      response_id: responseId,
      output_index: 0,
      item: pending,
    },
    { type: 'conversation.item.added', event_id: next(), previous_item_id: previous, item: pending },
    {
      type: 'response.content_part.added',
      event_id: next(),
      ...base,
      part: kind === 'text' ? { type: 'text', text: '' } : { type: 'audio', transcript: '' },
    },
    ...streamed,
    { type: 'response.content_part.done', event_id: next(), ...base, part },
    {
      type: 'response.output_item.done',
      event_id: next(),
      response_id: responseId,
      output_index: 0,
      item: final,
    },
    { type: 'conversation.item.done', event_id: next(), previous_item_id: previous, item: final },
    ...state.responseEnd(responseId, [final], status, kind),
  ];
  return { responseId, events, itemIds: [itemId], callIds: [] };
}

/** A response whose output is one or more function calls (parallel calls when several). */
export function functionCallResponse(
  state: ScriptState,
  calls: readonly ScriptedCall[],
  status: ScriptedStatus,
): ScriptedResponse {
  const responseId = state.id('resp');
  const next = () => state.eventId();
  const events: ServerEvent[] = [state.responseCreated(responseId, 'text')];
  const output: ConversationItem[] = [];
  const itemIds: string[] = [];
  const callIds: string[] = [];
  calls.forEach((call, outputIndex) => {
    const itemId = state.id('item');
    const callId = call.callId ?? state.id('call');
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
    const previous = state.place(itemId);
    const pending: ConversationItem = {
      type: 'function_call',
      id: itemId,
      call_id: callId,
      name: call.name,
      arguments: '',
      status: 'in_progress',
    };
    const final: ConversationItem = { ...pending, arguments: args, status: 'completed' };
    const base = { response_id: responseId, item_id: itemId, output_index: outputIndex, call_id: callId };
    events.push(
      {
        type: 'response.output_item.added',
        event_id: next(),
        response_id: responseId,
        output_index: outputIndex,
        item: pending,
      },
      { type: 'conversation.item.added', event_id: next(), previous_item_id: previous, item: pending },
      { type: 'response.function_call_arguments.delta', event_id: next(), ...base, delta: args },
      {
        type: 'response.function_call_arguments.done',
        event_id: next(),
        ...base,
        name: call.name,
        arguments: args,
      },
      {
        type: 'response.output_item.done',
        event_id: next(),
        response_id: responseId,
        output_index: outputIndex,
        item: final,
      },
      { type: 'conversation.item.done', event_id: next(), previous_item_id: previous, item: final },
    );
    output.push(final);
    itemIds.push(itemId);
    callIds.push(callId);
  });
  events.push(...state.responseEnd(responseId, output, status, 'text'));
  return { responseId, events, itemIds, callIds };
}
