import { isRecord } from '../is-record.js';
import {
  itemFromBeta,
  itemToBeta,
  responseFromBeta,
  responseParamsFromBeta,
  responseParamsToBeta,
  responseToBeta,
} from './beta-items.js';
import {
  sessionFromBeta,
  sessionToBeta,
  transcriptionSessionFromBeta,
  transcriptionSessionToBeta,
} from './beta-session.js';
import { mapField } from './shape.js';
import type { Dialect } from './types.js';

type EventMap = (event: Record<string, unknown>) => Record<string, unknown>;

/** Beta server event names → GA names (the rest are the same in both). */
const SERVER_NAMES_FROM_BETA: ReadonlyMap<string, string> = new Map([
  ['conversation.item.created', 'conversation.item.added'],
  ['response.text.delta', 'response.output_text.delta'],
  ['response.text.done', 'response.output_text.done'],
  ['response.audio.delta', 'response.output_audio.delta'],
  ['response.audio.done', 'response.output_audio.done'],
  ['response.audio_transcript.delta', 'response.output_audio_transcript.delta'],
  ['response.audio_transcript.done', 'response.output_audio_transcript.done'],
]);

const SERVER_NAMES_TO_BETA: ReadonlyMap<string, string> = new Map(
  [...SERVER_NAMES_FROM_BETA].map(([beta, ga]) => [ga, beta]),
);

/**
 * GA server events with no beta twin. {@link betaDialect}'s `serverEventFromCanonical` passes them
 * through under their GA name (with beta-shaped payloads); a server speaking beta should not send
 * them at all: `if (GA_ONLY_SERVER_EVENT_TYPES.has(event.type)) return;`.
 * `conversation.item.done` is the important one: beta clients learn an item is finished from
 * `response.output_item.done` (model items) or `conversation.item.created` (their own items).
 */
export const GA_ONLY_SERVER_EVENT_TYPES: ReadonlySet<string> = new Set([
  'conversation.item.done',
  'conversation.item.input_audio_transcription.segment',
  'input_audio_buffer.timeout_triggered',
  'input_audio_buffer.dtmf_event_received',
  'mcp_list_tools.in_progress',
  'mcp_list_tools.completed',
  'mcp_list_tools.failed',
  'response.mcp_call_arguments.delta',
  'response.mcp_call_arguments.done',
  'response.mcp_call.in_progress',
  'response.mcp_call.completed',
  'response.mcp_call.failed',
]);

/** A GA session event or `session.update` about a transcription-only session. */
function isTranscription(event: Record<string, unknown>): boolean {
  return isRecord(event.session) && event.session.type === 'transcription';
}

/**
 * GA `session.*` event ↔ beta: a realtime session keeps the name and maps its session; a
 * transcription session is what beta sends as `transcription_session.*` (and what a beta client
 * updates with `transcription_session.update`).
 */
function sessionEventToBeta(betaName: string): EventMap {
  return (event) =>
    isTranscription(event)
      ? { ...mapField(event, 'session', transcriptionSessionToBeta), type: betaName }
      : mapField(event, 'session', sessionToBeta);
}

function transcriptionEventFromBeta(gaName: string): EventMap {
  return (event) => ({ ...mapField(event, 'session', transcriptionSessionFromBeta), type: gaName });
}

/** Payload mappers per event type, after renaming; types not listed carry no dialect-specific payload. */
function payloadMaps(item: EventMap, response: EventMap): Map<string, EventMap> {
  const withItem: EventMap = (event) => mapField(event, 'item', item);
  const withResponse: EventMap = (event) => mapField(event, 'response', response);
  return new Map([
    ['conversation.item.added', withItem],
    ['conversation.item.created', withItem],
    ['conversation.item.done', withItem],
    ['conversation.item.retrieved', withItem],
    ['response.output_item.added', withItem],
    ['response.output_item.done', withItem],
    ['response.created', withResponse],
    ['response.done', withResponse],
  ]);
}

const withSessionFromBeta: EventMap = (event) => mapField(event, 'session', sessionFromBeta);

const SERVER_FROM_BETA: ReadonlyMap<string, EventMap> = payloadMaps(itemFromBeta, responseFromBeta)
  .set('session.created', withSessionFromBeta)
  .set('session.updated', withSessionFromBeta)
  .set('transcription_session.created', transcriptionEventFromBeta('session.created'))
  .set('transcription_session.updated', transcriptionEventFromBeta('session.updated'));

const SERVER_TO_BETA: ReadonlyMap<string, EventMap> = payloadMaps(itemToBeta, responseToBeta)
  .set('session.created', sessionEventToBeta('transcription_session.created'))
  .set('session.updated', sessionEventToBeta('transcription_session.updated'));

