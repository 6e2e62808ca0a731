import { z } from 'zod';
import * as buffers from './audio-buffers.js';
import * as conversation from './conversation.js';
import * as mcp from './mcp.js';
import * as response from './response.js';
import * as session from './session.js';

/** Schema of each GA server event, keyed by its `type` (every event of `RealtimeServerEvent`). */
export const SERVER_EVENT_SCHEMAS = {
  error: session.ErrorEventSchema,
  'session.created': session.SessionCreatedEventSchema,
  'session.updated': session.SessionUpdatedEventSchema,
  'conversation.created': session.ConversationCreatedEventSchema,
  'rate_limits.updated': session.RateLimitsUpdatedEventSchema,
  'conversation.item.added': conversation.ConversationItemAddedEventSchema,
  'conversation.item.done': conversation.ConversationItemDoneEventSchema,
  'conversation.item.created': conversation.ConversationItemCreatedEventSchema,
  'conversation.item.retrieved': conversation.ConversationItemRetrievedEventSchema,
  'conversation.item.truncated': conversation.ConversationItemTruncatedEventSchema,
  'conversation.item.deleted': conversation.ConversationItemDeletedEventSchema,
  'conversation.item.input_audio_transcription.delta': conversation.InputAudioTranscriptionDeltaEventSchema,
  'conversation.item.input_audio_transcription.completed':
    conversation.InputAudioTranscriptionCompletedEventSchema,
  'conversation.item.input_audio_transcription.failed': conversation.InputAudioTranscriptionFailedEventSchema,
  'conversation.item.input_audio_transcription.segment':
    conversation.InputAudioTranscriptionSegmentEventSchema,
  'input_audio_buffer.committed': buffers.InputAudioBufferCommittedEventSchema,
  'input_audio_buffer.cleared': buffers.InputAudioBufferClearedEventSchema,
  'input_audio_buffer.speech_started': buffers.InputAudioBufferSpeechStartedEventSchema,
  'input_audio_buffer.speech_stopped': buffers.InputAudioBufferSpeechStoppedEventSchema,
  'input_audio_buffer.timeout_triggered': buffers.InputAudioBufferTimeoutTriggeredEventSchema,
  'input_audio_buffer.dtmf_event_received': buffers.InputAudioBufferDtmfEventReceivedEventSchema,
  'output_audio_buffer.started': buffers.OutputAudioBufferStartedEventSchema,
  'output_audio_buffer.stopped': buffers.OutputAudioBufferStoppedEventSchema,
  'output_audio_buffer.cleared': buffers.OutputAudioBufferClearedEventSchema,
  'response.created': response.ResponseCreatedEventSchema,
  'response.done': response.ResponseDoneEventSchema,
  'response.output_item.added': response.ResponseOutputItemAddedEventSchema,
  'response.output_item.done': response.ResponseOutputItemDoneEventSchema,
  'response.content_part.added': response.ResponseContentPartAddedEventSchema,
  'response.content_part.done': response.ResponseContentPartDoneEventSchema,
  'response.output_text.delta': response.ResponseOutputTextDeltaEventSchema,
  'response.output_text.done': response.ResponseOutputTextDoneEventSchema,
  'response.output_audio.delta': response.ResponseOutputAudioDeltaEventSchema,
  'response.output_audio.done': response.ResponseOutputAudioDoneEventSchema,
  'response.output_audio_transcript.delta': response.ResponseOutputAudioTranscriptDeltaEventSchema,
  'response.output_audio_transcript.done': response.ResponseOutputAudioTranscriptDoneEventSchema,
  'response.function_call_arguments.delta': response.ResponseFunctionCallArgumentsDeltaEventSchema,
  'response.function_call_arguments.done': response.ResponseFunctionCallArgumentsDoneEventSchema,
  'mcp_list_tools.in_progress': mcp.McpListToolsInProgressEventSchema,
  'mcp_list_tools.completed': mcp.McpListToolsCompletedEventSchema,
  'mcp_list_tools.failed': mcp.McpListToolsFailedEventSchema,
  'response.mcp_call_arguments.delta': mcp.ResponseMcpCallArgumentsDeltaEventSchema,
  'response.mcp_call_arguments.done': mcp.ResponseMcpCallArgumentsDoneEventSchema,
  'response.mcp_call.in_progress': mcp.ResponseMcpCallInProgressEventSchema,
  'response.mcp_call.completed': mcp.ResponseMcpCallCompletedEventSchema,
  'response.mcp_call.failed': mcp.ResponseMcpCallFailedEventSchema,
} as const;

type SchemaMap = typeof SERVER_EVENT_SCHEMAS;
type SchemaList = SchemaMap[keyof SchemaMap];

/**
 * Any GA server event, discriminated on `type`. {@link parseServerEvent} is the faster, never-throwing
 * way to validate one; this schema is for composition and JSON Schema export.
 *
 * @example
 * ```ts
 * import { ServerEventSchema } from '@switchboard/core/protocol';
 *
 * declare const frame: string;
 * const result = ServerEventSchema.safeParse(JSON.parse(frame));
 * ```
 */
export const ServerEventSchema = z.discriminatedUnion(
  'type',
  Object.values(SERVER_EVENT_SCHEMAS) as unknown as [SchemaList, ...SchemaList[]],
);

/** A GA server event (what the framework receives, after dialect mapping). */
export type ServerEvent = z.infer<typeof ServerEventSchema>;
/** The `type` of a {@link ServerEvent}. */
export type ServerEventType = ServerEvent['type'];
/**
 * The server event with the given `type`.
 *
 * @example
 * ```ts
 * import { type ServerEventOf } from '@switchboard/core';
 *
 * function onDone(event: ServerEventOf<'response.done'>) {
 *   console.log(event.response.status);
 * }
 * ```
 */
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

/** Whether `type` names a GA server event this module knows. */
export function isServerEventType(type: string): type is ServerEventType {
  return Object.hasOwn(SERVER_EVENT_SCHEMAS, type);
}
