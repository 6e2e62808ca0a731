import { z } from 'zod';
import { ConversationItemSchema } from '../items.js';
import { StreamIndexSchema } from '../stream-index.js';
import { LogProbSchema, serverBase } from './common.js';

const itemEvent = {
  ...serverBase,
  item: ConversationItemSchema,
  previous_item_id: z.string().nullish(),
};

/** `conversation.item.added`: an item entered the conversation (content may still stream). */
export const ConversationItemAddedEventSchema = z.looseObject({
  ...itemEvent,
  type: z.literal('conversation.item.added'),
});

/** `conversation.item.done`: an item is complete (GA only; the beta API has no such event). */
export const ConversationItemDoneEventSchema = z.looseObject({
  ...itemEvent,
  type: z.literal('conversation.item.done'),
});

/**
 * `conversation.item.created`: the beta name of `conversation.item.added`. The GA type list still
 * includes it, so a GA connection may send it; the beta dialect maps it to `conversation.item.added`.
 */
export const ConversationItemCreatedEventSchema = z.looseObject({
  ...itemEvent,
  type: z.literal('conversation.item.created'),
});

/** `conversation.item.retrieved`: the answer to `conversation.item.retrieve`. */
export const ConversationItemRetrievedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.item.retrieved'),
  item: ConversationItemSchema,
});

/** `conversation.item.truncated`: an assistant audio item was cut at `audio_end_ms`. */
export const ConversationItemTruncatedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.item.truncated'),
  item_id: z.string(),
  content_index: StreamIndexSchema,
  audio_end_ms: z.number(),
});

/** `conversation.item.deleted`: an item left the conversation. */
export const ConversationItemDeletedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.item.deleted'),
  item_id: z.string(),
});

/** `conversation.item.input_audio_transcription.delta`: streamed transcript of user audio (high volume). */
export const InputAudioTranscriptionDeltaEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.item.input_audio_transcription.delta'),
  item_id: z.string(),
  content_index: StreamIndexSchema.optional(),
  delta: z.string().optional(),
  logprobs: z.array(LogProbSchema).nullish(),
});

/**
 * `conversation.item.input_audio_transcription.completed`: the whole transcript of a user audio part.
 * `usage` may be missing: whisper-1 transcriptions recorded on the beta API carry none.
 */
export const InputAudioTranscriptionCompletedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.item.input_audio_transcription.completed'),
  item_id: z.string(),
  content_index: StreamIndexSchema,
  transcript: z.string(),
  usage: z
    .union([
      z.looseObject({
        type: z.literal('tokens'),
        input_tokens: z.number(),
        output_tokens: z.number(),
        total_tokens: z.number(),
        input_token_details: z
          .looseObject({ audio_tokens: z.number().optional(), text_tokens: z.number().optional() })
          .optional(),
      }),
      z.looseObject({ type: z.literal('duration'), seconds: z.number() }),
    ])
    .optional(),
  logprobs: z.array(LogProbSchema).nullish(),
});

/** `conversation.item.input_audio_transcription.failed`: transcription of a user audio part failed. */
export const InputAudioTranscriptionFailedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.item.input_audio_transcription.failed'),
  item_id: z.string(),
  content_index: StreamIndexSchema,
  error: z.looseObject({
    code: z.string().nullish(),
    message: z.string().optional(),
    param: z.string().nullish(),
    type: z.string().optional(),
  }),
});

/** `conversation.item.input_audio_transcription.segment`: a diarized segment of user audio. */
export const InputAudioTranscriptionSegmentEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('conversation.item.input_audio_transcription.segment'),
  id: z.string(),
  item_id: z.string(),
  content_index: StreamIndexSchema,
  text: z.string(),
  speaker: z.string(),
  start: z.number(),
  end: z.number(),
});
