import { z } from 'zod';
import { ConversationItemSchema } from './items.js';
import { ResponseCreateParamsSchema } from './response.js';
import { AnySessionConfigSchema } from './session.js';

/** Every client event may carry an `event_id`; an `error` it causes echoes it back. */
const clientBase = { event_id: z.string().optional() };

/** `session.update`: change the fields present in `session` (`type` is required by the GA API). */
export const SessionUpdateEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('session.update'),
  session: AnySessionConfigSchema,
});

/** `input_audio_buffer.append`: base64 audio in the session's input format (at most 15 MiB per event). */
export const InputAudioBufferAppendEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('input_audio_buffer.append'),
  audio: z.string(),
});

/** `input_audio_buffer.commit`: turn the buffered audio into a user message item (without server VAD). */
export const InputAudioBufferCommitEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('input_audio_buffer.commit'),
});

/** `input_audio_buffer.clear`: drop the buffered audio. */
export const InputAudioBufferClearEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('input_audio_buffer.clear'),
});

/** `conversation.item.create`: add an item after `previous_item_id` (or at the end). */
export const ConversationItemCreateEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('conversation.item.create'),
  item: ConversationItemSchema,
  previous_item_id: z.string().nullish(),
});

/** `conversation.item.retrieve`: ask for the server's copy of an item (with audio). */
export const ConversationItemRetrieveEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('conversation.item.retrieve'),
  item_id: z.string(),
});

/** `conversation.item.truncate`: cut an assistant audio item at what the user actually heard. */
export const ConversationItemTruncateEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('conversation.item.truncate'),
  item_id: z.string(),
  content_index: z.number(),
  audio_end_ms: z.number(),
});

/** `conversation.item.delete`: remove an item from the conversation. */
export const ConversationItemDeleteEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('conversation.item.delete'),
  item_id: z.string(),
});

/** `response.create`: ask the model to respond, optionally with per-response overrides. */
export const ResponseCreateEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('response.create'),
  response: ResponseCreateParamsSchema.optional(),
});

/** `response.cancel`: stop the active (or the given) response. */
export const ResponseCancelEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('response.cancel'),
  response_id: z.string().optional(),
});

/** `output_audio_buffer.clear` (WebRTC / SIP only): drop audio the server has buffered but not played. */
export const OutputAudioBufferClearEventSchema = z.looseObject({
  ...clientBase,
  type: z.literal('output_audio_buffer.clear'),
});

/** Schema of each GA client event, keyed by its `type`. */
export const CLIENT_EVENT_SCHEMAS = {
  'session.update': SessionUpdateEventSchema,
  'input_audio_buffer.append': InputAudioBufferAppendEventSchema,
  'input_audio_buffer.commit': InputAudioBufferCommitEventSchema,
  'input_audio_buffer.clear': InputAudioBufferClearEventSchema,
  'conversation.item.create': ConversationItemCreateEventSchema,
  'conversation.item.retrieve': ConversationItemRetrieveEventSchema,
  'conversation.item.truncate': ConversationItemTruncateEventSchema,
  'conversation.item.delete': ConversationItemDeleteEventSchema,
  'response.create': ResponseCreateEventSchema,
  'response.cancel': ResponseCancelEventSchema,
  'output_audio_buffer.clear': OutputAudioBufferClearEventSchema,
} as const;

/**
 * Any GA client event, discriminated on `type`.
 *
 * @example
 * ```ts
 * import { ClientEventSchema } from '@switchboard/core/protocol';
 *
 * const event = ClientEventSchema.parse({ type: 'response.cancel' });
 * ```
 */
export const ClientEventSchema = z.discriminatedUnion('type', [
  SessionUpdateEventSchema,
  InputAudioBufferAppendEventSchema,
  InputAudioBufferCommitEventSchema,
  InputAudioBufferClearEventSchema,
  ConversationItemCreateEventSchema,
  ConversationItemRetrieveEventSchema,
  ConversationItemTruncateEventSchema,
  ConversationItemDeleteEventSchema,
  ResponseCreateEventSchema,
  ResponseCancelEventSchema,
  OutputAudioBufferClearEventSchema,
]);

/** A GA client event (what the framework sends). */
export type ClientEvent = z.infer<typeof ClientEventSchema>;
/** The `type` of a {@link ClientEvent}. */
export type ClientEventType = ClientEvent['type'];
/**
 * The client event with the given `type`.
 *
 * @example
 * ```ts
 * import { type ClientEventOf } from '@switchboard/core';
 *
 * const create: ClientEventOf<'response.create'> = { type: 'response.create', response: { conversation: 'none' } };
 * ```
 */
export type ClientEventOf<T extends ClientEventType> = Extract<ClientEvent, { type: T }>;
