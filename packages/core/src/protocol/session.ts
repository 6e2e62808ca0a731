import { z } from 'zod';

/**
 * Voices the API documents. The API accepts other strings too (new voices appear over time), so
 * `VoiceSchema` is any string; this list is for autocompletion and documentation.
 */
export const KNOWN_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
] as const;

/** One of {@link KNOWN_VOICES}. */
export type KnownVoice = (typeof KNOWN_VOICES)[number];

/**
 * A voice name. Any string passes validation; known names autocomplete.
 */
export const VoiceSchema = z.string();
/** A voice name: a {@link KnownVoice} or any other string the API may add. */
export type Voice = KnownVoice | (string & {});

/** A custom voice referenced by id (GA `audio.output.voice: { id }`). */
export const CustomVoiceSchema = z.looseObject({ id: z.string() });

/**
 * GA audio format: `{ type: 'audio/pcm', rate: 24000 }` (PCM16 24 kHz mono), `audio/pcmu` (G.711 µ-law)
 * or `audio/pcma` (G.711 A-law). Both fields are optional on the wire.
 */
export const AudioFormatSchema = z.looseObject({
  type: z.enum(['audio/pcm', 'audio/pcmu', 'audio/pcma']).optional(),
  rate: z.number().optional(),
});
/** See `AudioFormatSchema`. */
export type AudioFormat = z.infer<typeof AudioFormatSchema>;

/** Server voice activity detection: the server splits turns on silence. */
export const ServerVadSchema = z.looseObject({
  type: z.literal('server_vad'),
  create_response: z.boolean().optional(),
  idle_timeout_ms: z.number().nullish(),
  interrupt_response: z.boolean().optional(),
  prefix_padding_ms: z.number().optional(),
  silence_duration_ms: z.number().optional(),
  threshold: z.number().optional(),
});

/** Semantic voice activity detection: a model decides when the user has finished. */
export const SemanticVadSchema = z.looseObject({
  type: z.literal('semantic_vad'),
  create_response: z.boolean().optional(),
  eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
  interrupt_response: z.boolean().optional(),
});

/**
 * Turn detection settings (`audio.input.turn_detection`); `null` on the wire turns it off.
 */
export const TurnDetectionSchema = z.discriminatedUnion('type', [ServerVadSchema, SemanticVadSchema]);
/** See `TurnDetectionSchema`. */
export type TurnDetection = z.infer<typeof TurnDetectionSchema>;

/** Input transcription settings (`audio.input.transcription`). */
export const AudioTranscriptionSchema = z.looseObject({
  delay: z.enum(['minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
  language: z.string().optional(),
  model: z.string().optional(),
  prompt: z.string().optional(),
});
/** See `AudioTranscriptionSchema`. */
export type AudioTranscription = z.infer<typeof AudioTranscriptionSchema>;

/** Input noise reduction (`audio.input.noise_reduction`); `null` turns it off. */
export const NoiseReductionSchema = z.looseObject({ type: z.enum(['near_field', 'far_field']).optional() });

/** GA `audio.input`. */
export const AudioInputConfigSchema = z.looseObject({
  format: AudioFormatSchema.optional(),
  noise_reduction: NoiseReductionSchema.nullish(),
  transcription: AudioTranscriptionSchema.nullish(),
  turn_detection: TurnDetectionSchema.nullish(),
});

/** GA `audio.output`. */
export const AudioOutputConfigSchema = z.looseObject({
  format: AudioFormatSchema.optional(),
  speed: z.number().optional(),
  voice: z.union([VoiceSchema, CustomVoiceSchema]).optional(),
});

/** GA `audio` block of a session: input and output settings. */
export const AudioConfigSchema = z.looseObject({
  input: AudioInputConfigSchema.optional(),
  output: AudioOutputConfigSchema.optional(),
});
/** See `AudioConfigSchema`. */
export type AudioConfig = z.infer<typeof AudioConfigSchema>;

/**
 * A function tool as the session and `response.create` declare it; `parameters` is a JSON Schema.
 */
export const FunctionToolDefinitionSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string(),
  description: z.string().optional(),
  parameters: z.unknown().optional(),
});
/** See `FunctionToolDefinitionSchema`. */
export type FunctionToolDefinition = z.infer<typeof FunctionToolDefinitionSchema>;

const McpToolFilterSchema = z.looseObject({
  read_only: z.boolean().optional(),
  tool_names: z.array(z.string()).optional(),
});

/** A remote MCP server the model may call tools on (`{ type: 'mcp', server_label, ... }`). */
export const McpToolDefinitionSchema = z.looseObject({
  type: z.literal('mcp'),
  server_label: z.string(),
  server_url: z.string().optional(),
  server_description: z.string().optional(),
  connector_id: z.string().optional(),
  authorization: z.string().optional(),
  headers: z.record(z.string(), z.string()).nullish(),
  allowed_tools: z.union([z.array(z.string()), McpToolFilterSchema]).nullish(),
  require_approval: z
    .union([
      z.enum(['always', 'never']),
      z.looseObject({ always: McpToolFilterSchema.optional(), never: McpToolFilterSchema.optional() }),
    ])
    .nullish(),
});
/** See `McpToolDefinitionSchema`. */
export type McpToolDefinition = z.infer<typeof McpToolDefinitionSchema>;

