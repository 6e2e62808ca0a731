import type { ServerEventType } from './server-events/union.js';

/**
 * The tolerance policy for server events (README, "Tolerance"). The fields listed here are the ones
 * the framework acts on: it routes, matches, accumulates or decides with them (the session, the
 * tool dispatcher, the history reducer, the playback tracker, the response sequencer, the
 * transports). They are checked strictly, and an event that breaks one is rejected. Every other
 * field is only carried to the app: a value there that does not match the schema is reported as a
 * `ProtocolWarning` and the event is still delivered.
 *
 * Paths are dotted, `[]` stands for any array index. A field covers what is inside it, and a broken
 * parent (an `item` that is not an object) breaks the fields below it.
 *
 * Keep this table in step with the code: a new reader of a server event field adds its path here.
 */
const ITEM_FIELDS = [
  // Items are matched by id, dispatched by type (and role), and their text is kept in the history
  // and restored after a reconnect; a function call runs from its name, call_id and arguments.
  'id',
  'type',
  'role',
  'content[].text',
  'content[].transcript',
  'call_id',
  'name',
  'arguments',
  'output',
];

function itemAt(prefix: string): string[] {
  return ITEM_FIELDS.map((field) => `${prefix}.${field}`);
}

const STREAMED_PART = ['item_id', 'content_index', 'delta'];

/**
 * Acted-on fields of every GA server event, by type (an empty list: everything is carried). The
 * parser rejects an event that is wrong in one of these, and delivers it with warnings otherwise.
 *
 * @example
 * ```ts
 * import { ACTED_ON_FIELDS } from '@switchboard/core/protocol';
 *
 * ACTED_ON_FIELDS['conversation.item.truncated']; // ['item_id', 'content_index']
 * ```
 */
export const ACTED_ON_FIELDS: { readonly [T in ServerEventType]: readonly string[] } = {
  // ServerError's fields; the sequencer retries on code + event_id; transports read code + message.
  error: ['error.type', 'error.code', 'error.message', 'error.event_id'],
  // Which kind of session; the output format sets the truncation offsets of the playback tracker.
  // A shared session's config watch compares the rest of `session.updated` as untyped JSON
  // (session/config-echo.ts), so those fields stay carried: an echo is compared, never dropped.
  'session.created': ['session.type', 'session.audio.output.format'],
  'session.updated': ['session.type', 'session.audio.output.format'],
  'conversation.created': [],
  'rate_limits.updated': [],
  'conversation.item.added': ['previous_item_id', ...itemAt('item')],
  'conversation.item.done': ['previous_item_id', ...itemAt('item')],
  'conversation.item.created': ['previous_item_id', ...itemAt('item')],
  // `session.retrieveItem()` resolves with the item of the id it asked for.
  'conversation.item.retrieved': itemAt('item'),
  'conversation.item.truncated': ['item_id', 'content_index'],
  'conversation.item.deleted': ['item_id'],
  'conversation.item.input_audio_transcription.delta': STREAMED_PART,
  'conversation.item.input_audio_transcription.completed': ['item_id', 'content_index', 'transcript'],
  'conversation.item.input_audio_transcription.failed': [],
  'conversation.item.input_audio_transcription.segment': [],
  'input_audio_buffer.committed': [],
  'input_audio_buffer.cleared': [],
  'input_audio_buffer.speech_started': [],
  'input_audio_buffer.speech_stopped': [],
  'input_audio_buffer.timeout_triggered': [],
  'input_audio_buffer.dtmf_event_received': [],
  'output_audio_buffer.started': [],
  'output_audio_buffer.stopped': [],
  'output_audio_buffer.cleared': [],
  // The sequencer's slot (id, out of band when conversation_id is null), the dispatcher's calls.
  'response.created': ['response.id', 'response.conversation_id'],
  'response.done': [
    'response.id',
    'response.status',
    'response.conversation_id',
    ...itemAt('response.output[]'),
  ],
  'response.output_item.added': [],
  'response.output_item.done': ['response_id', ...itemAt('item')],
  'response.content_part.added': ['item_id', 'content_index', 'part.type', 'part.text', 'part.transcript'],
  'response.content_part.done': [],
  'response.output_text.delta': STREAMED_PART,
  'response.output_text.done': [],
  'response.output_audio.delta': STREAMED_PART,
  'response.output_audio.done': [],
  'response.output_audio_transcript.delta': STREAMED_PART,
  'response.output_audio_transcript.done': [],
  'response.function_call_arguments.delta': ['item_id', 'delta'],
  'response.function_call_arguments.done': [],
  'mcp_list_tools.in_progress': [],
  'mcp_list_tools.completed': [],
  'mcp_list_tools.failed': [],
  'response.mcp_call_arguments.delta': [],
  'response.mcp_call_arguments.done': [],
  'response.mcp_call.in_progress': [],
  'response.mcp_call.completed': [],
  'response.mcp_call.failed': [],
};

const ANY_INDEX = '[]';

/** `response.output[].call_id` → `['response', 'output', '[]', 'call_id']`. */
function segments(path: string): string[] {
  return path
    .split('.')
    .flatMap((part) => (part.endsWith(ANY_INDEX) ? [part.slice(0, -ANY_INDEX.length), ANY_INDEX] : [part]));
}

const COMPILED: ReadonlyMap<string, readonly (readonly string[])[]> = new Map(
  Object.entries(ACTED_ON_FIELDS).map(([type, paths]) => [type, paths.map(segments)]),
);

/**
 * Whether a problem at `path` (a zod issue path) touches a field the framework acts on in events of
 * `type`: the path is such a field, lies inside one, or is a parent of one.
 */
export function touchesActedOnField(type: string, path: ReadonlyArray<PropertyKey>): boolean {
  const fields = COMPILED.get(type);
  if (fields === undefined) return true;
  return fields.some((field) => {
    const shared = Math.min(field.length, path.length);
    for (let i = 0; i < shared; i++) {
      const key = path[i];
      const segment = typeof key === 'number' ? ANY_INDEX : String(key);
      if (segment !== field[i]) return false;
    }
    return true;
  });
}
