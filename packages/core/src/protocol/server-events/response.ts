import { z } from 'zod';
import { ConversationItemSchema } from '../items.js';
import { ResponseSchema } from '../response.js';
import { StreamIndexSchema } from '../stream-index.js';
import { contentPartBase, responseItemBase, serverBase } from './common.js';

/** `response.created`: a response started (status `in_progress`, empty output). */
export const ResponseCreatedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('response.created'),
  response: ResponseSchema,
});

/** `response.done`: a response ended; carries the full output items, final status and usage. */
export const ResponseDoneEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('response.done'),
  response: ResponseSchema,
});

const outputItemEvent = {
  ...serverBase,
  response_id: z.string(),
  output_index: StreamIndexSchema,
  item: ConversationItemSchema,
};

/** `response.output_item.added`: a response started an output item. */
export const ResponseOutputItemAddedEventSchema = z.looseObject({
  ...outputItemEvent,
  type: z.literal('response.output_item.added'),
});

/** `response.output_item.done`: an output item is complete (a `function_call` is ready to run). */
export const ResponseOutputItemDoneEventSchema = z.looseObject({
  ...outputItemEvent,
  type: z.literal('response.output_item.done'),
});

/**
 * A content part as the `response.content_part.*` events carry it. The API types these parts
 * `text` / `audio` (the finished item calls them `output_text` / `output_audio`); both are accepted.
 */
export const StreamedContentPartSchema = z.looseObject({
  type: z.enum(['text', 'audio', 'output_text', 'output_audio']).optional(),
  text: z.string().optional(),
  audio: z.string().optional(),
  transcript: z.string().nullish(),
});

/** `response.content_part.added`: an output item got a new content part. */
export const ResponseContentPartAddedEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.content_part.added'),
  part: StreamedContentPartSchema,
});

/** `response.content_part.done`: a content part is complete. */
export const ResponseContentPartDoneEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.content_part.done'),
  part: StreamedContentPartSchema,
});

/** `response.output_text.delta` (beta `response.text.delta`): streamed text (high volume). */
export const ResponseOutputTextDeltaEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.output_text.delta'),
  delta: z.string(),
});

/** `response.output_text.done` (beta `response.text.done`): the whole text of a part. */
export const ResponseOutputTextDoneEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.output_text.done'),
  text: z.string(),
});

/** `response.output_audio.delta` (beta `response.audio.delta`): base64 audio (the highest-volume event). */
export const ResponseOutputAudioDeltaEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.output_audio.delta'),
  delta: z.string(),
});

/** `response.output_audio.done` (beta `response.audio.done`): the audio of a part is complete. */
export const ResponseOutputAudioDoneEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.output_audio.done'),
});

/** `response.output_audio_transcript.delta` (beta `response.audio_transcript.delta`): streamed transcript. */
export const ResponseOutputAudioTranscriptDeltaEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.output_audio_transcript.delta'),
  delta: z.string(),
});

/** `response.output_audio_transcript.done` (beta `response.audio_transcript.done`): the whole transcript. */
export const ResponseOutputAudioTranscriptDoneEventSchema = z.looseObject({
  ...contentPartBase,
  type: z.literal('response.output_audio_transcript.done'),
  transcript: z.string(),
});

/** `response.function_call_arguments.delta`: streamed JSON arguments of a function call. */
export const ResponseFunctionCallArgumentsDeltaEventSchema = z.looseObject({
  ...responseItemBase,
  type: z.literal('response.function_call_arguments.delta'),
  call_id: z.string(),
  delta: z.string(),
});

/**
 * `response.function_call_arguments.done`: the complete arguments, name and call id. GA always sends
 * `name`; it is optional here because the beta API (mapped through `betaDialect`) never does.
 */
export const ResponseFunctionCallArgumentsDoneEventSchema = z.looseObject({
  ...responseItemBase,
  type: z.literal('response.function_call_arguments.done'),
  call_id: z.string(),
  name: z.string().optional(),
  arguments: z.string(),
});
