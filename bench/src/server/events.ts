/**
 * The server events the benchmark model sends, as JSON text frames. Every id is derived from the
 * round number and the connection's own counters, never from which client is connected, so both
 * frameworks receive byte-identical frames for the same round of the same workload.
 */

/** One function call the model makes in a response. */
export interface ScriptedCall {
  readonly name: string;
  readonly arguments: string;
}

const SESSION = {
  type: 'realtime',
  object: 'realtime.session',
  id: 'sess_bench000000000000000',
  model: 'gpt-realtime',
  output_modalities: ['audio'],
  instructions: '',
  tools: [],
  tool_choice: 'auto',
  max_output_tokens: 'inf',
  tracing: null,
  audio: {
    input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: null, turn_detection: null },
    output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1 },
  },
};

const USAGE = {
  total_tokens: 412,
  input_tokens: 380,
  output_tokens: 32,
  input_token_details: { text_tokens: 380, audio_tokens: 0, cached_tokens: 0 },
  output_token_details: { text_tokens: 32, audio_tokens: 0 },
};

/** Zero-padded like the API's fixed-width ids, so frame sizes stay realistic and stable. */
function id(prefix: string, round: number, suffix = ''): string {
  return `${prefix}_B${String(round).padStart(12, '0')}${suffix}`;
}

function response(round: number, status: 'in_progress' | 'completed', output: readonly object[]) {
  return {
    object: 'realtime.response',
    id: id('resp', round),
    status,
    status_details: null,
    output,
    conversation_id: 'conv_bench00000000000000',
    output_modalities: ['audio'],
    max_output_tokens: 'inf',
    audio: { output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' } },
    usage: status === 'completed' ? USAGE : null,
    metadata: null,
  };
}

/** `session.created`, the first frame of every connection. */
export function sessionCreated(): string {
  return JSON.stringify({ type: 'session.created', event_id: 'event_Bsession_created', session: SESSION });
}

/** `session.updated` echoing the fields the client sent (as the API does, on top of its defaults). */
export function sessionUpdated(eventNumber: number, update: Record<string, unknown>): string {
  return JSON.stringify({
    type: 'session.updated',
    event_id: id('event', eventNumber, 'su'),
    session: { ...SESSION, ...update },
  });
}

/**
 * A whole function-calling response, in the API's order: `response.created`, then per call
 * `output_item.added`, `conversation.item.added`, one arguments delta, `arguments.done`,
 * `conversation.item.done`, `output_item.done`, and finally `response.done` holding every call.
 * `previousItemId` is the last item of the conversation before this response.
 */
export function functionCallResponse(
  round: number,
  calls: readonly ScriptedCall[],
  previousItemId: string | null,
): string[] {
  const frames: string[] = [];
  let event = 0;
  const eventId = () => id('event', round, `r${event++}`);
  frames.push(
    JSON.stringify({
      type: 'response.created',
      event_id: eventId(),
      response: response(round, 'in_progress', []),
    }),
  );
  const done: object[] = [];
  let previous = previousItemId;
  calls.forEach((call, index) => {
    const itemId = id('item', round, `c${index}`);
    const theCallId = callId(round, index);
    const started = {
      id: itemId,
      object: 'realtime.item',
      type: 'function_call',
      status: 'in_progress',
      name: call.name,
      call_id: theCallId,
      arguments: '',
    };
    const finished = { ...started, status: 'completed', arguments: call.arguments };
    const at = { response_id: id('resp', round), output_index: index };
    frames.push(
      JSON.stringify({ type: 'response.output_item.added', event_id: eventId(), ...at, item: started }),
    );
    frames.push(
      JSON.stringify({
        type: 'conversation.item.added',
        event_id: eventId(),
        previous_item_id: previous,
        item: started,
      }),
    );
    frames.push(
      JSON.stringify({
        type: 'response.function_call_arguments.delta',
        event_id: eventId(),
        ...at,
        item_id: itemId,
        call_id: theCallId,
        delta: call.arguments,
      }),
    );
    frames.push(
      JSON.stringify({
        type: 'response.function_call_arguments.done',
        event_id: eventId(),
        ...at,
        item_id: itemId,
        call_id: theCallId,
        name: call.name,
        arguments: call.arguments,
      }),
    );
    frames.push(
      JSON.stringify({
        type: 'conversation.item.done',
        event_id: eventId(),
        previous_item_id: previous,
        item: finished,
      }),
    );
    frames.push(
      JSON.stringify({ type: 'response.output_item.done', event_id: eventId(), ...at, item: finished }),
    );
    done.push(finished);
    previous = itemId;
  });
  frames.push(
    JSON.stringify({
      type: 'response.done',
      event_id: eventId(),
      response: response(round, 'completed', done),
    }),
  );
  return frames;
}

/** The short answer the model gives after the tool outputs (a response with no output items). */
export function emptyResponse(round: number): string[] {
  const created = response(round, 'in_progress', []);
  return [
    JSON.stringify({
      type: 'response.created',
      event_id: id('event', round, 'f0'),
      response: { ...created, id: id('resp', round, 'f') },
    }),
    JSON.stringify({
      type: 'response.done',
      event_id: id('event', round, 'f1'),
      response: { ...response(round, 'completed', []), id: id('resp', round, 'f') },
    }),
  ];
}

/** `conversation.item.added` + `conversation.item.done` for an item the client created. */
export function itemCreated(
  eventNumber: number,
  item: Record<string, unknown>,
  previousItemId: string | null,
): string[] {
  const stored = { ...item, id: id('item', eventNumber, 'u'), object: 'realtime.item', status: 'completed' };
  return [
    JSON.stringify({
      type: 'conversation.item.added',
      event_id: id('event', eventNumber, 'ia'),
      previous_item_id: previousItemId,
      item: stored,
    }),
    JSON.stringify({
      type: 'conversation.item.done',
      event_id: id('event', eventNumber, 'id'),
      previous_item_id: previousItemId,
      item: stored,
    }),
  ];
}

/** The id `itemCreated` gives the client's item number `eventNumber`. */
export function createdItemId(eventNumber: number): string {
  return id('item', eventNumber, 'u');
}

/** The `call_id` of call number `index` (from 0) of round `round`. */
export function callId(round: number, index: number): string {
  return id('call', round, `c${index}`);
}

/** The id of the last call item of a function-call response. */
export function lastCallItemId(round: number, calls: number): string {
  return id('item', round, `c${calls - 1}`);
}