const CLIENT_FROM_BETA: ReadonlyMap<string, EventMap> = new Map<string, EventMap>([
  ['session.update', (event) => mapField(event, 'session', sessionFromBeta)],
  ['transcription_session.update', transcriptionEventFromBeta('session.update')],
  ['conversation.item.create', (event) => mapField(event, 'item', itemFromBeta)],
  ['response.create', (event) => mapField(event, 'response', responseParamsFromBeta)],
]);

const CLIENT_TO_BETA: ReadonlyMap<string, EventMap> = new Map<string, EventMap>([
  ['session.update', sessionEventToBeta('transcription_session.update')],
  ['conversation.item.create', (event) => mapField(event, 'item', itemToBeta)],
  ['response.create', (event) => mapField(event, 'response', responseParamsToBeta)],
]);

/** Renames the event when `names` has its type, then maps its payload when `payloads` has the new type. */
function translate(
  event: Record<string, unknown>,
  names: ReadonlyMap<string, string>,
  payloads: ReadonlyMap<string, EventMap>,
): Record<string, unknown> {
  const type = event.type;
  if (typeof type !== 'string') return event;
  const renamed = names.get(type);
  const named = renamed === undefined ? event : { ...event, type: renamed };
  const payload = payloads.get(renamed ?? type);
  return payload === undefined ? named : payload(named);
}

const NO_RENAMES: ReadonlyMap<string, string> = new Map();

/**
 * The beta Realtime API (`OpenAI-Beta: realtime=v1`, models `gpt-4o-realtime-preview…`) mapped to and
 * from the canonical GA form.
 *
 * - Event names: `response.text.*` ↔ `response.output_text.*`, `response.audio.*` ↔
 *   `response.output_audio.*`, `response.audio_transcript.*` ↔ `response.output_audio_transcript.*`,
 *   `conversation.item.created` ↔ `conversation.item.added`. Client event names are the same in both.
 * - Session (`session.update`, `session.created`, `session.updated`): flat beta fields ↔ GA `audio`
 *   block, `modalities` ↔ `output_modalities`, `max_response_output_tokens` ↔ `max_output_tokens`,
 *   `type: 'realtime'` added / dropped (see `sessionToBeta`).
 * - Transcription sessions: beta `transcription_session.created` / `.updated` ↔ GA `session.created` /
 *   `.updated` with a `type: 'transcription'` session, and beta `transcription_session.update` ↔ GA
 *   `session.update` of one; flat `input_audio_*` fields ↔ `audio.input` (see
 *   `transcriptionSessionToBeta`).
 * - Items: assistant content parts `text` / `audio` ↔ `output_text` / `output_audio`.
 * - `response.create` params and the response object: `modalities`, `voice`, `output_audio_format`
 *   (and `max_response_output_tokens` for params) ↔ their GA places.
 *
 * Things with no twin:
 * - GA `conversation.item.done` (and the other {@link GA_ONLY_SERVER_EVENT_TYPES}) keep their GA name
 *   when mapped to beta; a beta server should drop them. On a beta connection the framework never
 *   receives `conversation.item.done`, so history relies on `conversation.item.added` plus the deltas
 *   and `response.output_item.done`.
 * - GA-only fields (`truncation`, `prompt`, `include`, `reasoning`, MCP tools, custom `{ id }` voices,
 *   formats other than 24 kHz PCM) stay where they are; beta-only fields (`temperature`,
 *   `client_secret`, a transcription session's `modalities`, beta's `item_reference` content parts)
 *   pass through unchanged and surface as unknown fields.
 * - Beta `response.function_call_arguments.done` has no `name`; the canonical schema makes it optional.
 * - Normalisations that do not round-trip byte for byte: GA `['audio']` ↔ beta `['text', 'audio']`, a GA
 *   pcm format without `rate` comes back with `rate: 24000`, a GA-typed `conversation.item.created` comes
 *   back as `conversation.item.added`.
 *
 * All functions are pure and never mutate their input; events that need no change are returned as the
 * same object.
 *
 * @example
 * ```ts
 * import { betaDialect } from '@switchboard/core/protocol';
 *
 * betaDialect.serverEventToCanonical({ type: 'response.text.delta', response_id: 'resp_1', delta: 'Hi' });
 * // → { type: 'response.output_text.delta', response_id: 'resp_1', delta: 'Hi' }
 * ```
 */
export const betaDialect: Dialect = Object.freeze({
  name: 'beta',
  serverEventToCanonical: (raw: Record<string, unknown>) =>
    translate(raw, SERVER_NAMES_FROM_BETA, SERVER_FROM_BETA),
  serverEventFromCanonical: (event: Record<string, unknown>) =>
    translate(event, SERVER_NAMES_TO_BETA, SERVER_TO_BETA),
  clientEventToCanonical: (raw: Record<string, unknown>) => translate(raw, NO_RENAMES, CLIENT_FROM_BETA),
  clientEventFromCanonical: (event: Record<string, unknown>) => translate(event, NO_RENAMES, CLIENT_TO_BETA),
});