/** Any tool a session or response may declare: a function or an MCP server. */
export const ToolDefinitionSchema = z.discriminatedUnion('type', [
  FunctionToolDefinitionSchema,
  McpToolDefinitionSchema,
]);
/** See `ToolDefinitionSchema`. */
export type ToolDefinition = z.infer<typeof ToolDefinitionSchema>;

/**
 * How the model picks tools: `'auto' | 'none' | 'required'`, one function by name, or one MCP tool.
 */
export const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string() }),
  z.looseObject({ type: z.literal('mcp'), server_label: z.string(), name: z.string().nullish() }),
]);
/** See `ToolChoiceSchema`. */
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

/** Tracing: `'auto'` or an explicit workflow name, group id and metadata. */
export const TracingSchema = z.union([
  z.literal('auto'),
  z.looseObject({
    group_id: z.string().optional(),
    metadata: z.unknown().optional(),
    workflow_name: z.string().optional(),
  }),
]);

/** Context truncation: `'auto'`, `'disabled'`, or a retention ratio. */
export const TruncationSchema = z.union([
  z.enum(['auto', 'disabled']),
  z.looseObject({
    type: z.literal('retention_ratio'),
    retention_ratio: z.number(),
    token_limits: z.looseObject({ post_instructions: z.number().optional() }).optional(),
  }),
]);

/** A stored prompt template reference. */
export const PromptReferenceSchema = z.looseObject({
  id: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  version: z.string().nullish(),
});

/** `'inf'` or a token count, as `max_output_tokens` takes. */
export const MaxTokensSchema = z.union([z.number(), z.literal('inf')]);

/** The output modalities a response may have. */
export const ModalitiesSchema = z.array(z.enum(['text', 'audio']));

/**
 * The GA realtime session (`session.type: 'realtime'`), as sent in `session.update` and received in
 * `session.created` / `session.updated`. Every field but `type` is optional because `session.update`
 * changes only the fields present. Unknown fields are kept.
 *
 * @example
 * ```ts
 * import { type SessionConfig } from '@switchboard/core';
 *
 * const config: SessionConfig = {
 *   type: 'realtime',
 *   instructions: 'Be brief.',
 *   output_modalities: ['audio'],
 *   audio: { output: { voice: 'marin' }, input: { turn_detection: { type: 'server_vad' } } },
 * };
 * ```
 */
export const SessionConfigSchema = z.looseObject({
  type: z.literal('realtime'),
  id: z.string().optional(),
  object: z.string().optional(),
  expires_at: z.number().optional(),
  model: z.string().optional(),
  instructions: z.string().optional(),
  output_modalities: ModalitiesSchema.optional(),
  audio: AudioConfigSchema.optional(),
  tools: z.array(ToolDefinitionSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  max_output_tokens: MaxTokensSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  reasoning: z.looseObject({ effort: z.string().optional() }).optional(),
  tracing: TracingSchema.nullish(),
  truncation: TruncationSchema.optional(),
  prompt: PromptReferenceSchema.nullish(),
  include: z.array(z.string()).nullish(),
});
/** See {@link SessionConfigSchema}. */
export type SessionConfig = z.infer<typeof SessionConfigSchema>;

/**
 * The realtime session's fields, declared absent from a transcription session: a transcription
 * session has none of them, and saying so lets `event.session.tools` (and the rest) be read off
 * either kind of session typed, without narrowing on `type` first.
 */
const NOT_IN_TRANSCRIPTION = z.undefined().optional();

/**
 * A GA transcription-only session (`session.type: 'transcription'`): audio in, transcripts out, no
 * responses. Accepted in `session.update` / `session.created` / `session.updated`.
 */
export const TranscriptionSessionConfigSchema = z.looseObject({
  type: z.literal('transcription'),
  id: z.string().optional(),
  audio: z.looseObject({ input: AudioInputConfigSchema.optional(), output: NOT_IN_TRANSCRIPTION }).optional(),
  include: z.array(z.string()).nullish(),
  model: NOT_IN_TRANSCRIPTION,
  instructions: NOT_IN_TRANSCRIPTION,
  output_modalities: NOT_IN_TRANSCRIPTION,
  tools: NOT_IN_TRANSCRIPTION,
  tool_choice: NOT_IN_TRANSCRIPTION,
  max_output_tokens: NOT_IN_TRANSCRIPTION,
});
/** See `TranscriptionSessionConfigSchema`. */
export type TranscriptionSessionConfig = z.infer<typeof TranscriptionSessionConfigSchema>;

/** The `session` field of session events: a realtime or a transcription session. */
export const AnySessionConfigSchema = z.discriminatedUnion('type', [
  SessionConfigSchema,
  TranscriptionSessionConfigSchema,
]);
/** See `AnySessionConfigSchema`. */
export type AnySessionConfig = z.infer<typeof AnySessionConfigSchema>;
