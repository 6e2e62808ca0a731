import { z } from 'zod';
import { ConversationItemSchema, ItemReferenceSchema } from './items.js';
import {
  AudioFormatSchema,
  CustomVoiceSchema,
  MaxTokensSchema,
  ModalitiesSchema,
  PromptReferenceSchema,
  ToolChoiceSchema,
  ToolDefinitionSchema,
  VoiceSchema,
} from './session.js';

/** Token usage of one response. */
export const UsageSchema = z.looseObject({
  total_tokens: z.number().optional(),
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  input_token_details: z
    .looseObject({
      audio_tokens: z.number().optional(),
      cached_tokens: z.number().optional(),
      image_tokens: z.number().optional(),
      text_tokens: z.number().optional(),
      cached_tokens_details: z
        .looseObject({
          audio_tokens: z.number().optional(),
          image_tokens: z.number().optional(),
          text_tokens: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  output_token_details: z
    .looseObject({ audio_tokens: z.number().optional(), text_tokens: z.number().optional() })
    .optional(),
});
/** See `UsageSchema`. */
export type Usage = z.infer<typeof UsageSchema>;

/** Why a response ended as it did (`turn_detected`, `client_cancelled`, ...), with an error when failed. */
export const ResponseStatusDetailsSchema = z.looseObject({
  type: z.enum(['completed', 'cancelled', 'incomplete', 'failed']).optional(),
  reason: z.string().optional(),
  error: z.looseObject({ code: z.string().optional(), type: z.string().optional() }).nullish(),
});
/** See `ResponseStatusDetailsSchema`. */
export type ResponseStatusDetails = z.infer<typeof ResponseStatusDetailsSchema>;

/** Status of a response. */
export const ResponseStatusSchema = z.enum(['completed', 'cancelled', 'failed', 'incomplete', 'in_progress']);
/** See `ResponseStatusSchema`. */
export type ResponseStatus = z.infer<typeof ResponseStatusSchema>;

/**
 * A response as `response.created` (empty output) and `response.done` (full output, usage) carry it.
 *
 * @example
 * ```ts
 * import { type RealtimeResponse, ResponseSchema } from '@switchboard/core/protocol';
 *
 * declare const raw: unknown;
 * const response: RealtimeResponse = ResponseSchema.parse(raw);
 * const calls = response.output?.filter((item) => item.type === 'function_call') ?? [];
 * ```
 */
export const ResponseSchema = z.looseObject({
  id: z.string().optional(),
  object: z.literal('realtime.response').optional(),
  status: ResponseStatusSchema.optional(),
  status_details: ResponseStatusDetailsSchema.nullish(),
  output: z.array(ConversationItemSchema).optional(),
  output_modalities: ModalitiesSchema.optional(),
  conversation_id: z.string().nullish(),
  max_output_tokens: MaxTokensSchema.optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
  usage: UsageSchema.nullish(),
  audio: z
    .looseObject({
      output: z
        .looseObject({ format: AudioFormatSchema.optional(), voice: VoiceSchema.optional() })
        .optional(),
    })
    .optional(),
});
/** See {@link ResponseSchema}. */
export type RealtimeResponse = z.infer<typeof ResponseSchema>;

/**
 * The `response` field of `response.create`: per-response overrides of the session. With
 * `conversation: 'none'` the output stays out of the conversation (match it by `metadata`);
 * `input` replaces the context with the given items or item references.
 *
 * @example
 * ```ts
 * import { type ResponseCreateParams } from '@switchboard/core';
 *
 * const params: ResponseCreateParams = {
 *   conversation: 'none',
 *   metadata: { topic: 'summary' },
 *   input: [{ type: 'item_reference', id: 'item_1' }],
 *   output_modalities: ['text'],
 * };
 * ```
 */
export const ResponseCreateParamsSchema = z.looseObject({
  instructions: z.string().optional(),
  output_modalities: ModalitiesSchema.optional(),
  tools: z.array(ToolDefinitionSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  conversation: z.string().optional(),
  input: z.array(z.union([ItemReferenceSchema, ConversationItemSchema])).optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
  max_output_tokens: MaxTokensSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  prompt: PromptReferenceSchema.nullish(),
  reasoning: z.looseObject({ effort: z.string().optional() }).optional(),
  audio: z
    .looseObject({
      output: z
        .looseObject({
          format: AudioFormatSchema.optional(),
          voice: z.union([VoiceSchema, CustomVoiceSchema]).optional(),
        })
        .optional(),
    })
    .optional(),
});
/** See {@link ResponseCreateParamsSchema}. */
export type ResponseCreateParams = z.infer<typeof ResponseCreateParamsSchema>;
